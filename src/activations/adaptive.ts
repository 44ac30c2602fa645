// Adaptive activations of Farhadi, Partovi Nia & Lodi (2019): each neuron learns a shape α > 0
// of a CDF-based activation, trained as α = e^θ. ∂f/∂α below is with respect to α itself.
import { defineElementwise } from './define.js';
import { sigmoid, softplus, timesVanishing } from './math.js';
import { logRemainderSeries } from './soft-exponential.js';
import type { ParamSpec, Params } from './types.js';

const alphaSpec = (description: string, testValues: number[]): ParamSpec => ({
  name: 'alpha',
  description,
  default: 1,
  min: 0,
  max: Infinity,
  minOpen: true,
  learnable: true,
  reparam: 'exp',
  testValues,
});

// Adaptive Gumbel, with y = α·eˣ, u = 1 + y, s = ln u and t = ln y = x + ln α. Below y = 1 the
// forms use y itself, not t: rounding x + ln α would put an α-dependent error of ulp(x)·σ into the
// far left tail (σ ≈ eˣ there), where the true dependence on α is only of order e^{2x}.
/** s/α = ln(1 + αeˣ)/α: eˣ·log1p(y)/y for y < 1 (exact in the tail), softplus(t)/α above. */
function gumbelExponent(x: number, alpha: number): number {
  const y = alpha * Math.exp(x);
  if (y < 1) return y === 0 ? Math.exp(x) : Math.exp(x) * (Math.log1p(y) / y);
  return softplus(x + Math.log(alpha)) / alpha;
}

/** σ = 1 − u^(−1/α) = −expm1(−s/α). */
function gumbel(x: number, p: Params): number {
  return -Math.expm1(-gumbelExponent(x, p[0]));
}

/**
 * ∂σ/∂x = eˣ·u^(−1/α−1) = exp(x − (1 + 1/α)s). For y ≥ 1, s = t + log1p(e^{−t}) is expanded so
 * that x − (1 + 1/α)t = −t/α − ln α: no ∞ − ∞ at x = ∞, no cancellation for large x.
 */
function gumbelDx(x: number, p: Params): number {
  const alpha = p[0];
  const power = 1 + 1 / alpha;
  const y = alpha * Math.exp(x);
  if (y < 1) return Math.exp(x - power * Math.log1p(y));
  const logAlpha = Math.log(alpha);
  const t = x + logAlpha;
  return Math.exp(-t / alpha - logAlpha - power * Math.log1p(Math.exp(-t)));
}

/**
 * ∂σ/∂α = −u^(−1/α)·φ(y)/α² with φ(y) = ln(1 + y) − y/(1 + y) (the paper's eˣ/(αu) − ln(u)/α²,
 * rearranged). For y < 0.1, φ/α² = e^{2x}ψ(y), free of the cancellation inside φ.
 */
function gumbelDalpha(x: number, p: Params): number {
  const alpha = p[0];
  const tail = Math.exp(-gumbelExponent(x, alpha));
  const y = alpha * Math.exp(x);
  if (y < 0.1) return -tail * Math.exp(2 * x) * logRemainderSeries(y);
  // Once u^(−1/α) underflows the product is 0, also at x = ∞ where φ is ∞.
  if (tail === 0) return 0;
  const t = x + Math.log(alpha);
  return -tail * ((softplus(t) - sigmoid(t)) / alpha / alpha);
}

/**
 * adaptiveGumbel: σ_α(x) = 1 − (1 + α eˣ)^(−1/α), α > 0. α = 1 is the logistic sigmoid, α → 0 the
 * Gumbel CDF 1 − exp(−eˣ). ∂σ/∂x = eˣ(1 + αeˣ)^(−1/α−1); ∂σ/∂α with respect to α (not θ = ln α).
 */
export const adaptiveGumbel = defineElementwise({
  name: 'adaptiveGumbel',
  aliases: ['adaptive_gumbel', 'AGumb', 'AGumbel'],
  description: 'Sigmoid-like CDF whose learned α > 0 skews it from logistic (α = 1) toward the Gumbel CDF (α → 0).',
  formula: '1 − (1 + α·eˣ)^(−1/α)',
  tex: String.raw`1 - \left(1 + \alpha e^{x}\right)^{-1/\alpha}`,
  reference: 'Farhadi, Partovi Nia & Lodi 2019, "Activation Adaptation in Neural Networks" (DS4DM-2019-001)',
  family: 'learnable',
  params: [
    alphaSpec('Shape, > 0, trained as α = e^θ (the paper’s advice). 1 gives the logistic sigmoid (the initial value).', [
      1e-3, 0.1, 0.5, 1, 2, 10, 1e3,
    ]),
  ],
  notes:
    'Computed as −expm1(−softplus(x + ln α)/α), derivatives in log space, so no overflow for any x or α. ' +
    'dfdp is ∂σ/∂α; a layer training θ = ln α multiplies it by α.',
  kinks: () => [],
  // No lengthScale: the bend of softplus(x + ln α) keeps a width of about 1 for every α.
  ref: {
    f: gumbel,
    dfdx: gumbelDx,
    dfdp: [gumbelDalpha],
  },
});

// Adaptive ReLU for x > 0, with the decay e^{−αx}; everything is 0 for x ≤ 0.
/** f = x(1 − e^{−αx}) = −x·expm1(−αx). */
function adaptiveReluValue(x: number, p: Params): number {
  if (!(x > 0)) return x !== x ? x : 0;
  return -x * Math.expm1(-p[0] * x);
}

/** ∂f/∂x = 1 − e^{−αx} + αx·e^{−αx}; the last term is 0 once the decay underflows (no ∞·0 at x = ∞). */
function adaptiveReluDx(x: number, p: Params): number {
  if (!(x > 0)) return x !== x ? x : 0;
  const ax = p[0] * x;
  return -Math.expm1(-ax) + timesVanishing(ax, Math.exp(-ax));
}

/** ∂f/∂α = x²e^{−αx}, multiplied as x·(x·decay) so x² cannot overflow before the decay underflows. */
function adaptiveReluDalpha(x: number, p: Params): number {
  if (!(x > 0)) return x !== x ? x : 0;
  return timesVanishing(x, timesVanishing(x, Math.exp(-p[0] * x)));
}

/**
 * adaptiveRelu: x(1 − e^{−αx}) for x > 0, 0 otherwise, α > 0: ReLU with the step replaced by the
 * exponential CDF; α → ∞ gives ReLU. ∂f/∂x = 1 − e^{−αx} + αxe^{−αx}, ∂f/∂α = x²e^{−αx}, 0 for x ≤ 0.
 */
export const adaptiveRelu = defineElementwise({
  name: 'adaptiveRelu',
  aliases: ['adaptive_relu', 'AReLU', 'adaptiveReLU'],
  description: 'Smooth ReLU x·(1 − e^{−αx}) whose learned α > 0 sets the smoothness; α → ∞ is ReLU.',
  formula: 'x·(1 − e^{−αx}) if x > 0, 0 otherwise',
  tex: String.raw`\begin{cases} x \left(1 - e^{-\alpha x}\right) & x > 0 \\ 0 & \text{otherwise} \end{cases}`,
  reference: 'Farhadi, Partovi Nia & Lodi 2019, "Activation Adaptation in Neural Networks" (DS4DM-2019-001)',
  family: 'learnable',
  params: [
    alphaSpec('Sharpness, > 0, trained as α = e^θ; the bend has width about 1/α. Initial 1.', [1e-3, 0.1, 0.5, 1, 2, 10, 1e3]),
  ],
  notes:
    'f, ∂f/∂x and ∂f/∂α are 0 for x ≤ 0 and continuous at 0 (f ≈ αx² there); 0 is listed as a kink because the second ' +
    'derivative jumps. With the logistic CDF in place of the exponential one the same construction is Swish (α = 1: SiLU), ' +
    'which is not zero for x < 0. dfdp is ∂f/∂α; a layer training θ = ln α multiplies it by α.',
  kinks: () => [0],
  lengthScale: (p) => 1 / p[0],
  ref: {
    f: adaptiveReluValue,
    dfdx: adaptiveReluDx,
    dfdp: [adaptiveReluDalpha],
  },
});
