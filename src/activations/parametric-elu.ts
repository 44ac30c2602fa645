// Parametric ELU (Trottier, Giguère & Chaib-draa 2017): an ELU whose positive slope a/b and negative saturation −a
// are learned, a, b > 0 (both trained as e^θ). The slope a/b is the same on both sides of 0, so f is C¹ for all a, b.
import { defineElementwise } from './define.js';
import { timesVanishing } from './math.js';
import type { Params } from './types.js';

/** (a/b)·x for x ≥ 0, a·(e^(x/b) − 1) for x < 0 (NaN falls to the second branch and stays NaN). */
function peluValue(x: number, p: Params): number {
  const a = p[0], b = p[1];
  return x >= 0 ? (a / b) * x : a * Math.expm1(x / b);
}

/** a/b for x ≥ 0, (a/b)·e^(x/b) for x < 0: equal at 0. */
function peluDx(x: number, p: Params): number {
  const a = p[0], b = p[1];
  return x >= 0 ? a / b : (a / b) * Math.exp(x / b);
}

/** ∂f/∂a = x/b for x ≥ 0, e^(x/b) − 1 for x < 0. */
function peluDa(x: number, p: Params): number {
  return x >= 0 ? x / p[1] : Math.expm1(x / p[1]);
}

/** ∂f/∂b = −(a/b)·u for x ≥ 0 and −(a/b)·u·eᵘ for x < 0, u = x/b; u·eᵘ is 0 once eᵘ underflows (x = −∞ too). */
function peluDb(x: number, p: Params): number {
  const a = p[0], b = p[1];
  const u = x / b;
  return x >= 0 ? -(a / b) * u : -(a / b) * timesVanishing(u, Math.exp(u));
}

const positiveSpec = (name: string, description: string) => ({
  name,
  description,
  default: 1,
  min: 0,
  max: Infinity,
  minOpen: true,
  learnable: true,
  reparam: 'exp' as const,
  testValues: [1e-3, 0.1, 0.5, 1, 2, 10, 1e3],
});

/** pelu: (a/b)·x for x ≥ 0, a·(e^(x/b) − 1) for x < 0, a, b > 0. a = b = 1 is elu. */
export const pelu = defineElementwise({
  name: 'pelu',
  aliases: ['PELU', 'parametricElu'],
  description: 'Parametric ELU: learned slope a/b for x ≥ 0 and saturation −a with width b for x < 0; a = b = 1 is ELU.',
  formula: '(a/b)·x if x ≥ 0, a·(e^(x/b) − 1) otherwise',
  tex: String.raw`\begin{cases} \frac{a}{b}\, x & x \ge 0 \\ a \left(e^{x/b} - 1\right) & x < 0 \end{cases}`,
  reference: 'Trottier, Giguère & Chaib-draa 2017, "Parametric Exponential Linear Unit for Deep Convolutional Neural Networks" (ICMLA)',
  family: 'learnable',
  params: [
    positiveSpec('a', 'Scale, > 0, trained as a = e^θ: saturation −a for x → −∞ and slope a/b for x ≥ 0. Initial 1.'),
    positiveSpec('b', 'Width of the negative side, > 0, trained as b = e^θ: slope a/b for x ≥ 0. Initial 1.'),
  ],
  notes:
    'The paper keeps a, b ≥ 0.1 by clipping after each update; here both are trained as e^θ, which keeps them > 0. ' +
    "f' = a/b from both sides of 0, so f is C¹; 0 is a kink for finite differences because f'' jumps. dfdp is ∂f/∂a, ∂f/∂b.",
  kinks: () => [0],
  lengthScale: (p) => p[1],
  ref: { f: peluValue, dfdx: peluDx, dfdp: [peluDa, peluDb] },
});
