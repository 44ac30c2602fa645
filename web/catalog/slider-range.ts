// The window a parameter's slider covers: its valid range where that is finite, else a window around the default
// (an infinite bound cannot be a slider's end). Open bounds are kept out by one step.
import type { ParamSpec } from 'actlab';

export interface SliderRange {
  lo: number;
  hi: number;
  step: number;
}

/** Steps per slider: fine enough for a smooth curve, coarse enough for arrow keys to move visibly. */
const STEPS = 1000;

/** A round number at least `v` (1, 2, 5 × a power of ten). */
function niceCeil(v: number): number {
  const power = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * power >= v) ?? 10) * power;
}

/** The finite window [lo, hi] before open bounds are stepped over: around the default where the range is infinite. */
function window(p: ParamSpec): [number, number] {
  const d = p.default;
  const finiteMin = Number.isFinite(p.min);
  const finiteMax = Number.isFinite(p.max);
  if (finiteMin && finiteMax) return [p.min, p.max];
  if (finiteMin) return [p.min, p.min + niceCeil(Math.max(1, 4 * (d - p.min)))];
  if (finiteMax) return [p.max - niceCeil(Math.max(1, 4 * (p.max - d))), p.max];
  const half = Math.max(2, 2 * Math.abs(d));
  return [Math.floor(d - half), Math.ceil(d + half)];
}

/** The slider for `p`, widened to hold `value` (a value typed or restored from a link may lie outside the window). */
export function sliderRange(p: ParamSpec, value: number = p.default): SliderRange {
  let [lo, hi] = window(p);
  lo = Math.min(lo, value);
  hi = Math.max(hi, value);
  const step = (hi - lo) / STEPS;
  if (p.minOpen && lo === p.min) lo += step;
  if (p.maxOpen && hi === p.max) hi -= step;
  return { lo, hi, step };
}

/** True when `value` lies in the parameter's valid range, open bounds excluded. */
export function inValidRange(p: ParamSpec, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const aboveMin = p.minOpen ? value > p.min : value >= p.min;
  const belowMax = p.maxOpen ? value < p.max : value <= p.max;
  return aboveMin && belowMax;
}

/** The valid range in interval notation, ∞ for infinite bounds: "(0, ∞)", "[0, 1]". */
export function rangeText(p: ParamSpec): string {
  const bound = (v: number) => (v === Infinity ? '∞' : v === -Infinity ? '−∞' : String(v));
  const open = p.minOpen || p.min === -Infinity ? '(' : '[';
  const close = p.maxOpen || p.max === Infinity ? ')' : ']';
  return `${open}${bound(p.min)}, ${bound(p.max)}${close}`;
}

/** A slider position as a short number (4 significant digits), kept inside the valid range. */
export function roundedValue(p: ParamSpec, v: number): number {
  const r = Number(v.toPrecision(4));
  return inValidRange(p, r) ? r : v;
}
