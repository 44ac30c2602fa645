// Periodic activations. They have no limit at ±∞, so NaN there is the honest value, and far out
// (|ω₀x| beyond about 1e15) float64 no longer resolves their phase.
import { defineElementwise } from './define.js';

/** sine: sin(ω₀·x) (SIREN). ∂/∂x = ω₀·cos(ω₀x), ∂/∂ω₀ = x·cos(ω₀x). */
export const sine = defineElementwise({
  name: 'sine',
  aliases: ['sin', 'siren'],
  description: 'Sine with a frequency factor ω₀: the activation of SIREN networks.',
  formula: 'sin(ω₀·x)',
  tex: String.raw`\sin(\omega_0 x)`,
  reference: 'Sitzmann, Martel, Bergman, Lindell & Wetzstein 2020 (SIREN)',
  family: 'periodic',
  params: [
    {
      name: 'omega0',
      description: 'Frequency factor ω₀ > 0; SIREN uses 30 so the first layer spans many periods over inputs in [−1, 1].',
      default: 30,
      min: 0,
      max: Infinity,
      minOpen: true,
      learnable: false,
      testValues: [1e-3, 0.1, 1, 30, 100, 1e3],
    },
  ],
  notes:
    'SIREN initialisation with fan-in n: first-layer weights U(−1/n, 1/n), later layers U(−√(6/n)/ω₀, √(6/n)/ω₀), so pre-activations ω₀·Wx stay of order 1 and outputs arcsine-distributed. f(±∞) = NaN (no limit).',
  noLimitAtInfinity: true,
  lengthScale: (p) => 1 / p[0],
  kinks: () => [],
  ref: {
    f: (x, p) => Math.sin(p[0] * x),
    dfdx: (x, p) => p[0] * Math.cos(p[0] * x),
    dfdp: [(x, p) => x * Math.cos(p[0] * x)],
  },
});
