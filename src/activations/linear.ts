// Affine activations. They add no non-linearity: a network whose activations are all affine
// computes an affine map of its input, whatever its depth (flagged `affine` so the trainer can warn).
import { defineElementwise } from './define.js';

/** c·x with c = 0 giving 0 (not NaN) at x = ±∞: f is then identically 0. */
const scaled = (c: number, x: number) => (c === 0 && Math.abs(x) === Infinity ? 0 : c * x);

/** linear: c·x. ∂/∂x = c, ∂/∂c = x. */
export const linear = defineElementwise({
  name: 'linear',
  aliases: ['identity'],
  description: "Identity scaled by a fixed factor c (Keras' 'linear' is c = 1).",
  formula: 'c·x',
  tex: String.raw`c \, x`,
  reference: "Keras activations.linear; PyTorch nn.Identity",
  family: 'linear',
  params: [
    {
      name: 'c',
      description: 'Fixed scale; 1 gives the identity.',
      default: 1,
      min: -Infinity,
      max: Infinity,
      learnable: false,
      testValues: [-1e3, -1, 0, 1e-3, 1, 2, 1e3],
    },
  ],
  notes: 'No non-linearity: layers joined by it compose to one affine map. ∂f/∂c = x.',
  affine: true,
  kinks: () => [],
  ref: {
    f: (x, p) => scaled(p[0], x),
    dfdx: (x, p) => (x !== x ? x : p[0]),
    dfdp: [(x) => x],
  },
});

/** learnableLinear: k0 + k1·x, both learned. ∂/∂x = k1, ∂/∂k0 = 1, ∂/∂k1 = x. */
export const learnableLinear = defineElementwise({
  name: 'learnableLinear',
  aliases: ['learnable_linear'],
  description: 'Affine map k0 + k1·x with both coefficients learned (seed 002).',
  formula: 'k0 + k1·x',
  tex: String.raw`k_0 + k_1 x`,
  reference: 'Seed 002 (custom TensorFlow layer g(x) = k0 + k1·x)',
  family: 'learnable',
  params: [
    {
      name: 'k0',
      description: 'Learned offset; initial 0.5 as in seed 002.',
      default: 0.5,
      min: -Infinity,
      max: Infinity,
      learnable: true,
      testValues: [-1e3, -1, 0, 0.5, 1, 1e3],
    },
    {
      name: 'k1',
      description: 'Learned slope; initial 1 as in seed 002.',
      default: 1,
      min: -Infinity,
      max: Infinity,
      learnable: true,
      testValues: [-1e3, -1, 0, 1e-3, 1, 2, 1e3],
    },
  ],
  notes:
    'A network whose activations are all affine is itself affine, a linear model: 784-128-64-10 with it collapses to softmax regression (about 92 % on MNIST, see science.md), however k0, k1 train.',
  affine: true,
  kinks: () => [],
  ref: {
    f: (x, p) => p[0] + scaled(p[1], x),
    dfdx: (x, p) => (x !== x ? x : p[1]),
    dfdp: [(x) => (x !== x ? x : 1), (x) => x],
  },
});
