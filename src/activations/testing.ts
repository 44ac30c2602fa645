// Numerical checks shared by the catalog tests: the gradient check per parameter vector, and float32 kernels against
// the float64 reference.
import { checkGradients, SPECIAL_X } from './gradient-check.js';
import { linspace } from './math.js';
import type { ElementwiseActivation, ElementwiseKernels, Params } from './types.js';

export { linspace, SPECIAL_X };

/**
 * Parameter vectors to check: the defaults, then each parameter through its test values. Of a group (a vector
 * parameter) only the first member is swept: its members play the same part, and every vector checks all of them.
 */
export function parameterSweep(a: ElementwiseActivation): number[][] {
  const defaults = a.params.map((s) => s.default);
  const out = [defaults];
  a.params.forEach((s, j) => {
    if (s.group !== undefined && a.params.findIndex((t) => t.group === s.group) !== j) return;
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

/**
 * The gradient check of ∂f/∂x and every ∂f/∂p at xs for one parameter vector, strictly relative (the catalog keeps
 * its derivatives accurate in the far tails too), as one largest error. NaN derivatives have a test of their own.
 */
export function checkReferenceDerivatives(a: ElementwiseActivation, p: Params, xs: readonly number[]): FdResult {
  const report = checkGradients(a, { params: p, xs, absoluteBelow: 0, cancellingTerms: false });
  const result: FdResult = { maxRelError: 0, worst: '', checked: 0 };
  for (const c of report.derivatives) {
    result.checked += c.checked;
    if (c.worst !== null && c.maxRelError > result.maxRelError) {
      result.maxRelError = c.maxRelError;
      result.worst = `df/d${c.variable} at x=${c.worst.x}, p=[${c.worst.params}]: ${c.worst.analytic} vs ${c.worst.numeric}`;
    }
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
