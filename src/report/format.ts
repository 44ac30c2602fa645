// Text forms of numbers, parameter ranges and parameter settings, shared by the CLI tables, the
// chart legends and the README's catalog section, so all three say the same thing the same way.
import type { Activation, ParamSpec, Params } from '../activations/types.js';

/** A number for people: ±∞ as symbols, everything else as JavaScript prints it. */
export function formatNumber(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  return String(v);
}

/**
 * The shortest decimal that reads back as the same float32 (as numpy prints float32), so a
 * kernel output 0.1f prints as "0.1", not 0.10000000149011612. ±Infinity and NaN as JS names them.
 */
export function shortestFloat32(v: number): string {
  if (!Number.isFinite(v) || v === 0) return Object.is(v, -0) ? '-0' : String(v);
  for (let digits = 1; digits < 9; digits++) {
    const s = Number(v.toPrecision(digits));
    if (Math.fround(s) === v) return String(s);
  }
  // Nine significant digits always round-trip a float32.
  return String(Number(v.toPrecision(9)));
}

/** A parameter's valid range in interval notation: "[0, ∞)"; infinite ends are always open. */
export function formatRange(s: ParamSpec): string {
  const open = s.minOpen || s.min === -Infinity ? '(' : '[';
  const close = s.maxOpen || s.max === Infinity ? ')' : ']';
  return `${open}${formatNumber(s.min)}, ${formatNumber(s.max)}${close}`;
}

/** "slope=0.01, beta=1": parameter values by name, in declaration order ("" when there are none). */
export function formatParamValues(a: Activation, values: Params): string {
  return a.params.map((s, j) => `${s.name}=${formatNumber(values[j])}`).join(', ');
}

/** "leakyRelu (slope=0.01)", or just the name for an entry without parameters. */
export function activationLabel(a: Activation, values: Params): string {
  return a.params.length === 0 ? a.name : `${a.name} (${formatParamValues(a, values)})`;
}

/**
 * A plain-text table: columns padded to their widest cell, two spaces apart; `alignRight[c]`
 * right-aligns column c (numbers). Trailing spaces are trimmed.
 */
export function formatTable(rows: readonly (readonly string[])[], alignRight: readonly boolean[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (alignRight[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
