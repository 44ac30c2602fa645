// Numerical checks shared by the catalog tests: finite differences, and float32 kernels against
// the float64 reference. Kept out of the test file so the CLI's `activations check` can reuse them.
import type { ElementwiseActivation, ElementwiseKernels, Params } from './types.js';

/** The inputs every entry is checked at, beside a uniform grid. */
export const SPECIAL_X = [0, 1e-3, 0.25, 1, Math.PI, 501, 1001.2, 13437.7, 4988429.2, 1e20].flatMap((v) =>
  v === 0 ? [0] : [v, -v],
);

export { linspace } from './math.js';

/** Parameter vectors to check: the defaults, then each parameter through its test values. */
export function parameterSweep(a: ElementwiseActivation): number[][] {
  const defaults = a.params.map((s) => s.default);
  const out = [defaults];
  a.params.forEach((s, j) => {
    for (const v of s.testValues) {
      const p = defaults.slice();
      p[j] = v;
      if ((a.validate?.(p) ?? null) === null) out.push(p);
    }
  });
  return out;
}

export interface FdResult {
  /** Largest relative error beyond the finite difference's own rounding level. */
  maxRelError: number;
  worst: string;
  checked: number;
}

const EPS = 2.220446049250313e-16;

interface FivePoint {
  d: number;
  noise: number;
  slope: number;
}

/**
 * Five-point central difference of g at t with step h: its truncation error is O(h⁴), its
 * rounding error about 1.5·eps·max|g|/h, which is returned as `noise`. `slope`, the secant over
 * the stencil, is the local scale of g' where g' itself is 0.
 */
function fivePoint(g: (t: number) => number, t: number, h: number): FivePoint {
  const f1 = g(t + h), f_1 = g(t - h), f2 = g(t + 2 * h), f_2 = g(t - 2 * h);
  const d = (8 * (f1 - f_1) - (f2 - f_2)) / (12 * h);
  const scale = Math.max(Math.abs(f1), Math.abs(f_1), Math.abs(f2), Math.abs(f_2));
  // Below 1e-300 values lose digits to underflow: their rounding is absolute, not relative.
  return { d, noise: (8 * Math.max(EPS * scale, 1e-300)) / h, slope: Math.abs(f2 - f_2) / (4 * h) };
}

/**
 * Smallest relative error of `analytic` against five-point differences with steps h, h/4, …, h/4⁷
 * (down to `floor`): truncation error falls as h⁴ where f varies on a scale shorter than h (the
 * exponential tails), rounding error grows as 1/h; a wrong derivative disagrees at every step.
 */
function bestRelError(analytic: number, g: (t: number) => number, t: number, h: number, floor: number): number {
  let best = Infinity;
  for (let step = h, k = 0; k < 8 && step >= floor && best > 0; step /= 4, k++) {
    const fd = fivePoint(g, t, step);
    if (Number.isFinite(fd.d)) best = Math.min(best, relError(analytic, fd));
  }
  return best;
}

/** Error beyond rounding, relative to the derivative, or to the secant where the derivative is 0. */
function relError(analytic: number, fd: FivePoint): number {
  const diff = Math.abs(analytic - fd.d) - fd.noise;
  if (diff <= 0) return 0;
  return diff / Math.max(Math.abs(analytic), Math.abs(fd.d), fd.slope);
}

/**
 * Checks ∂f/∂x and every ∂f/∂p of the reference against finite differences at xs, for one
 * parameter vector. Points near a kink (in x, or as the parameter moves) and points where the
 * stencil leaves the finite part of f are skipped; periodic entries are checked where their
 * phase is still resolvable in float64 (|x| below 1e6 length scales).
 */
export function checkReferenceDerivatives(a: ElementwiseActivation, p: Params, xs: readonly number[]): FdResult {
  const result: FdResult = { maxRelError: 0, worst: '', checked: 0 };
  const length = a.lengthScale?.(p) ?? 1;
  const pv = Array.from(p);
  const kinks = a.kinks(p);
  const record = (err: number, what: string) => {
    result.checked++;
    if (err > result.maxRelError) {
      result.maxRelError = err;
      result.worst = what;
    }
  };
  for (const x of xs) {
    if (a.noLimitAtInfinity && Math.abs(x) > 1e6 * length) continue;
    if (!Number.isFinite(a.ref.f(x, p))) continue;
    const kinkDistance = Math.min(Infinity, ...kinks.map((k) => Math.abs(x - k)));
    let h = 1e-3 * length * (a.noLimitAtInfinity ? 1 : Math.max(1, Math.abs(x) / length));
    h = Math.min(h, kinkDistance / 3);
    if (h < 1e-9 * Math.max(1, Math.abs(x))) continue;
    const ex = bestRelError(a.ref.dfdx(x, p), (t) => a.ref.f(t, p), x, h, 1e-9 * Math.max(1, Math.abs(x)));
    if (Number.isFinite(ex)) record(ex, `df/dx at x=${x}, p=[${pv}]`);

    a.params.forEach((s, j) => {
      const pj = pv[j];
      let hp = 1e-4 * Math.max(1, Math.abs(pj));
      // Keep the stencil inside the valid range, and the kinks (which move with p) away from x.
      const room = Math.min(pj - s.min, s.max - pj);
      if (room <= 2 * hp) hp = room / 3;
      const moved = pv.slice();
      moved[j] = pj + 2 * hp;
      const above = a.kinks(moved);
      moved[j] = pj - 2 * hp;
      const below = a.kinks(moved);
      // A kink that sweeps past x while p moves across the stencil (threshold/β moves by 2hp·threshold/β²).
      const nearKink = kinks.some((k, i) => {
        const lo = Math.min(k, above[i], below[i]);
        const hi = Math.max(k, above[i], below[i]);
        return x >= lo - 3 * hp - 1e-12 && x <= hi + 3 * hp + 1e-12;
      });
      if (!(hp > 1e-12 * Math.max(1, Math.abs(pj))) || nearKink) return;
      const q = pv.slice();
      const ep = bestRelError(a.ref.dfdp[j](x, p), (t) => {
        q[j] = t;
        return a.ref.f(x, q);
      }, pj, hp, 1e-12 * Math.max(1, Math.abs(pj)));
      if (Number.isFinite(ep)) record(ep, `df/d${s.name} at x=${x}, p=[${pv}]`);
    });
  }
  return result;
}

export interface KernelResult {
  maxValueError: number;
  maxDerivativeError: number;
  worst: string;
}

/** True where a finite float64 value beyond the float32 range came out as the infinity of its sign. */
function float32Overflow(got: number, want: number): boolean {
  return Math.abs(want) > 3.4e38 && got === Math.sign(want) * Infinity;
}

/** |got − want| measured against tol·(1 + |want|); float32 overflow of a finite float64 value counts as exact. */
function scaledError(got: number, want: number): number {
  if (got === want) return 0;
  if (Number.isNaN(got) !== Number.isNaN(want)) return Infinity;
  if (float32Overflow(got, want)) return 0;
  return Math.abs(got - want) / (1 + Math.abs(want));
}

export interface KernelCheckOptions {
  /** The kernels to check; default the entry's own (an engine's accelerated kernels, for one). */
  kernels?: ElementwiseKernels;
  /** Makes the arrays the kernels see (e.g. views into an engine's memory); default new Float32Array. */
  alloc?: (length: number) => Float32Array;
}

/** Float32 copy of `values` in an array from `alloc`. */
function filled(alloc: (length: number) => Float32Array, values: ArrayLike<number>): Float32Array {
  const a = alloc(values.length);
  a.set(values);
  return a;
}

/**
 * Runs the float32 kernels at xs with per-slot parameters (period = slots.length) and compares
 * values, ∂L/∂x and the accumulated ∂L/∂p with the float64 reference evaluated at the same
 * float32 inputs. dy is a fixed pattern of signs and magnitudes so accumulation is exercised.
 */
export function checkKernels(a: ElementwiseActivation, slots: readonly Params[], xs: readonly number[], options: KernelCheckOptions = {}): KernelResult {
  const { kernels = a.kernels, alloc = (length: number) => new Float32Array(length) } = options;
  const n = xs.length;
  const period = slots.length;
  const x = filled(alloc, xs);
  const dy = filled(alloc, Array.from(xs, (_, i) => ((i % 5) - 2) * 0.75 + 0.1));
  const y = filled(alloc, new Float32Array(n));
  const dx = filled(alloc, new Float32Array(n));
  const p = a.params.map((_, j) => filled(alloc, Array.from(slots, (s) => s[j])));
  const dp = a.params.map(() => filled(alloc, new Float32Array(period)));
  kernels.forward(x, y, p, period, n);
  kernels.backward(x, dy, dx, p, dp, period, n);
  const result: KernelResult = { maxValueError: 0, maxDerivativeError: 0, worst: '' };
  const slot32 = slots.map((s) => Array.from(s, Math.fround));
  const wantDp = a.params.map(() => new Float64Array(period));
  const absDp = a.params.map(() => new Float64Array(period));
  for (let i = 0; i < n; i++) {
    const ps = slot32[i % period];
    const xi = x[i];
    const ev = scaledError(y[i], a.ref.f(xi, ps));
    if (ev > result.maxValueError) {
      result.maxValueError = ev;
      result.worst = `value at x=${xi}, p=[${ps}]`;
    }
    const ed = scaledError(dx[i], Math.fround(dy[i]) * a.ref.dfdx(xi, ps));
    if (ed > result.maxDerivativeError) {
      result.maxDerivativeError = ed;
      result.worst = `df/dx at x=${xi}, p=[${ps}]`;
    }
    a.params.forEach((_, j) => {
      const term = dy[i] === 0 ? 0 : dy[i] * a.ref.dfdp[j](xi, ps);
      wantDp[j][i % period] += term;
      absDp[j][i % period] += Math.abs(term);
    });
  }
  a.params.forEach((s, j) => {
    for (let k = 0; k < period; k++) {
      if (!Number.isFinite(wantDp[j][k]) || float32Overflow(dp[j][k], wantDp[j][k])) continue;
      // Float32 accumulation of many terms: the error scales with the sum of their magnitudes.
      const e = Math.abs(dp[j][k] - wantDp[j][k]) / (1 + absDp[j][k]);
      if (e > result.maxDerivativeError) {
        result.maxDerivativeError = e;
        result.worst = `accumulated d/d${s.name} in slot ${k}`;
      }
    }
  });
  return result;
}
