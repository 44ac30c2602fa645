// Soft-exponential (Godfrey & Gashler 2015): one learnable α moves f from logarithmic (α < 0)
// through the identity (α = 0) to exponential (α > 0). Near α = 0 and near the log's pole the
// closed forms cancel or divide by tiny numbers, so each branch uses a series or expm1/log1p form.
import { defineElementwise } from './define.js';
import type { ParamSpec, Params } from './types.js';

/** Smallest argument of the log for α < 0: below it the argument is clamped, so f stays finite. */
export const LOG_ARGUMENT_FLOOR = 1e-6;

/** Σ c[i]·z^i by Horner's rule. */
function polynomial(c: readonly number[], z: number): number {
  let sum = 0;
  for (let i = c.length - 1; i >= 0; i--) sum = sum * z + c[i];
  return sum;
}

// ((z − 1)e^z + 1)/z² = Σ_{m≥2} (m − 1)/m!·z^{m−2}; 12 terms reach float64 precision for |z| < 0.1.
const EXP_CURVATURE_SERIES = Array.from({ length: 12 }, (_, i) => {
  let factorial = 1;
  for (let k = 2; k <= i + 2; k++) factorial *= k;
  return (i + 1) / factorial;
});

// (log1p(w) − w/(1 + w))/w² = Σ_{k≥2} (−1)^k (k − 1)/k·w^{k−2}; 18 terms suffice for |w| < 0.1.
const LOG_REMAINDER_SERIES = Array.from({ length: 18 }, (_, i) => ((i % 2 === 0 ? 1 : -1) * (i + 1)) / (i + 2));

/** Below this |z| (|w|) the series replace the closed forms, which cancel there. */
const SERIES_RADIUS = 0.1;

/**
 * ψ(w) = (log1p(w) − w/(1 + w))/w² for |w| < 0.1, by its series (ψ(0) = 1/2). The closed form
 * loses about log10(2/|w|) digits to cancellation, and w² underflows long before ψ·w² does.
 */
export function logRemainderSeries(w: number): number {
  return polynomial(LOG_REMAINDER_SERIES, w);
}

/** (z − 1)e^z + 1 for |z| ≥ 0.1: no cancellation on either side, no 0·∞ at z = −∞. */
function expCurvature(z: number): number {
  const ez = Math.exp(z);
  if (z > 1) return (z - 1) * ez + 1;
  return ez === 0 ? 1 : z * ez - Math.expm1(z);
}

// α > 0 (shared with the asinh variant). Writing z = αx:
/** f = (e^z − 1)/α + α, summed in the order that keeps the x-dependent part's rounding relative to f. */
function expBranch(x: number, alpha: number): number {
  const z = alpha * x;
  // e^z < 1/2: e^z + (α² − 1) rounds no worse than expm1(z) + α² and is exact at α = 1 (f = eˣ).
  if (z < -Math.LN2) return (Math.exp(z) + (alpha - 1) * (alpha + 1)) / alpha;
  return Math.expm1(z) / alpha + alpha;
}

/** ∂f/∂α = 1 + x²·g(z), g(z) = ((z − 1)e^z + 1)/z²; far from 0 as ((z − 1)e^z + 1)/α², dividing twice so α² cannot underflow. */
function expBranchDalpha(x: number, alpha: number): number {
  const z = alpha * x;
  if (Math.abs(z) < SERIES_RADIUS) return 1 + x * x * polynomial(EXP_CURVATURE_SERIES, z);
  return 1 + expCurvature(z) / alpha / alpha;
}

// α < 0, with s = x + α, w = −α·s and the log's argument u = 1 + w = 1 − α(x + α).
/** The log's argument u, as (1 − α)(1 + α) − αx: exact at α = −1 (u = x), and relatively accurate near the pole. */
function logArgument(x: number, alpha: number): number {
  return (1 - alpha) * (1 + alpha) - alpha * x;
}

/** ln u: log1p(w) near u = 1, where it keeps the digits of small w; ln u elsewhere. */
function logOfArgument(x: number, alpha: number, u: number): number {
  const w = -alpha * (x + alpha);
  return Math.abs(w) < 0.5 ? Math.log1p(w) : Math.log(u);
}

/** f = −ln(u)/α, with u clamped at ε: the constant −ln(ε)/α below the clamp point. */
function logBranch(x: number, alpha: number): number {
  const u = logArgument(x, alpha);
  if (u < LOG_ARGUMENT_FLOOR) return -Math.log(LOG_ARGUMENT_FLOOR) / alpha;
  return -logOfArgument(x, alpha, u) / alpha;
}

/** ∂f/∂x = 1/u, 0 where u is clamped. */
function logBranchDx(x: number, alpha: number): number {
  const u = logArgument(x, alpha);
  return u < LOG_ARGUMENT_FLOOR ? 0 : 1 / u;
}

/**
 * ∂f/∂α = φ(w)/α² + 1/u with φ(w) = ln(u) − w/u = w²ψ(w): near w = 0 it is s²ψ(w) + 1/u,
 * which neither cancels nor underflows for tiny α. Where u is clamped, ∂f/∂α = ln(ε)/α².
 */
function logBranchDalpha(x: number, alpha: number): number {
  const u = logArgument(x, alpha);
  if (u < LOG_ARGUMENT_FLOOR) return Math.log(LOG_ARGUMENT_FLOOR) / alpha / alpha;
  const s = x + alpha;
  const w = -alpha * s;
  if (Math.abs(w) < SERIES_RADIUS) return s * s * logRemainderSeries(w) + 1 / u;
  // w/u → 1 as u → ∞ (x = ∞), where IEEE would give ∞/∞.
  const remainder = logOfArgument(x, alpha, u) - (u === Infinity ? 1 : w / u);
  return remainder / alpha / alpha + 1 / u;
}

/** x where the log's argument reaches ε, for α < 0: f has a kink there (the clamp). */
function clampPoint(alpha: number): number {
  return (1 - LOG_ARGUMENT_FLOOR) / alpha - alpha;
}

const alphaSpec = (description: string, testValues: number[]): ParamSpec => ({
  name: 'alpha',
  description,
  default: 1,
  min: -Infinity,
  max: Infinity,
  learnable: true,
  testValues,
});

/**
 * What training at α > 0 does: seeds 1–10 of `actlab train --activation softExponential --seed S --epochs 3|10
 * --threads 1` on 9301217 (MNIST 784-128-64-10, Adam 1e-3, batch 32), plus --act-lr 0 | --lr 5e-4 |
 * --model dense:128,bn,dense:64,bn; ReLU: --activation relu. src/experiments/softexp-mnist.ts tells the whole story.
 */
const TRAINING_NOTE =
  'For α > 0, float32 overflows once αx passes ln(3.4e38) ≈ 88.7 (∂f/∂α from about 84). At the training defaults ' +
  '(α = 1 per neuron, i.e. eˣ; mlp:128,64, Adam 1e-3, batch 32) 10 of 10 MNIST seeds overflow in epoch 1 or 2, in the ' +
  'second hidden layer: rare inputs push its αx past 10, gradient norms jump from about 3 to 1e9 and beyond, and Adam ' +
  'turns each such shock into full-size steps of every weight. α is not the cause (it stays within 0.82–1.09, and ' +
  'frozen at 1 the runs overflow as well), so no --act-lr helps; a lower --lr or initial α only delays it (--lr 5e-4: 0 of 10 in 3 epochs, 6 of 10 in 10). Batch norm before ' +
  'the activation (--model dense:128,bn,dense:64,bn) bounds a training batch’s normalised pre-activations by √(n − 1) ' +
  'and keeps f exact: 0 of 10 seeds overflow in 10 epochs, 97.7 % test accuracy (ReLU without it: 97.6 %).';

/** What the trainer says where a network uses soft-exponential without batch norm before it. */
const OVERFLOW_ADVICE =
  'soft-exponential with α > 0 grows as e^(αx) and overflows float32 past αx ≈ 88.7; put batch norm before it ' +
  "(--model dense:128,bn,dense:64,bn): at the defaults without it 10 of 10 MNIST seeds diverge, with it 0 of 10 (see the catalog's notes)";

/** The exponential side's scale 1/α where it is shorter than 1. */
const lengthScale = (p: Params) => 1 / Math.max(1, Math.abs(p[0]));

/**
 * softExponential: −ln(1 − α(x + α))/α for α < 0, x for α = 0, (e^{αx} − 1)/α + α for α > 0.
 * ∂/∂α is continuous at α = 0 (1 + x²/2); for α < 0 the log's argument is clamped at 1e-6.
 */
export const softExponential = defineElementwise({
  name: 'softExponential',
  aliases: ['soft_exponential', 'softExp', 'SoftExponential'],
  description: 'Learnable continuum from logarithmic (α < 0) through identity (α = 0) to exponential (α > 0).',
  formula: '−ln(1 − α(x + α))/α if α < 0, x if α = 0, (e^{αx} − 1)/α + α if α > 0',
  tex: String.raw`\begin{cases} -\frac{\ln(1 - \alpha (x + \alpha))}{\alpha} & \alpha < 0 \\ x & \alpha = 0 \\ \frac{e^{\alpha x} - 1}{\alpha} + \alpha & \alpha > 0 \end{cases}`,
  reference: 'Godfrey & Gashler 2015, arXiv:1602.01321',
  family: 'learnable',
  params: [
    alphaSpec(
      'Shape: < 0 logarithmic, 0 identity, > 0 exponential; f(1, x) = eˣ, f(−1, x) = ln x. Initial 1 as the seed repo ' +
        '(eˣ at the start: see the notes for training it without overflow); 0 starts from the identity and still learns (∂f/∂α = 1 + x²/2).',
      // Not 0 nor 1e-4: near α = 0, f varies in α on the scale 1/|x| (αx is what matters), which the shared
      // checks' parameter steps (1e-4 down to 1e-4/64) cannot resolve at x = −1e20 or 4988429.2. α = 0 is
      // tested in soft-exponential.test.ts instead.
      [-2, -1, -0.5, -1e-3, -1e-4, 1e-3, 0.5, 1, 2],
    ),
  ],
  notes:
    'f and ∂f/∂α are continuous across α = 0 (∂f/∂α = 1 + x²/2 there; ∂²f/∂α² jumps). For α < 0 the log is undefined ' +
    'where u = 1 − α(x + α) ≤ 0: u is clamped at ε = 1e-6, so f = −ln(ε)/α, ∂f/∂x = 0, ∂f/∂α = ln(ε)/α² below the ' +
    'clamp point x = (1 − ε)/α − α (a kink; derivatives there are the unclamped side, as torch.clamp). ' +
    TRAINING_NOTE,
  overflowAdvice: OVERFLOW_ADVICE,
  kinks: (p) => (p[0] < 0 ? [clampPoint(p[0])] : []),
  // For α < 0 the log needs u = 1 − α(x + α) > 0, that is x > 1/α − α.
  domain: (p) => [p[0] < 0 ? 1 / p[0] - p[0] : -Infinity, Infinity],
  lengthScale,
  ref: {
    f: (x, p) => (p[0] > 0 ? expBranch(x, p[0]) : p[0] < 0 ? logBranch(x, p[0]) : x),
    dfdx: (x, p) => (x !== x ? x : p[0] > 0 ? Math.exp(p[0] * x) : p[0] < 0 ? logBranchDx(x, p[0]) : 1),
    dfdp: [(x, p) => (p[0] > 0 ? expBranchDalpha(x, p[0]) : p[0] < 0 ? logBranchDalpha(x, p[0]) : 1 + (x * x) / 2)],
  },
});

// α < 0 side of the asinh variant, v = 1 − α(x + α) (any real: asinh needs no clamp).
function asinhBranch(x: number, alpha: number): number {
  return -Math.asinh(1 - alpha * (x + alpha)) / alpha;
}

/** ∂/∂x = 1/√(1 + v²) (hypot: no overflow of v²). */
function asinhBranchDx(x: number, alpha: number): number {
  return 1 / Math.hypot(1, 1 - alpha * (x + alpha));
}

/** ∂/∂α = asinh(v)/α² + (x + 2α)/(α√(1 + v²)); at x = ±∞ the first term wins (±∞). */
function asinhBranchDalpha(x: number, alpha: number): number {
  if (x === Infinity || x === -Infinity) return x;
  const v = 1 - alpha * (x + alpha);
  return Math.asinh(v) / alpha / alpha + (x + 2 * alpha) / (alpha * Math.hypot(1, v));
}

/**
 * softExponentialAsinh: the Keras issue 3842 variant, −asinh(1 − α(x + α))/α for α < 0 (else as
 * softExponential). A different function: f(−0.01, 0) = 88.13 (true −0.01); it jumps at α = 0.
 */
export const softExponentialAsinh = defineElementwise({
  name: 'softExponentialAsinh',
  aliases: ['soft_exponential_asinh', 'softExpAsinh'],
  description: 'Soft-exponential with asinh in place of ln for α < 0 (Keras issue 3842): defined everywhere, but not the paper’s function.',
  formula: '−asinh(1 − α(x + α))/α if α < 0, x if α = 0, (e^{αx} − 1)/α + α if α > 0',
  tex: String.raw`\begin{cases} -\frac{\operatorname{asinh}(1 - \alpha (x + \alpha))}{\alpha} & \alpha < 0 \\ x & \alpha = 0 \\ \frac{e^{\alpha x} - 1}{\alpha} + \alpha & \alpha > 0 \end{cases}`,
  reference: 'keras-team/keras issue 3842 (used by seed 000’s repo); Godfrey & Gashler 2015 for α ≥ 0',
  family: 'learnable',
  params: [
    alphaSpec(
      'Shape; for α ≥ 0 as softExponential. For α < 0 f(α, x) = asinh(1 − α(x + α))/|α|, which grows like 0.88/|α| as α → 0⁻.',
      // No value within 2e-4 of 0: the parameter's finite differences would straddle the jump at α = 0.
      [-2, -1, -0.5, -0.01, 0.01, 0.5, 1, 2],
    ),
  ],
  notes:
    'NOT the paper’s soft-exponential for α < 0: f(−1, x) = asinh x, not ln x; at α → 0⁻ f ≈ asinh(1)/|α| (88.13 at ' +
    'α = −0.01, x = 0, where the true value is −0.01) with slope 1/√2 ≈ 0.707, then jumps to x at α = 0, so no gradient ' +
    'step should cross α = 0. Kept only to reproduce seed 000; prefer softExponential. For α > 0 it is softExponential, ' +
    'overflow in training included (see its notes).',
  kinks: () => [],
  lengthScale,
  ref: {
    f: (x, p) => (p[0] > 0 ? expBranch(x, p[0]) : p[0] < 0 ? asinhBranch(x, p[0]) : x),
    dfdx: (x, p) => (x !== x ? x : p[0] > 0 ? Math.exp(p[0] * x) : p[0] < 0 ? asinhBranchDx(x, p[0]) : 1),
    dfdp: [(x, p) => (p[0] > 0 ? expBranchDalpha(x, p[0]) : p[0] < 0 ? asinhBranchDalpha(x, p[0]) : 1 + (x * x) / 2)],
  },
});
