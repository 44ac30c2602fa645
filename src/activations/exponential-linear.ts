// Exponential linear units: the identity for x > 0 and a scaled expm1 for x ≤ 0, so the output
// saturates at a negative value instead of cutting off. At x = 0 the derivative is the one of the
// x ≤ 0 branch, as in PyTorch (elu_backward tests x ≤ 0) and JAX (where(x > 0, …)).
import { defineElementwise } from './define.js';
import type { Params } from './types.js';

const none: ReadonlyArray<(x: number, p: Params) => number> = [];

/**
 * SELU's constants (Klambauer et al. 2017), chosen so activations keep mean 0 and variance 1:
 * α = 1.6732632423543772848170429916717 and scale = 1.0507009873554804934193349852946, rounded to double.
 */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

/** x for x > 0, α·(eˣ − 1) otherwise. */
const eluValue = (x: number, alpha: number) => (x > 0 ? x : alpha * Math.expm1(x));

/** 1 for x > 0, α·eˣ for x ≤ 0 (so α at 0). */
const eluSlope = (x: number, alpha: number) => (x > 0 ? 1 : alpha * Math.exp(x));

/**
 * e^u − 1 − u·e^u, the ∂/∂α of α·(e^(x/α) − 1) with u = x/α. Its terms cancel to −u²/2 near 0,
 * so small |u| uses the series −Σ_{k≥2} (k − 1)·u^k/k!; far left it tends to −1 (also at u = −∞).
 */
function celuAlphaSlope(u: number): number {
  if (Math.abs(u) < 0.1) {
    let power = u; // u^k/k!, starting at k = 1
    let sum = 0;
    for (let k = 2; k <= 12; k++) {
      power *= u / k;
      sum -= (k - 1) * power;
    }
    return sum;
  }
  const eu = Math.exp(u);
  return eu === 0 ? -1 : Math.expm1(u) - u * eu;
}

/** elu: x for x > 0, α·(eˣ − 1) otherwise. ∂/∂x = 1 for x > 0, α·eˣ for x ≤ 0 (elu'(0) = α, PyTorch). */
export const elu = defineElementwise({
  name: 'elu',
  aliases: ['ELU'],
  description: 'Exponential linear unit: identity for x > 0, saturating at −α for x → −∞.',
  formula: 'x if x > 0, α·(eˣ − 1) otherwise',
  tex: String.raw`\begin{cases} x & x > 0 \\ \alpha \left(e^{x} - 1\right) & \text{otherwise} \end{cases}`,
  reference: 'Clevert, Unterthiner & Hochreiter 2016',
  family: 'exponential-linear',
  params: [
    {
      name: 'alpha',
      description: 'Negative saturation value −α. PyTorch, Keras, TF.js and JAX all default to 1.',
      default: 1,
      min: 0,
      max: Infinity,
      learnable: false,
      testValues: [0, 1e-3, 0.5, 1, 2, 1e3],
    },
  ],
  notes: "elu'(0) = α, the x ≤ 0 branch (PyTorch, JAX); only α = 1 makes elu C¹. ∂f/∂α = eˣ − 1 for x ≤ 0, 0 otherwise.",
  kinks: () => [0],
  ref: {
    f: (x, p) => eluValue(x, p[0]),
    dfdx: (x, p) => eluSlope(x, p[0]),
    dfdp: [(x) => (x > 0 ? 0 : Math.expm1(x))],
  },
});

/** celu: max(0, x) + min(0, α·(e^(x/α) − 1)), α > 0. ∂/∂x = 1 for x > 0, e^(x/α) for x ≤ 0 (1 at 0). */
export const celu = defineElementwise({
  name: 'celu',
  aliases: ['CELU'],
  description: 'Continuously differentiable ELU: slope 1 at 0 for every α, saturating at −α.',
  formula: 'max(0, x) + min(0, α·(e^(x/α) − 1))',
  tex: String.raw`\max(0, x) + \min\left(0, \alpha \left(e^{x/\alpha} - 1\right)\right)`,
  reference: 'Barron 2017 (Continuously Differentiable Exponential Linear Units)',
  family: 'exponential-linear',
  params: [
    {
      name: 'alpha',
      description: 'Negative saturation value −α and the x-scale of the negative side; greater than 0. Default 1 (PyTorch, JAX).',
      default: 1,
      min: 0,
      max: Infinity,
      minOpen: true,
      learnable: false,
      testValues: [1e-3, 0.05, 0.5, 1, 3, 1e3],
    },
  ],
  notes: "celu'(0) = 1 from both sides (PyTorch, JAX); the second derivative jumps there, so 0 is a kink for finite differences. ∂f/∂α = e^u − 1 − u·e^u with u = x/α for x ≤ 0 (a series near u = 0), 0 otherwise.",
  kinks: () => [0],
  lengthScale: (p) => p[0],
  ref: {
    f: (x, p) => (x > 0 ? x : p[0] * Math.expm1(x / p[0])),
    dfdx: (x, p) => (x > 0 ? 1 : Math.exp(x / p[0])),
    dfdp: [(x, p) => (x > 0 ? 0 : celuAlphaSlope(x / p[0]))],
  },
});

/** selu: scale·elu(x; α) with SELU_ALPHA, SELU_SCALE. ∂/∂x = scale for x > 0, scale·α·eˣ for x ≤ 0 (selu'(0) = scale·α). */
export const selu = defineElementwise({
  name: 'selu',
  aliases: ['SELU'],
  description: 'Scaled ELU with the self-normalising constants α ≈ 1.6733, scale ≈ 1.0507.',
  formula: 'scale·(x if x > 0, α·(eˣ − 1) otherwise)',
  tex: String.raw`\mathit{scale} \cdot \begin{cases} x & x > 0 \\ \alpha \left(e^{x} - 1\right) & \text{otherwise} \end{cases}`,
  reference: 'Klambauer, Unterthiner, Mayr & Hochreiter 2017 (Self-Normalizing Neural Networks)',
  family: 'exponential-linear',
  params: [],
  notes: "α = 1.6732632423543772848170429916717 and scale = 1.0507009873554804934193349852946 are fixed; selu'(0) = scale·α ≈ 1.7581, the x ≤ 0 branch (PyTorch, JAX).",
  kinks: () => [0],
  ref: {
    f: (x) => SELU_SCALE * eluValue(x, SELU_ALPHA),
    dfdx: (x) => SELU_SCALE * eluSlope(x, SELU_ALPHA),
    dfdp: none,
  },
});
