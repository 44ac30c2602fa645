// Padé activation units (Molina, Schramowski & Kersting 2020): a learned rational function P(x)/Q(x) of degrees
// (m, n) per slot, with a "safe" denominator that never reaches 0. Groups p (p0..pm) and q (q1..qn).
import { defineElementwise } from './define.js';
import { FIT_TARGETS, fitRational } from './rational-fit.js';
import { DENOMINATOR_FLOOR, evaluateRational, rationalPoint, rationalValue, realRoots, type RationalPoint, type SafeVersion } from './rational-math.js';
import type { ElementwiseActivation, ElementwiseKernels, ParamSpec, Params } from './types.js';

export interface PauOptions {
  numeratorDegree: number;
  denominatorDegree: number;
  version: SafeVersion;
  /** A FIT_TARGETS name: the function the initial coefficients approximate. */
  init: string;
}

/** The catalog's pau: degrees (5, 4) and version B, the paper's safe PAU, starting as leaky ReLU (their default too). */
export const PAU_DEFAULTS: PauOptions = { numeratorDegree: 5, denominatorDegree: 4, version: 'B', init: 'leakyRelu' };

const DENOMINATOR_TEXT: Record<SafeVersion, string> = {
  A: '1 + Σ|q_k·x^k|',
  B: '1 + |Σ q_k·x^k|',
  C: '0.1 + |Σ q_k·x^k|',
};
const DENOMINATOR_TEX: Record<SafeVersion, string> = {
  A: String.raw`1 + \sum \left|q_k x^k\right|`,
  B: String.raw`1 + \left|\sum q_k x^k\right|`,
  C: String.raw`0.1 + \left|\sum q_k x^k\right|`,
};

/**
 * The coefficients' specs. Their defaults are the fit, computed at the first read of any of them (tens of ms):
 * loading the catalog, or training another activation, does not pay for it.
 */
function coefficientSpecs(m: number, n: number, fitted: () => readonly number[], init: string): ParamSpec[] {
  const spec = (name: string, group: string, index: number, testValues: number[], what: string): ParamSpec => ({
    name,
    group,
    description: `${what}; initially from the least-squares fit to ${init} on [−3, 3].`,
    get default() {
      return fitted()[index];
    },
    min: -Infinity,
    max: Infinity,
    learnable: true,
    testValues,
  });
  return [
    ...Array.from({ length: m + 1 }, (_, j) => spec(`p${j}`, 'p', j, [-1, -0.1, 0, 0.1, 3], `Numerator coefficient of x^${j}`)),
    ...Array.from({ length: n }, (_, k) => spec(`q${k + 1}`, 'q', m + 1 + k, [-2, -0.5, 0, 0.5, 2], `Denominator coefficient of x^${k + 1}`)),
  ];
}

/** Float32 kernels: slot by slot, the slot's coefficients copied to float64 once, then down its column of values. */
function pauKernels(m: number, n: number, version: SafeVersion): ElementwiseKernels {
  const coefficients = new Float64Array(m + n + 1);
  const at: RationalPoint = rationalPoint(m, n);
  const absolute = version === 'A', floor = DENOMINATOR_FLOOR[version];
  const sums = new Float64Array(m + n + 1);
  const load = (p: readonly Float32Array[], k: number) => {
    for (let j = 0; j <= m + n; j++) coefficients[j] = p[j][k];
  };
  /** evaluateNear's formulas on the loaded coefficients, into `at`: the kernels' hot path, kept monomorphic. */
  const directDerivatives = (xi: number) => {
    let num = 0, dnum = 0;
    for (let j = m; j >= 0; j--) {
      dnum = dnum * xi + num;
      num = num * xi + coefficients[j];
    }
    const z = absolute ? Math.abs(xi) : xi;
    let s = 0, ds = 0;
    for (let j = m + n; j > m; j--) {
      ds = ds * z + s;
      s = s * z + (absolute ? Math.abs(coefficients[j]) : coefficients[j]);
    }
    ds = ds * z + s;
    s *= z;
    const sign = s > 0 ? 1 : s < 0 ? -1 : 0;
    const den = floor + (absolute ? s : sign * s);
    const dden = absolute ? (xi > 0 ? ds : xi < 0 ? -ds : 0) : sign * ds;
    const f = num / den;
    at.f = f;
    at.dfdx = (dnum - f * dden) / den;
    let power = 1;
    for (let j = 0; j <= m; j++, power *= xi) at.dp[j] = power / den;
    power = xi;
    for (let j = 1; j <= n; j++, power *= xi) {
      const c = coefficients[m + j];
      const dq = absolute ? (c > 0 ? 1 : c < 0 ? -1 : 0) * Math.abs(power) : sign * power;
      at.dq[j - 1] = (-f * dq) / den;
    }
  };
  return {
    forward(x, y, p, period, count) {
      for (let k = 0; k < period; k++) {
        load(p, k);
        for (let i = k; i < count; i += period) {
          const xi = x[i];
          // Direct Horner where x^(m+n) cannot overflow; the 1/x form (rationalValue) beyond, and for ±∞.
          if (!(Math.abs(xi) < 1e15)) {
            y[i] = rationalValue(xi, version, coefficients, 0, m, coefficients, m + 1, n);
            continue;
          }
          let num = 0, s = 0;
          for (let j = m; j >= 0; j--) num = num * xi + coefficients[j];
          const z = absolute ? Math.abs(xi) : xi;
          for (let j = m + n; j > m; j--) s = (s + (absolute ? Math.abs(coefficients[j]) : coefficients[j])) * z;
          y[i] = num / (floor + Math.abs(s));
        }
      }
    },
    backward(x, dy, dx, p, dp, period, count) {
      for (let k = 0; k < period; k++) {
        load(p, k);
        // The slot's parameter gradients are summed in float64 down its column, then added to dp once.
        sums.fill(0);
        for (let i = k; i < count; i += period) {
          const xi = x[i], g = dy[i];
          if (Math.abs(xi) < 1e15) directDerivatives(xi);
          else evaluateRational(xi, version, coefficients, 0, m, coefficients, m + 1, n, at);
          dx[i] = g * at.dfdx;
          if (g === 0) continue;
          for (let j = 0; j <= m; j++) sums[j] += g * at.dp[j];
          for (let j = 1; j <= n; j++) sums[m + j] += g * at.dq[j - 1];
        }
        if (dp === null) continue;
        for (let j = 0; j <= m + n; j++) {
          const d = dp[j];
          if (d !== null) d[k] += sums[j];
        }
      }
    },
  };
}

/** The reference: one evaluation gives f and every derivative; each function reads its own. */
function pauReference(m: number, n: number, version: SafeVersion) {
  const at = rationalPoint(m, n);
  const evaluate = (x: number, p: Params) => {
    evaluateRational(x, version, p, 0, m, p, m + 1, n, at);
    return at;
  };
  return {
    f: (x: number, p: Params) => rationalValue(x, version, p, 0, m, p, m + 1, n),
    dfdx: (x: number, p: Params) => evaluate(x, p).dfdx,
    dfdp: [
      ...Array.from({ length: m + 1 }, (_, j) => (x: number, p: Params) => evaluate(x, p).dp[j]),
      ...Array.from({ length: n }, (_, k) => (x: number, p: Params) => evaluate(x, p).dq[k]),
    ],
  };
}

/** Where f has a kink: 0 (|x|, or the root of S = x·Σ q_k x^(k−1)) and, for B and C, the other real roots of S. */
function pauKinks(m: number, n: number, version: SafeVersion) {
  // The gradient check asks for the kinks at every point and parameter, mostly for a few q: the last ones are kept.
  const recent: { q: Float64Array; kinks: number[] }[] = [];
  const same = (a: Float64Array, p: Params) => a.every((v, k) => v === p[m + 1 + k]);
  return (p: Params): number[] => {
    if (version === 'A') return [0];
    let hit = recent.find((r) => same(r.q, p));
    if (hit === undefined) {
      const q = Float64Array.from({ length: n }, (_, k) => p[m + 1 + k]);
      hit = { q, kinks: [0, ...realRoots(Array.from(q))] };
      if (recent.length >= 16) recent.shift();
      recent.push(hit);
    }
    return hit.kinks.slice();
  };
}

/** A PAU entry named `name`. */
export function pauActivation(options: PauOptions, name: string): ElementwiseActivation {
  const { numeratorDegree: m, denominatorDegree: n, version, init } = options;
  const target = FIT_TARGETS[init];
  let coefficients: number[] | null = null;
  const fitted = () => (coefficients ??= fitRational(target, version, m, n).coefficients);
  return defineElementwise({
    name,
    aliases: name === 'pau' ? ['PAU', 'padeActivationUnit', 'rational'] : [],
    description: `Padé activation unit: learned rational P/Q of degrees (${m}, ${n}), safe denominator version ${version}.`,
    formula: `(Σ_{j=0..${m}} p_j·x^j) / (${DENOMINATOR_TEXT[version].replaceAll('Σ', `Σ_{k=1..${n}}`)})`,
    tex: `\\frac{\\sum_{j=0}^{${m}} p_j x^j}{${DENOMINATOR_TEX[version].replaceAll('\\sum', `\\sum_{k=1}^{${n}}`)}}`,
    reference: 'Molina, Schramowski & Kersting 2020, "Padé Activation Units: End-to-end Learning of Flexible Activation Functions in Deep Networks" (ICLR)',
    family: 'learnable',
    params: coefficientSpecs(m, n, fitted, init),
    notes:
      `Starts as a least-squares fit to ${init} on [−3, 3], computed by actlab when the defaults are first read; ` +
      'pau-M-N-V-INIT for other degrees, version (A, B, C) and start (identity, relu, leakyRelu, tanh, sigmoid, gelu, silu). ' +
      'Groups p and q hold each slot’s coefficients. For |x| > 1 it is evaluated in 1/x, so large inputs do not overflow; ' +
      'f grows as x^(m − n) far out. The |·| of the denominator has derivative 0 where its argument is 0. Version C is ' +
      '0.1 + |Σ_{k≥1} q_k·x^k| as in the later code of the PAU repository (an earlier PAU_PYTORCH_C_F also summed a constant q_0).',
    kinks: pauKinks(m, n, version),
    ref: pauReference(m, n, version),
    kernels: pauKernels(m, n, version),
  });
}

/** pau: (5, 4), version B, from leaky ReLU. */
export const pau = pauActivation(PAU_DEFAULTS, 'pau');
