// The README's catalog section, generated from the catalog metadata: one table per family, and
// the splice that puts it between its markers so the rest of the README stays hand-written.
import { activations } from '../activations/catalog.js';
import type { Activation, ParamSpec } from '../activations/types.js';
import { UsageError } from '../errors.js';
import { formatNumber, formatRange } from './format.js';

export const CATALOG_START = '<!-- catalog:start -->';
export const CATALOG_END = '<!-- catalog:end -->';

/**
 * Text as one Markdown table cell: whitespace folded to single spaces; outside `code spans`,
 * Markdown's emphasis characters escaped and `<` written as an entity; `|` escaped everywhere
 * (GitHub tables split cells on it even inside code).
 */
export function markdownCell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1 ? part.replace(/\|/g, '\\|') : part.replace(/[\\*_|<]/g, (c) => (c === '<' ? '&lt;' : `\\${c}`)),
    )
    .join('');
}

function paramCell(s: ParamSpec): string {
  const learnable = s.learnable ? (s.reparam === 'exp' ? ', learnable as e^θ' : ', learnable') : '';
  return `\`${s.name}\` = ${formatNumber(s.default)} in ${formatRange(s)}${learnable}`;
}

function tableRow(a: Activation): string {
  const cells = [
    `\`${a.name}\``,
    a.aliases.map((alias) => `\`${alias}\``).join(', ') || '—',
    markdownCell(a.formula),
    a.params.length === 0 ? '—' : a.params.map((s) => markdownCell(paramCell(s))).join('<br>'),
    markdownCell(a.kind === 'vector' ? `Row-wise (vector) function. ${a.notes}` : a.notes),
  ];
  return `| ${cells.join(' | ')} |`;
}

const byText = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

/**
 * The catalog section, markers included: an intro line, then a table per family, families and
 * entries in alphabetical order. Sorted because catalog order is not stable across loaders: Node
 * lists a module namespace's exports alphabetically, vitest in declaration order.
 */
export function catalogSection(entries: readonly Activation[] = activations): string {
  const families = [...new Set(entries.map((a) => a.family))].sort(byText);
  const sorted = [...entries].sort((a, b) => byText(a.name, b.name));
  const learnable = entries.filter((a) => a.params.some((s) => s.learnable)).length;
  const lines = [
    CATALOG_START,
    '<!-- Generated from the catalog metadata by `actlab activations readme --write README.md`; edits here are overwritten. -->',
    '',
    '## Activation catalog',
    '',
    `${entries.length} activations in ${families.length} families, ${learnable} with learnable parameters. ` +
      'Each parameter is listed with its default (the initial value when learned) and its valid range ' +
      '(square brackets include the end, round ones exclude it); "learnable as e^θ" means training updates θ ' +
      'and the parameter is e^θ, which keeps it positive. Names and aliases are case-insensitive. ' +
      '`actlab activations list` prints the same catalog; `actlab activations plot NAME --derivative --out NAME.png` draws an entry.',
  ];
  for (const family of families) {
    lines.push('', `### ${family}`, '', '| Name | Aliases | Formula | Parameters | Notes |', '| --- | --- | --- | --- | --- |');
    for (const a of sorted) if (a.family === family) lines.push(tableRow(a));
  }
  lines.push('', CATALOG_END);
  return lines.join('\n');
}

/**
 * `readme` with everything from the start marker through the end marker replaced by `section`
 * (which carries its own markers). Equal to `readme` exactly when the section is up to date.
 */
export function replaceCatalogSection(readme: string, section: string): string {
  const start = readme.indexOf(CATALOG_START);
  const end = readme.indexOf(CATALOG_END);
  const count = (marker: string) => readme.split(marker).length - 1;
  if (start < 0 || end < 0 || end < start || count(CATALOG_START) > 1 || count(CATALOG_END) > 1) {
    throw new UsageError(
      `the README must contain '${CATALOG_START}' followed by '${CATALOG_END}', once each, where the catalog belongs`,
    );
  }
  return readme.slice(0, start) + section + readme.slice(end + CATALOG_END.length);
}
