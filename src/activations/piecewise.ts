// Rectifiers and other piecewise-linear activations. Conventions at kinks follow PyTorch and JAX:
// the derivative at a kink is the one of the closed side the frameworks pick, stated per entry.
import { defineElementwise } from './define.js';
import type { Params } from './types.js';

const none: ReadonlyArray<(x: number, p: Params) => number> = [];

/** slope·x for x ≤ 0, with a zero slope giving 0 (not NaN) at x = −∞. */
const negativeSide = (x: number, slope: number) => (slope === 0 && x === -Infinity ? 0 : slope * x);

/** relu: max(0, x). ∂/∂x = 1 for x > 0, else 0 (relu'(0) = 0, as JAX, TF.js and micrograd). */
export const relu = defineElementwise({
  name: 'relu',
  aliases: ['ReLU'],
  description: 'Rectified linear unit.',
  formula: 'max(0, x)',
  tex: String.raw`\max(0, x)`,
  reference: 'Nair & Hinton 2010; Glorot, Bordes & Bengio 2011',
  family: 'rectifier',
  params: [],
  notes: "relu'(0) = 0 (JAX, TF.js, micrograd).",
  kinks: () => [0],
  ref: {
    f: (x) => Math.max(0, x),
    dfdx: (x) => (x !== x ? x : x > 0 ? 1 : 0),
    dfdp: none,
  },
});

/** leakyRelu: x for x > 0, slope·x otherwise. ∂/∂x at 0 is slope. */
export const leakyRelu = defineElementwise({
  name: 'leakyRelu',
  aliases: ['leaky_relu', 'LeakyReLU'],
  description: 'ReLU with a fixed slope for negative inputs.',
  formula: 'x if x > 0, slope·x otherwise',
  tex: String.raw`\begin{cases} x & x > 0 \\ \mathit{slope} \cdot x & \text{otherwise} \end{cases}`,
  reference: 'Maas, Hannun & Ng 2013',
  family: 'rectifier',
  params: [
    {
      name: 'slope',
      description: 'Slope for x ≤ 0. PyTorch default 0.01 (ours); Keras and TF.js use 0.3.',
      default: 0.01,
      min: 0,
      max: Infinity,
      learnable: false,
      testValues: [0, 1e-4, 0.01, 0.3, 1, 1e3],
    },
  ],
  notes: "leakyRelu'(0) = slope (left side, as PyTorch and JAX).",
  kinks: () => [0],
  ref: {
    f: (x, p) => (x > 0 ? x : negativeSide(x, p[0])),
    dfdx: (x, p) => (x !== x ? x : x > 0 ? 1 : p[0]),
    dfdp: [(x) => (x !== x ? x : x > 0 ? 0 : x)],
  },
});

/** prelu: leakyRelu whose slope is learned. ∂/∂a = x for x ≤ 0, else 0. */
export const prelu = defineElementwise({
  name: 'prelu',
  aliases: ['PReLU'],
  description: 'Parametric ReLU: the negative-side slope a is learned.',
  formula: 'x if x > 0, a·x otherwise',
  tex: String.raw`\begin{cases} x & x > 0 \\ a x & \text{otherwise} \end{cases}`,
  reference: 'He, Zhang, Ren & Sun 2015',
  family: 'learnable',
  params: [
    {
      name: 'a',
      description: 'Negative-side slope, learned. Initial 0.25 as PyTorch (Keras/TF.js 0, Flax 0.01).',
      default: 0.25,
      min: -Infinity,
      max: Infinity,
      learnable: true,
      testValues: [-10, -1, 0, 0.01, 0.25, 1, 10],
    },
  ],
  notes: "prelu'(0) = a; ∂f/∂a = x for x ≤ 0, 0 otherwise.",
  kinks: () => [0],
  ref: {
    f: (x, p) => (x > 0 ? x : negativeSide(x, p[0])),
    dfdx: (x, p) => (x !== x ? x : x > 0 ? 1 : p[0]),
    dfdp: [(x) => (x !== x ? x : x > 0 ? 0 : x)],
  },
});

/** relu6: min(max(0, x), 6). ∂/∂x = 1 on (0, 6), 0 elsewhere including both kinks (JAX). */
export const relu6 = defineElementwise({
  name: 'relu6',
  aliases: ['ReLU6'],
  description: 'ReLU capped at 6.',
  formula: 'min(max(0, x), 6)',
  tex: String.raw`\min(\max(0, x), 6)`,
  reference: 'Krizhevsky 2010; Howard et al. 2017 (MobileNets)',
  family: 'rectifier',
  params: [],
  notes: "relu6'(0) = relu6'(6) = 0 (JAX, PyTorch).",
  kinks: () => [0, 6],
  ref: {
    f: (x) => Math.min(Math.max(0, x), 6),
    dfdx: (x) => (x !== x ? x : x > 0 && x < 6 ? 1 : 0),
    dfdp: none,
  },
});

/** hardTanh: clip(x, min, max). ∂/∂x = 1 on (min, max), 0 elsewhere; ∂/∂min, ∂/∂max are the clip indicators. */
export const hardTanh = defineElementwise({
  name: 'hardTanh',
  aliases: ['hardtanh', 'Hardtanh', 'hard_tanh'],
  description: 'Linear between min and max, constant outside.',
  formula: 'min(max(x, min), max)',
  tex: String.raw`\min(\max(x, \mathit{min}), \mathit{max})`,
  reference: 'Collobert 2004; PyTorch Hardtanh',
  family: 'rectifier',
  params: [
    { name: 'min', description: 'Lower clip value.', default: -1, min: -Infinity, max: Infinity, learnable: false, testValues: [-1e3, -2, -1, -0.5, 0] },
    { name: 'max', description: 'Upper clip value (greater than min).', default: 1, min: -Infinity, max: Infinity, learnable: false, testValues: [0.5, 1, 2, 10, 1e3] },
  ],
  validate: (p) => (p[0] < p[1] ? null : `min (${p[0]}) must be less than max (${p[1]})`),
  notes: "hardTanh'(x) = 0 at x = min and x = max (PyTorch).",
  kinks: (p) => [p[0], p[1]],
  ref: {
    f: (x, p) => (x !== x ? x : Math.min(Math.max(x, p[0]), p[1])),
    dfdx: (x, p) => (x !== x ? x : x > p[0] && x < p[1] ? 1 : 0),
    dfdp: [(x, p) => (x !== x ? x : x <= p[0] ? 1 : 0), (x, p) => (x !== x ? x : x >= p[1] ? 1 : 0)],
  },
});

/** hardSigmoid: relu6(x + 3)/6. ∂/∂x = 1/6 on (−3, 3), 0 elsewhere (PyTorch, JAX). */
export const hardSigmoid = defineElementwise({
  name: 'hardSigmoid',
  aliases: ['hard_sigmoid', 'Hardsigmoid'],
  description: 'Piecewise-linear approximation of the sigmoid.',
  formula: 'min(max(x + 3, 0), 6)/6',
  tex: String.raw`\frac{\min(\max(x + 3, 0), 6)}{6}`,
  reference: 'Courbariaux et al. 2015; PyTorch Hardsigmoid, jax.nn.hard_sigmoid',
  family: 'sigmoidal',
  params: [],
  notes: "hardSigmoid'(±3) = 0 (PyTorch). Keras 2's older 0.2x + 0.5 form is not this one.",
  kinks: () => [-3, 3],
  ref: {
    f: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
    dfdx: (x) => (x !== x ? x : x > -3 && x < 3 ? 1 / 6 : 0),
    dfdp: none,
  },
});

/** hardSwish: x·relu6(x + 3)/6. ∂/∂x = 0 for x < −3, (2x + 3)/6 on [−3, 3], 1 for x > 3 (PyTorch). */
export const hardSwish = defineElementwise({
  name: 'hardSwish',
  aliases: ['hard_swish', 'Hardswish', 'hardSilu', 'hard_silu'],
  description: 'Piecewise-polynomial approximation of swish, from MobileNetV3.',
  formula: 'x·min(max(x + 3, 0), 6)/6',
  tex: String.raw`x \cdot \frac{\min(\max(x + 3, 0), 6)}{6}`,
  reference: 'Howard et al. 2019 (MobileNetV3)',
  family: 'smooth-rectifier',
  params: [],
  notes: "hardSwish'(−3) = −0.5 and hardSwish'(3) = 1.5 (PyTorch takes the inner side at both kinks).",
  kinks: () => [-3, 3],
  ref: {
    f: (x) => (x <= -3 ? 0 : (x * Math.min(x + 3, 6)) / 6),
    dfdx: (x) => (x !== x ? x : x < -3 ? 0 : x <= 3 ? (2 * x + 3) / 6 : 1),
    dfdp: none,
  },
});

/** threshold: x if x > threshold, else value. ∂/∂x = 1 above, 0 at and below; ∂/∂value = 1 at and below. */
export const threshold = defineElementwise({
  name: 'threshold',
  aliases: ['Threshold'],
  description: 'Identity above a threshold, a constant at and below it.',
  formula: 'x if x > threshold, value otherwise',
  tex: String.raw`\begin{cases} x & x > \mathit{threshold} \\ \mathit{value} & \text{otherwise} \end{cases}`,
  reference: 'PyTorch Threshold',
  family: 'rectifier',
  params: [
    { name: 'threshold', description: 'Inputs at or below it are replaced.', default: 0, min: -Infinity, max: Infinity, learnable: false, testValues: [-1e3, -1, 0, 0.5, 1e3] },
    { name: 'value', description: 'The replacement value.', default: 0, min: -Infinity, max: Infinity, learnable: false, testValues: [-1e3, -1, 0, 2, 1e3] },
  ],
  notes: 'Discontinuous at x = threshold unless value = threshold; ∂f/∂threshold is 0 almost everywhere (its delta at the jump is dropped).',
  kinks: (p) => [p[0]],
  ref: {
    f: (x, p) => (x !== x ? x : x > p[0] ? x : p[1]),
    dfdx: (x, p) => (x !== x ? x : x > p[0] ? 1 : 0),
    dfdp: [(x) => (x !== x ? x : 0), (x, p) => (x !== x ? x : x > p[0] ? 0 : 1)],
  },
});

/** softShrink: x − λ for x > λ, x + λ for x < −λ, else 0. ∂/∂x = 0 at ±λ (PyTorch). */
export const softShrink = defineElementwise({
  name: 'softShrink',
  aliases: ['softshrink', 'Softshrink', 'soft_shrink'],
  description: 'Soft thresholding: shrinks inputs toward zero by lambda.',
  formula: 'x − λ if x > λ, x + λ if x < −λ, 0 otherwise',
  tex: String.raw`\begin{cases} x - \lambda & x > \lambda \\ x + \lambda & x < -\lambda \\ 0 & \text{otherwise} \end{cases}`,
  reference: 'Donoho 1995; PyTorch Softshrink',
  family: 'shrinkage',
  params: [{ name: 'lambda', description: 'Shrinkage, at least 0.', default: 0.5, min: 0, max: Infinity, learnable: false, testValues: [0, 1e-3, 0.5, 2, 1e3] }],
  notes: "softShrink'(±λ) = 0; ∂f/∂λ = −sign(x) outside [−λ, λ], 0 inside.",
  kinks: (p) => [-p[0], p[0]],
  ref: {
    f: (x, p) => (x !== x ? x : x > p[0] ? x - p[0] : x < -p[0] ? x + p[0] : 0),
    dfdx: (x, p) => (x !== x ? x : x > p[0] || x < -p[0] ? 1 : 0),
    dfdp: [(x, p) => (x !== x ? x : x > p[0] ? -1 : x < -p[0] ? 1 : 0)],
  },
});

/** hardShrink: x if |x| > λ, else 0. ∂/∂x = 1 outside [−λ, λ], 0 inside. */
export const hardShrink = defineElementwise({
  name: 'hardShrink',
  aliases: ['hardshrink', 'Hardshrink', 'hard_shrink'],
  description: 'Hard thresholding: zeroes inputs with magnitude at most lambda.',
  formula: 'x if |x| > λ, 0 otherwise',
  tex: String.raw`\begin{cases} x & |x| > \lambda \\ 0 & \text{otherwise} \end{cases}`,
  reference: 'PyTorch Hardshrink',
  family: 'shrinkage',
  params: [{ name: 'lambda', description: 'Threshold, at least 0.', default: 0.5, min: 0, max: Infinity, learnable: false, testValues: [0, 1e-3, 0.5, 2, 1e3] }],
  notes: 'Discontinuous at ±λ; ∂f/∂λ is 0 almost everywhere (the deltas at the jumps are dropped).',
  kinks: (p) => [-p[0], p[0]],
  ref: {
    f: (x, p) => (x !== x ? x : x > p[0] || x < -p[0] ? x : 0),
    dfdx: (x, p) => (x !== x ? x : x > p[0] || x < -p[0] ? 1 : 0),
    dfdp: [(x) => (x !== x ? x : 0)],
  },
});
