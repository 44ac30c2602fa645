// A y-range that shows a set of curves without letting a spike flatten them: each curve keeps its
// values near its central band and drops the far outliers (a derivative's 1/u near a pole, say).

/** A curve's values and the quantile tail its central band leaves out on each side. */
export interface CurveValues {
  values: readonly number[];
  tail: number;
}

/** How much a whole curve may widen the range and still be shown in full (1.5: by half). */
const WHOLE_CURVE_GROWTH = 1.5;

/** The value at quantile q (0…1) of ascending `sorted`, by nearest rank. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.round(q * (sorted.length - 1))];
}

/** Ascending finite values. */
function finiteSorted(values: readonly number[]): number[] {
  return values.filter(Number.isFinite).sort((a, b) => a - b);
}

/**
 * [min, max] of a curve's finite values after dropping spikes: the band between the `tail` and
 * 1 − `tail` quantiles, widened by its own width on each side, keeps every value inside it. A smooth
 * curve (eˣ on [−5, 5]) keeps all its values; a pole's few huge samples fall outside. Null if none is finite.
 */
export function robustExtent(values: readonly number[], tail: number): [number, number] | null {
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return null;
  const lo = quantile(sorted, tail);
  const hi = quantile(sorted, 1 - tail);
  const width = hi - lo;
  const kept = sorted.filter((v) => v >= lo - width && v <= hi + width);
  return [kept[0], kept[kept.length - 1]];
}

/**
 * The y-range for the curves: the union of their robust extents, grown to hold any whole curve that
 * widens it by at most half (a derivative that is 1 on a short stretch is no spike), with a 5 % margin on
 * each side; a constant gets ±0.5·max(1, |value|), no finite value at all [−1, 1].
 */
export function robustYDomain(curves: readonly CurveValues[]): [number, number] {
  const robust = curves.map((c) => robustExtent(c.values, c.tail)).filter((e): e is [number, number] => e !== null);
  if (robust.length === 0) return [-1, 1];
  let lo = Math.min(...robust.map((e) => e[0]));
  let hi = Math.max(...robust.map((e) => e[1]));
  for (const sorted of curves.map((c) => finiteSorted(c.values)).filter((v) => v.length > 0)) {
    const [min, max] = [Math.min(lo, sorted[0]), Math.max(hi, sorted[sorted.length - 1])];
    if (max - min <= WHOLE_CURVE_GROWTH * (hi - lo)) [lo, hi] = [min, max];
  }
  const pad = hi > lo ? 0.05 * (hi - lo) : 0.5 * Math.max(1, Math.abs(lo));
  return [lo - pad, hi + pad];
}
