// Row-wise entries: the seed's worked examples, normalisation, extreme and NaN rows, the reference
// VJP against central differences of the reference, and the float32 kernels against the reference.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { getActivation } from './catalog.js';
import type { VectorActivation } from './types.js';
import { logSoftmax, softmax, softmin } from './vector.js';

const entries = [softmax, softmin, logSoftmax];

/** `count` rows of `length` values uniform in [−scale, scale]. */
function randomRows(count: number, length: number, scale: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => Array.from({ length }, () => rng.uniform(-scale, scale)));
}

/** The probabilities an entry's output stands for. */
const probabilities = (a: VectorActivation, y: number[]) => (a === logSoftmax ? y.map(Math.exp) : y);

/** Rows with overflowing spreads and infinities; the last is all −Inf (documented: uniform). */
const EXTREME_ROWS: number[][] = [
  [1e20, -1e20, 0],
  [-1e20, -1e20, -1e20],
  [3e38, -3e38, 1],
  [1e308, -1e308, 0],
  [0, 1000, -1000, 745, -745],
  [5e-324, -5e-324, 0],
  [Infinity, 1, Infinity],
  [-Infinity, 0, 1],
  [Infinity, -Infinity],
  [Infinity, -Infinity, Infinity, 0, 1e20],
  [Infinity, Infinity, Infinity],
  [-Infinity, -Infinity, -Infinity, -Infinity],
];

/** |got − want| against 1 + |want|; float32 overflow of a finite float64 value counts as exact. */
function scaledError(got: number, want: number): number {
  if (got === want) return 0;
  if (Number.isNaN(got) !== Number.isNaN(want)) return Infinity;
  if (Math.abs(want) > 3.4e38 && got === Math.sign(want) * Infinity) return 0;
  return Math.abs(got - want) / (1 + Math.abs(want));
}

/**
 * Runs the kernels on the rows (all of one length) and returns the largest scaled error of the
 * values and of dx against the reference at the same float32 inputs and upstream gradients.
 */
function kernelErrors(a: VectorActivation, rows: number[][], seed: number): { value: number; vjp: number; y: Float32Array; dx: Float32Array } {
  const rowLength = rows[0].length;
  const x = Float32Array.from(rows.flat());
  const rng = new Rng(seed);
  const dy = Float32Array.from(x, () => rng.uniform(-1, 1));
  const y = new Float32Array(x.length);
  const dx = new Float32Array(x.length);
  a.kernels.forward(x, y, rowLength, x.length);
  a.kernels.backward(y, dy, dx, rowLength, x.length);
  let value = 0;
  let vjp = 0;
  for (let start = 0; start < x.length; start += rowLength) {
    const row = Array.from(x.subarray(start, start + rowLength));
    const wantY = a.ref.f(row);
    const wantDx = a.ref.vjp(row, Array.from(dy.subarray(start, start + rowLength)));
    for (let k = 0; k < rowLength; k++) {
      value = Math.max(value, scaledError(y[start + k], wantY[k]));
      vjp = Math.max(vjp, scaledError(dx[start + k], wantDx[k]));
    }
  }
  return { value, vjp, y, dx };
}

/** The row with ±Inf replaced by ±1e300: the finite row whose result the Inf conventions claim as their limit. */
const nearInfinity = (row: number[]) => row.map((v) => (v === Infinity ? 1e300 : v === -Infinity ? -1e300 : v));

/**
 * Largest error of ref.vjp against five-point central differences of g(t) = ⟨dy, f(x with xⱼ = t)⟩,
 * beyond the differences' own rounding level, relative to the larger of the two. The rounding
 * level scales with Σ|dyᵢ·fᵢ|, not |g|: the sum may cancel.
 */
function vjpFdError(a: VectorActivation, row: number[], dy: number[]): number {
  const h = 1e-3;
  const analytic = a.ref.vjp(row, dy);
  let worst = 0;
  row.forEach((xj, j) => {
    const moved = row.slice();
    const [g1, g_1, g2, g_2] = [h, -h, 2 * h, -2 * h].map((step) => {
      moved[j] = xj + step;
      const y = a.ref.f(moved);
      return { value: y.reduce((s, v, i) => s + dy[i] * v, 0), size: y.reduce((s, v, i) => s + Math.abs(dy[i] * v), 0) };
    });
    const d = (8 * (g1.value - g_1.value) - (g2.value - g_2.value)) / (12 * h);
    const noise = (8 * 2.220446049250313e-16 * Math.max(g1.size, g_1.size, g2.size, g_2.size)) / h;
    const excess = Math.abs(analytic[j] - d) - noise;
    if (excess > 0) worst = Math.max(worst, excess / Math.max(Math.abs(analytic[j]), Math.abs(d)));
  });
  return worst;
}

describe('softmax on the seed examples', () => {
  it('gives softmax([1, 2, 3, 4, 1, 2, 3]) = [0.024, 0.064, 0.175, 0.475, 0.024, 0.064, 0.175]', () => {
    const want = [0.024, 0.064, 0.175, 0.475, 0.024, 0.064, 0.175];
    softmax.ref.f([1, 2, 3, 4, 1, 2, 3]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 3));
  });

  it('gives softmax([0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3]) = [0.125, 0.138, 0.153, 0.169, 0.125, 0.138, 0.153]', () => {
    const want = [0.125, 0.138, 0.153, 0.169, 0.125, 0.138, 0.153];
    const x = [0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3];
    softmax.ref.f(x).forEach((v, i) => expect(v).toBeCloseTo(want[i], 3));
    const y = new Float32Array(7);
    softmax.kernels.forward(Float32Array.from(x), y, 7, 7);
    y.forEach((v, i) => expect(v).toBeCloseTo(want[i], 3));
  });
});

describe('relations between the entries', () => {
  const rows = [2, 5, 17].flatMap((length) => randomRows(20, length, 8, length));

  it('softmin(x) = softmax(−x) and logSoftmax(x) = log softmax(x)', () => {
    for (const x of rows) {
      const p = softmax.ref.f(x);
      softmin.ref.f(x).forEach((v, i) => expect(v).toBeCloseTo(softmax.ref.f(x.map((t) => -t))[i], 15));
      logSoftmax.ref.f(x).forEach((v, i) => expect(v).toBeCloseTo(Math.log(p[i]), 12));
    }
  });

  it('is invariant to shifting the row (and logSoftmax shifts by nothing)', () => {
    for (const a of entries) {
      for (const x of rows) {
        const y = a.ref.f(x);
        a.ref.f(x.map((t) => t + 1e3)).forEach((v, i) => expect(v).toBeCloseTo(y[i], 10));
      }
    }
  });
});

describe.each(entries.map((a) => [a.name, a] as const))('%s', (name, a) => {
  it('is in the catalog with its metadata', () => {
    expect(getActivation(name)).toBe(a);
    for (const alias of a.aliases) expect(getActivation(alias)).toBe(a);
    expect(a.kind).toBe('vector');
    expect(a.family).toBe('vector');
    expect(a.params).toEqual([]);
    expect(a.description.length).toBeGreaterThan(5);
    expect(a.formula.length).toBeGreaterThan(0);
    expect(a.notes.length).toBeGreaterThan(0);
  });

  it('gives rows that sum to 1, extreme rows included', () => {
    const rows = [
      ...[1, 2, 10, 33].flatMap((length) => [0.01, 1, 30, 1e4].flatMap((scale) => randomRows(10, length, scale, length))),
      ...EXTREME_ROWS,
    ];
    for (const x of rows) {
      const total = probabilities(a, a.ref.f(x)).reduce((s, v) => s + v, 0);
      expect(total, `[${x}]`).toBeCloseTo(1, 12);
      const y = new Float32Array(x.length);
      a.kernels.forward(Float32Array.from(x), y, x.length, x.length);
      expect(probabilities(a, Array.from(y)).reduce((s, v) => s + v, 0), `kernel [${x}]`).toBeCloseTo(1, 5);
    }
  });

  it('gives no NaN on extreme rows, and at ±Inf the limit of ±1e300', () => {
    for (const x of EXTREME_ROWS) {
      const dy = x.map((_, i) => (i % 3) - 1.25);
      const y = a.ref.f(x);
      const dx = a.ref.vjp(x, dy);
      for (const v of [...y, ...dx]) expect(v, `[${x}]`).not.toBeNaN();
      if (x.some((v) => !Number.isFinite(v))) {
        const far = [...a.ref.f(nearInfinity(x)), ...a.ref.vjp(nearInfinity(x), dy)];
        [...y, ...dx].forEach((v, i) => {
          if (Math.abs(far[i]) > 1e200) expect(v, `[${x}] #${i}`).toBe(Math.sign(far[i]) * Infinity);
          else expect(v, `[${x}] #${i}`).toBeCloseTo(far[i], 12);
        });
      }
      const k = kernelErrors(a, [x], x.length);
      for (const v of [...k.y, ...k.dx]) expect(v, `kernel [${x}]`).not.toBeNaN();
      expect(k.value, `kernel [${x}]`).toBeLessThan(1e-5);
      expect(k.vjp, `kernel [${x}]`).toBeLessThan(2e-3);
    }
  });

  it('shares the mass among infinite maxima: an all −Inf row (all +Inf for softmin) is uniform', () => {
    const tied = a === softmin ? [Infinity, Infinity, Infinity, Infinity] : [-Infinity, -Infinity, -Infinity, -Infinity];
    const ahead = a === softmin ? [-Infinity, 1, -Infinity] : [Infinity, 1, Infinity];
    expect(probabilities(a, a.ref.f(tied))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(probabilities(a, a.ref.f(ahead))).toEqual([0.5, 0, 0.5]);
    if (a === logSoftmax) expect(a.ref.f(tied)).toEqual(Array(4).fill(-Math.log(4)));
  });

  it('propagates NaN to the whole row, from x and from dy', () => {
    for (const x of [[NaN], [1, NaN, 3], [Infinity, NaN], [-Infinity, NaN, -Infinity]]) {
      const dy = x.map(() => 0.5);
      for (const v of [...a.ref.f(x), ...a.ref.vjp(x, dy)]) expect(v, `[${x}]`).toBeNaN();
      const k = kernelErrors(a, [x], 1);
      for (const v of [...k.y, ...k.dx]) expect(v, `kernel [${x}]`).toBeNaN();
    }
    const x = [1, 2, 3];
    for (const v of a.ref.vjp(x, [0, NaN, 1])) expect(v).toBeNaN();
  });

  it('has a reference VJP that matches central differences (rel. error < 1e-6)', () => {
    const rng = new Rng(7);
    let worst = 0;
    let checked = 0;
    for (const length of [1, 2, 3, 7, 12]) {
      for (const scale of [0.1, 1, 5, 30]) {
        for (const x of randomRows(20, length, scale, 1000 * length + Math.round(10 * scale))) {
          worst = Math.max(worst, vjpFdError(a, x, x.map(() => rng.uniform(-1, 1))));
          checked += length;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(worst).toBeLessThan(1e-6);
  });

  it('has float32 kernels that match the reference on many rows of length 10', () => {
    for (const scale of [0.1, 1, 10, 100]) {
      const k = kernelErrors(a, randomRows(1000, 10, scale, Math.round(10 * scale)), 3);
      expect(k.value, `scale ${scale}`).toBeLessThan(1e-5);
      expect(k.vjp, `scale ${scale}`).toBeLessThan(2e-3);
    }
  });

  it('works on the first n elements only and rejects rows that do not fit', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const y = new Float32Array(8).fill(-7);
    a.kernels.forward(x, y, 3, 6);
    expect(Array.from(y.subarray(6))).toEqual([-7, -7]);
    expect(Array.from(y.subarray(3, 6))).toEqual(Array.from(y.subarray(0, 3)));
    expect(() => a.kernels.forward(x, y, 3, 8)).toThrow(RangeError);
    expect(() => a.kernels.backward(x, x, y, 0, 8)).toThrow(RangeError);
    expect(() => a.ref.vjp([1, 2], [1])).toThrow(RangeError);
  });
});
