// S-shaped activations: the logistic sigmoid, tanh and their relatives. Every formula is written so
// that neither tail overflows or cancels: exponentials only of −|x|, log1p and continued fractions
// where a difference of near-equal numbers would lose digits.
import { defineElementwise } from './define.js';
import { sigmoid as logistic, sigmoidDerivative as logisticSlope, softplus } from './math.js';
import type { Params } from './types.js';

const none: ReadonlyArray<(x: number, p: Params) => number> = [];

/** x − tanh x without cancellation: Lambert's continued fraction tanh x = x/(1 + q) for |x| < 1. */
function tanhShrinkValue(x: number): number {
  if (!(Math.abs(x) < 1)) return x - Math.tanh(x);
  // q = x²/(3 + x²/(5 + x²/(7 + …))), nine levels: truncation error below 1e-18 relative for |x| < 1.
  const x2 = x * x;
  let q = x2 / 19;
  for (let k = 8; k >= 1; k--) q = x2 / (2 * k + 1 + q);
  return (x * q) / (1 + q);
}

/** sigmoid: σ(x) = 1/(1 + e^(−x)). ∂/∂x = σ(x)·σ(−x), exactly 0 where it underflows (x ≤ −745). */
export const sigmoid = defineElementwise({
  name: 'sigmoid',
  aliases: ['logistic', 'Sigmoid'],
  description: 'Logistic sigmoid, squashing the real line onto (0, 1).',
  formula: '1/(1 + e^(−x))',
  tex: String.raw`\sigma(x) = \frac{1}{1 + e^{-x}}`,
  reference: 'Verhulst 1838 (logistic function); Rumelhart, Hinton & Williams 1986',
  family: 'sigmoidal',
  params: [],
  notes: "Both tails are computed from e^(−|x|), so σ and σ' never overflow or give NaN; σ'(x) underflows to exactly 0 below x ≈ −745.",
  kinks: () => [],
  ref: {
    f: logistic,
    dfdx: logisticSlope,
    dfdp: none,
  },
});

/** tanh: (eˣ − e^(−x))/(eˣ + e^(−x)). ∂/∂x = sech²x = 4·σ'(2x), accurate in both tails. */
export const tanh = defineElementwise({
  name: 'tanh',
  aliases: ['Tanh'],
  description: 'Hyperbolic tangent, squashing the real line onto (−1, 1).',
  formula: 'tanh(x)',
  tex: String.raw`\tanh(x)`,
  reference: 'LeCun, Bottou, Orr & Müller 1998 (Efficient BackProp)',
  family: 'sigmoidal',
  params: [],
  notes: "tanh'(x) = sech²x is computed as 4t/(1 + t)² with t = e^(−2|x|), not as 1 − tanh²x, which rounds to 0 beyond |x| ≈ 19.",
  kinks: () => [],
  ref: {
    f: Math.tanh,
    dfdx: (x) => 4 * logisticSlope(2 * x),
    dfdp: none,
  },
});

/** logSigmoid: log σ(x) = −softplus(−x). ∂/∂x = σ(−x). */
export const logSigmoid = defineElementwise({
  name: 'logSigmoid',
  aliases: ['log_sigmoid', 'LogSigmoid'],
  description: 'Logarithm of the logistic sigmoid: a smooth −relu(−x).',
  formula: 'log σ(x) = −log(1 + e^(−x))',
  tex: String.raw`\log \sigma(x) = -\log\left(1 + e^{-x}\right)`,
  reference: 'PyTorch LogSigmoid, jax.nn.log_sigmoid',
  family: 'sigmoidal',
  params: [],
  notes: 'Computed as min(x, 0) − log1p(e^(−|x|)): x − log1p(eˣ) for x < 0, −log1p(e^(−x)) otherwise, exact in both tails (≈ x on the left, ≈ −e^(−x) on the right).',
  kinks: () => [],
  ref: {
    f: (x) => -softplus(-x),
    dfdx: (x) => logistic(-x),
    dfdp: none,
  },
});

/** softsign: x/(1 + |x|). ∂/∂x = 1/(1 + |x|)² (1 at 0, as autograd of the formula in PyTorch). */
export const softsign = defineElementwise({
  name: 'softsign',
  aliases: ['Softsign', 'soft_sign'],
  description: 'Rational squashing onto (−1, 1) with polynomial, not exponential, tails.',
  formula: 'x/(1 + |x|)',
  tex: String.raw`\frac{x}{1 + |x|}`,
  reference: 'Bergstra et al. 2009; Glorot & Bengio 2010',
  family: 'sigmoidal',
  params: [],
  notes: "softsign is C¹ but its second derivative jumps at 0 (from 2 to −2), so 0 is listed as a kink for finite differences; softsign'(0) = 1.",
  kinks: () => [0],
  ref: {
    // ±∞/(1 + ∞) would be NaN; the limit is ±1.
    f: (x) => (Math.abs(x) === Infinity ? Math.sign(x) : x / (1 + Math.abs(x))),
    dfdx: (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))),
    dfdp: none,
  },
});

/** tanhShrink: x − tanh x. ∂/∂x = tanh²x. */
export const tanhShrink = defineElementwise({
  name: 'tanhShrink',
  aliases: ['tanhshrink', 'Tanhshrink', 'tanh_shrink'],
  description: 'Input minus its tanh: flat (cubic) near 0, slope 1 far out.',
  formula: 'x − tanh(x)',
  tex: String.raw`x - \tanh(x)`,
  reference: 'PyTorch Tanhshrink',
  family: 'shrinkage',
  params: [],
  notes: 'Near 0, x − tanh x ≈ x³/3 would cancel; for |x| < 1 it is computed from Lambert\'s continued fraction for tanh, so the relative error stays at rounding level. ∂/∂x = tanh²x has no cancellation.',
  kinks: () => [],
  ref: {
    f: tanhShrinkValue,
    dfdx: (x) => Math.tanh(x) * Math.tanh(x),
    dfdp: none,
  },
});
