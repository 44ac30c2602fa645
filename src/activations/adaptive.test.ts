import { describe, expect, it } from 'vitest';
import { adaptiveGumbel, adaptiveRelu } from './adaptive.js';
import { sigmoid, sigmoidDerivative } from './math.js';
import { linspace } from './testing.js';

const relError = (got: number, want: number) => (got === want ? 0 : Math.abs(got - want) / Math.abs(want));

// [α, x, f, ∂f/∂x, ∂f/∂α] from mpmath at 60 digits (mp.diff), rounded to the nearest double.
const GUMBEL = [
  [1, 0, 0.5, 0.25, -0.09657359027997266],
  [0.5, -2, 0.12274098684185225, 0.11119948979410336, -0.007360402386379842],
  [2, 3, 0.8441510420976027, 0.07603177925524308, -0.10683542754250779],
  [0.001, 1, 0.933768161130537, 0.17954873998705936, -0.24381122270120023],
  [1000, -5, 0.0020440444967449855, 0.0008689868690490313, -1.1729671439106235e-6],
  [1000, 5, 0.011837145192813288, 0.0009881561966631068, -1.077865191232774e-5],
  [0.1, -40, 4.248354255291589e-18, 4.248354255291589e-18, -9.024256939227075e-36],
  [2, -30, 9.357622968838861e-14, 9.357622968837548e-14, -4.378255381346758e-27],
  [0.5, 1.5, 0.9047897723524467, 0.131664025226123, -0.1844776236124327],
  [0.001, 3, 0.9999999976910744, 4.546286526355609e-8, -4.5354652533225214e-7],
  [10, 20, 0.8924993633729665, 0.010750063660487592, -0.022900414593427277],
  [0.05, -3.5, 0.02972390046842159, 0.029255627233425334, -0.00044149955010417113],
] as const;

const RELU = [
  [1, 0.5, 0.1967346701436833, 0.6967346701436833, 0.15163266492815836],
  [0.001, 50, 2.4385287749642997, 0.09633204672432169, 2378.073561251785],
  [1000, 0.002, 0.0017293294335267747, 1.1353352832366126, 5.413411329464507e-7],
  [2, 10, 9.999999979388464, 1.0000000391619188, 2.061153622438558e-7],
  [0.1, 1e-4, 9.999950000166668e-10, 1.9999850000666667e-5, 9.999900000499999e-9],
] as const;

describe.each([
  ['adaptiveGumbel', adaptiveGumbel, GUMBEL],
  ['adaptiveRelu', adaptiveRelu, RELU],
] as const)('%s', (_name, a, known) => {
  it('matches high-precision values of f, ∂f/∂x and ∂f/∂α (tails included)', () => {
    for (const [alpha, x, f, dx, da] of known) {
      const at = `α=${alpha}, x=${x}`;
      expect(relError(a.ref.f(x, [alpha]), f), `f at ${at}`).toBeLessThan(1e-14);
      expect(relError(a.ref.dfdx(x, [alpha]), dx), `∂f/∂x at ${at}`).toBeLessThan(1e-14);
      expect(relError(a.ref.dfdp[0](x, [alpha]), da), `∂f/∂α at ${at}`).toBeLessThan(1e-14);
    }
  });

  it('stays finite, without overflow or NaN, for tiny and huge α and huge |x|', () => {
    for (const alpha of [1e-300, 1e-8, 1e8, 1e300]) {
      for (const x of [-1e20, -800, -1, 0, 1, 800, 1e20]) {
        const values = [a.ref.f(x, [alpha]), a.ref.dfdx(x, [alpha]), a.ref.dfdp[0](x, [alpha])];
        for (const v of values) expect(Number.isFinite(v), `α=${alpha}, x=${x}: [${values}]`).toBe(true);
      }
    }
  });
});

describe('adaptiveGumbel', () => {
  const f = (alpha: number, x: number) => adaptiveGumbel.ref.f(x, [alpha]);

  it('is the logistic sigmoid at α = 1', () => {
    for (const x of linspace(-40, 40, 400)) {
      expect(relError(f(1, x), sigmoid(x)), `x=${x}`).toBeLessThan(1e-14);
      expect(relError(adaptiveGumbel.ref.dfdx(x, [1]), sigmoidDerivative(x)), `x=${x}`).toBeLessThan(1e-13);
    }
  });

  it('approaches the Gumbel CDF 1 − exp(−eˣ) as α → 0', () => {
    const gumbelCdf = (x: number) => -Math.expm1(-Math.exp(x));
    for (const x of linspace(-10, 3, 130)) {
      // σ_α − Gumbel is O(α·e^{2x}·e^{−eˣ}): at α = 1e-9 well below 1e-8.
      expect(Math.abs(f(1e-9, x) - gumbelCdf(x)), `x=${x}`).toBeLessThan(1e-8);
    }
  });

  it('has ∂σ/∂α equal to the paper’s u^(−1/α)·(eˣ/(αu) − ln(u)/α²) where that form is accurate, and ≤ 0 everywhere', () => {
    for (const alpha of [0.3, 1, 4]) {
      for (const x of linspace(-3, 3, 24)) {
        const u = 1 + alpha * Math.exp(x);
        const paper = u ** (-1 / alpha) * (Math.exp(x) / (alpha * u) - Math.log(u) / alpha ** 2);
        expect(Math.abs(adaptiveGumbel.ref.dfdp[0](x, [alpha]) - paper), `α=${alpha}, x=${x}`).toBeLessThan(1e-14);
      }
    }
    for (const alpha of [1e-3, 0.5, 2, 1e3]) {
      for (const x of linspace(-50, 50, 200)) expect(adaptiveGumbel.ref.dfdp[0](x, [alpha])).toBeLessThanOrEqual(0);
    }
  });
});

describe('adaptiveRelu', () => {
  const f = (alpha: number, x: number) => adaptiveRelu.ref.f(x, [alpha]);

  it('approaches ReLU as α → ∞', () => {
    for (const x of [-5, -1e-3, 0, 1e-3, 0.5, 7]) {
      expect(f(1e7, x)).toBe(Math.max(0, x));
      expect(adaptiveRelu.ref.dfdx(x, [1e7])).toBe(x > 0 ? 1 : 0);
    }
    // At a fixed α the gap to ReLU is x·e^{−αx}, largest (1/(eα)) at x = 1/α.
    for (const alpha of [1, 10, 100]) expect(Math.max(0, 1 / alpha) - f(alpha, 1 / alpha)).toBeCloseTo(1 / (Math.E * alpha), 14);
  });

  it('is 0 with zero derivatives for x ≤ 0 and C¹ at 0 (f ≈ αx²)', () => {
    for (const x of [-Infinity, -1e20, -3, -0, 0]) {
      expect(f(2, x)).toBe(0);
      expect(adaptiveRelu.ref.dfdx(x, [2])).toBe(0);
      expect(adaptiveRelu.ref.dfdp[0](x, [2])).toBe(0);
    }
    expect(relError(f(2, 1e-6), 2e-12)).toBeLessThan(1e-5);
    expect(adaptiveRelu.ref.dfdx(1e-9, [2])).toBeLessThan(1e-8);
  });

  it('has ∂f/∂α = 0 (not NaN) where e^{−αx} underflows, at x = 1e20 and x = ∞', () => {
    expect(adaptiveRelu.ref.dfdp[0](1e20, [1])).toBe(0);
    expect(adaptiveRelu.ref.dfdp[0](Infinity, [1e-3])).toBe(0);
    expect(adaptiveRelu.ref.dfdx(Infinity, [1e-3])).toBe(1);
    expect(f(1e-3, Infinity)).toBe(Infinity);
  });
});
