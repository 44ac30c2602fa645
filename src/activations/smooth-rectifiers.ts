// Smooth rectifiers: softplus and the self-gated family x·g(x) (GELU, SiLU, swish, mish). Each
// product is evaluated so that its tails are exact: the gate g vanishes at −∞, where x·g → 0
// (not ∞·0 = NaN), and the derivatives use forms that neither overflow nor cancel.
import { defineElementwise } from './define.js';
import { normalCdf, normalPdf, sigmoid, sigmoidDerivative, softplus as softplusStable, timesVanishing } from './math.js';
import type { Params } from './types.js';

const none: ReadonlyArray<(x: number, p: Params) => number> = [];

/** uσ(u) − softplus(u) = −H(σ(u)), the binary entropy in nats: even in u, so taken at −|u| where nothing cancels. */
function negativeBinaryEntropy(u: number): number {
  const a = Math.abs(u);
  const e = Math.exp(-a);
  return -(timesVanishing(a, e / (1 + e)) + Math.log1p(e));
}

/**
 * softplus: log(1 + e^{βx})/β, and x where βx > threshold (PyTorch). ∂/∂x = σ(βx) (1 on the
 * linear branch); ∂/∂β = −H(σ(βx))/β² (0 on the linear branch).
 */
export const softplus = defineElementwise({
  name: 'softplus',
  aliases: ['Softplus', 'soft_plus'],
  description: 'Smooth approximation of ReLU, log(1 + e^{βx})/β, linear above a threshold as in PyTorch.',
  formula: 'log(1 + exp(β·x))/β if β·x ≤ threshold, x otherwise',
  tex: String.raw`\begin{cases} \frac{1}{\beta} \log\left(1 + e^{\beta x}\right) & \beta x \le \mathit{threshold} \\ x & \text{otherwise} \end{cases}`,
  reference: 'Dugas et al. 2001; PyTorch Softplus',
  family: 'smooth-rectifier',
  params: [
    {
      name: 'beta',
      description: 'Sharpness: larger β is closer to ReLU. PyTorch default 1.',
      default: 1,
      min: 0,
      max: Infinity,
      minOpen: true,
      maxOpen: true,
      learnable: false,
      testValues: [1e-3, 0.1, 0.5, 1, 2, 10, 1e3],
    },
    {
      name: 'threshold',
      description: 'Above β·x = threshold f is x (PyTorch default 20); Infinity gives the exact softplus everywhere.',
      default: 20,
      min: 0,
      max: Infinity,
      learnable: false,
      testValues: [0, 1, 5, 20, 1e3, Infinity],
    },
  ],
  notes:
    'As PyTorch, f = x where βx > threshold: f jumps by log1p(e^{−threshold})/β (2.1e-9 at the defaults) at x = threshold/β, ' +
    'and both derivatives follow the branch taken (the smooth one at equality). threshold ≥ 0 here (PyTorch accepts any).',
  kinks: (p) => [p[1] / p[0]],
  lengthScale: (p) => 1 / p[0],
  ref: {
    f: (x, p) => (p[0] * x > p[1] ? x : softplusStable(p[0] * x) / p[0]),
    dfdx: (x, p) => (p[0] * x > p[1] ? 1 : sigmoid(p[0] * x)),
    dfdp: [
      (x, p) => (p[0] * x > p[1] ? 0 : negativeBinaryEntropy(p[0] * x) / (p[0] * p[0])),
      (x) => (x !== x ? x : 0),
    ],
  },
});

/** gelu: x·Φ(x) with the exact normal CDF. ∂/∂x = Φ(x) + x·φ(x). */
export const gelu = defineElementwise({
  name: 'gelu',
  aliases: ['GELU', 'geluErf', 'gelu_erf'],
  description: 'Gaussian error linear unit: x weighted by the standard normal CDF (exact, erf-based).',
  formula: 'x·Φ(x) = x·(1 + erf(x/√2))/2',
  tex: String.raw`x \, \Phi(x) = \frac{x}{2} \left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)`,
  reference: 'Hendrycks & Gimpel 2016 (arXiv 1606.08415); PyTorch GELU(approximate="none"), jax.nn.gelu(approximate=False)',
  family: 'smooth-rectifier',
  params: [],
  notes: "Exact erf form, PyTorch's default; jax.nn.gelu defaults to the tanh approximation (geluTanh here).",
  kinks: () => [],
  ref: {
    f: (x) => timesVanishing(x, normalCdf(x)),
    dfdx: (x) => normalCdf(x) + timesVanishing(x, normalPdf(x)),
    dfdp: none,
  },
});

const GELU_TANH_K = Math.sqrt(2 / Math.PI);
const GELU_TANH_C = 0.044715;

/** geluTanh: x·(1 + tanh(z))/2 = x·σ(2z), z = √(2/π)(x + 0.044715x³). ∂/∂x = σ(2z) + 2x·z'·σ'(2z). */
export const geluTanh = defineElementwise({
  name: 'geluTanh',
  aliases: ['gelu_tanh', 'gelu_new', 'geluApproximate'],
  description: 'GELU with the tanh approximation of the normal CDF (GPT-2, BERT, jax.nn.gelu default).',
  formula: '0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))',
  tex: String.raw`\frac{x}{2} \left(1 + \tanh\left(\sqrt{2/\pi} \, \left(x + 0.044715 \, x^3\right)\right)\right)`,
  reference: 'Hendrycks & Gimpel 2016; PyTorch GELU(approximate="tanh"), jax.nn.gelu(approximate=True)',
  family: 'smooth-rectifier',
  params: [],
  notes: 'Evaluated as x·σ(2z), which equals the tanh form without its cancellation for negative x; differs from gelu by at most 4.7e-4.',
  kinks: () => [],
  ref: {
    // z = kx(1 + cx²) overflows to ±∞ with the sign of x, where σ(2z) is exactly 0 or 1.
    f: (x) => timesVanishing(x, sigmoid(2 * GELU_TANH_K * x * (1 + GELU_TANH_C * x * x))),
    dfdx: (x) => {
      const z = GELU_TANH_K * x * (1 + GELU_TANH_C * x * x);
      const dz = GELU_TANH_K * (1 + 3 * GELU_TANH_C * x * x);
      return sigmoid(2 * z) + timesVanishing(2 * x * dz, sigmoidDerivative(2 * z));
    },
    dfdp: none,
  },
});

/** silu: x·σ(x). ∂/∂x = σ(x) + x·σ(x)σ(−x). */
export const silu = defineElementwise({
  name: 'silu',
  aliases: ['SiLU', 'swish1'],
  description: 'Sigmoid-weighted linear unit, x·σ(x): swish with β = 1.',
  formula: 'x·σ(x)',
  tex: String.raw`x \, \sigma(x)`,
  reference: 'Elfwing, Uchibe & Doya 2018; Hendrycks & Gimpel 2016; Ramachandran, Zoph & Le 2017 (Swish-1)',
  family: 'smooth-rectifier',
  params: [],
  notes: "jax.nn.swish and Keras 'swish' are this function (no β); swish here adds a learnable β.",
  kinks: () => [],
  ref: {
    f: (x) => timesVanishing(x, sigmoid(x)),
    dfdx: (x) => sigmoid(x) + timesVanishing(x, sigmoidDerivative(x)),
    dfdp: none,
  },
});

/** βx, with 0 (not ∞·0 = NaN) for β = 0 at x = ±∞, where swish is x/2. */
const scaledInput = (x: number, beta: number) => (beta === 0 && x === x ? 0 : beta * x);

/** swish: x·σ(βx) with β learned. ∂/∂x = σ(βx) + βx·σ'(βx); ∂/∂β = x²·σ'(βx), σ' = σ(1 − σ). */
export const swish = defineElementwise({
  name: 'swish',
  aliases: ['swish_beta', 'swishBeta'],
  description: 'x·σ(βx) with a learnable β: x/2 at β = 0, SiLU at β = 1, ReLU as β → ∞.',
  formula: 'x·σ(β·x)',
  tex: String.raw`x \, \sigma(\beta x)`,
  reference: 'Ramachandran, Zoph & Le 2017 (arXiv 1710.05941)',
  family: 'learnable',
  params: [
    {
      name: 'beta',
      description: 'Gate sharpness, learned; any real (β < 0 mirrors the gate). Initial 1 (SiLU).',
      default: 1,
      min: -Infinity,
      max: Infinity,
      learnable: true,
      testValues: [-10, -1, -1e-3, 1e-3, 0.5, 1, 2, 10, 1e3],
    },
  ],
  notes:
    'β is unconstrained (the paper sets no bound), so plain gradient steps need no projection; β = 0 is x/2 with ∂f/∂β = x²/4. ' +
    'At β = 1 it equals silu, which jax.nn.swish and Keras call swish.',
  kinks: () => [],
  lengthScale: (p) => (p[0] === 0 ? 1 : 1 / Math.abs(p[0])),
  ref: {
    f: (x, p) => timesVanishing(x, sigmoid(scaledInput(x, p[0]))),
    dfdx: (x, p) => {
      const u = scaledInput(x, p[0]);
      return sigmoid(u) + timesVanishing(u, sigmoidDerivative(u));
    },
    // x·(x·σ') rather than x²·σ': x² may overflow where σ' has already vanished.
    dfdp: [(x, p) => timesVanishing(x, timesVanishing(x, sigmoidDerivative(scaledInput(x, p[0]))))],
  },
});

/**
 * tanh(softplus(x)) = n/(n + 2) with n = eˣ(eˣ + 2), and sech²(softplus(x)) = 4(1 + eˣ)²/((1 + eˣ)² + 1)²,
 * both rewritten in w = e^{−x} for x > 0 so that nothing overflows and 1 − tanh² does not cancel.
 */
function tanhSoftplus(x: number): { tanh: number; sech2: number } {
  if (x > 0) {
    const w = Math.exp(-x);
    const q = 1 + w;
    const d = q * q + w * w;
    return { tanh: (1 + 2 * w) / (1 + 2 * w + 2 * w * w), sech2: (4 * w * w * q * q) / (d * d) };
  }
  const e = Math.exp(x);
  const q = 1 + e;
  const n = e * (e + 2);
  return { tanh: n / (n + 2), sech2: (4 * q * q) / ((q * q + 1) * (q * q + 1)) };
}

/** mish: x·tanh(softplus(x)). ∂/∂x = tanh(softplus(x)) + x·sech²(softplus(x))·σ(x). */
export const mish = defineElementwise({
  name: 'mish',
  aliases: ['Mish'],
  description: 'Self-regularised non-monotonic activation x·tanh(softplus(x)).',
  formula: 'x·tanh(log(1 + eˣ))',
  tex: String.raw`x \tanh\left(\log\left(1 + e^{x}\right)\right)`,
  reference: 'Misra 2019 (arXiv 1908.08681); PyTorch Mish',
  family: 'smooth-rectifier',
  params: [],
  notes: 'tanh(softplus(x)) is taken as a rational function of eˣ (of e^{−x} for x > 0): exact at both tails, no NaN at ±∞.',
  kinks: () => [],
  ref: {
    f: (x) => timesVanishing(x, tanhSoftplus(x).tanh),
    dfdx: (x) => {
      const t = tanhSoftplus(x);
      return t.tanh + timesVanishing(x, t.sech2 * sigmoid(x));
    },
    dfdp: none,
  },
});
