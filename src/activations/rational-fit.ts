// The initial coefficients of a Padé activation unit: a least-squares fit of P/Q to a named activation over
// [−3, 3], as Molina et al. initialise PAU (their code ships fitted coefficients; actlab computes its own).
import { evaluateRational, rationalPoint, type SafeVersion } from './rational-math.js';
import { leakyRelu, relu } from './piecewise.js';
import { sigmoid, tanh } from './sigmoidal.js';
import { gelu, silu } from './smooth-rectifiers.js';
import { linspace } from './math.js';

/** The functions a PAU can start from. */
export const FIT_TARGETS: Record<string, (x: number) => number> = {
  identity: (x) => x,
  relu: (x) => relu.ref.f(x, []),
  leakyRelu: (x) => leakyRelu.ref.f(x, [0.01]),
  tanh: (x) => tanh.ref.f(x, []),
  sigmoid: (x) => sigmoid.ref.f(x, []),
  gelu: (x) => gelu.ref.f(x, []),
  silu: (x) => silu.ref.f(x, []),
};

/** 121 points over [−3, 3]: the fit's sample. */
const FIT_X = linspace(-3, 3, 120);
const LM_ITERATIONS = 40;

/** Solves A·v = b in place (n × n, row-major) by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[pivot * n + c])) pivot = r;
    for (let k = 0; k < n; k++) [a[c * n + k], a[pivot * n + k]] = [a[pivot * n + k], a[c * n + k]];
    [b[c], b[pivot]] = [b[pivot], b[c]];
    for (let r = c + 1; r < n; r++) {
      const factor = a[r * n + c] / a[c * n + c];
      if (!Number.isFinite(factor)) continue;
      for (let k = c; k < n; k++) a[r * n + k] -= factor * a[c * n + k];
      b[r] -= factor * b[c];
    }
  }
  const v = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * v[k];
    v[r] = a[r * n + r] === 0 ? 0 : s / a[r * n + r];
  }
  return v;
}

/** Least squares min |J·v − r|² + damping·Σ diag(JᵀJ)·v², from rows of J (length width) and r. */
function leastSquares(rows: readonly Float64Array[], r: readonly number[], width: number, damping: number): Float64Array {
  const normal = new Float64Array(width * width), rhs = new Float64Array(width);
  rows.forEach((row, i) => {
    for (let a = 0; a < width; a++) {
      rhs[a] += row[a] * r[i];
      for (let b = 0; b < width; b++) normal[a * width + b] += row[a] * row[b];
    }
  });
  // A small ridge keeps the solve defined when columns are dependent (x^j and x^k on a symmetric grid).
  for (let a = 0; a < width; a++) normal[a * width + a] += damping * normal[a * width + a] + 1e-12;
  return solve(normal, rhs, width);
}

/** Sum of squared residuals of coefficients θ = [p_0..p_m, q_1..q_n]. */
function cost(theta: Float64Array, version: SafeVersion, m: number, n: number, target: (x: number) => number): number {
  const at = rationalPoint(m, n);
  let sum = 0;
  for (const x of FIT_X) {
    evaluateRational(x, version, theta, 0, m, theta, m + 1, n, at);
    sum += (at.f - target(x)) ** 2;
  }
  return sum;
}

/**
 * Coefficients [p_0..p_m, q_1..q_n] of P/Q fitted to `target` on [−3, 3]: the linearised problem
 * P(x) − g(x)·S(x) = g(x) (Q taken as 1 + S) for a start, then Levenberg–Marquardt on the safe form itself.
 */
export function fitRational(target: (x: number) => number, version: SafeVersion, m: number, n: number): { coefficients: number[]; rms: number } {
  const width = m + n + 2 - 1;
  const linearRows = FIT_X.map((x) => {
    const g = target(x);
    return Float64Array.from({ length: width }, (_, c) => (c <= m ? x ** c : -g * x ** (c - m)));
  });
  let theta = leastSquares(linearRows, FIT_X.map(target), width, 0);
  let current = cost(theta, version, m, n, target);
  let damping = 1e-3;
  const at = rationalPoint(m, n);
  for (let it = 0; it < LM_ITERATIONS; it++) {
    const rows: Float64Array[] = [], residuals: number[] = [];
    for (const x of FIT_X) {
      evaluateRational(x, version, theta, 0, m, theta, m + 1, n, at);
      rows.push(Float64Array.from([...at.dp, ...at.dq]));
      residuals.push(target(x) - at.f);
    }
    const step = leastSquares(rows, residuals, width, damping);
    const next = theta.map((v, i) => v + step[i]);
    const nextCost = cost(next, version, m, n, target);
    if (nextCost < current) {
      theta = next;
      current = nextCost;
      damping = Math.max(1e-9, damping / 3);
    } else {
      damping *= 4;
    }
  }
  return { coefficients: Array.from(theta), rms: Math.sqrt(current / FIT_X.length) };
}
