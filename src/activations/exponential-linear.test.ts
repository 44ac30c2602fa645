// Known values (mpmath at 50 digits), derivative conventions at 0 and identities of the ELU family.
import { describe, expect, it } from 'vitest';
import { SELU_ALPHA, SELU_SCALE, celu, elu, selu } from './exponential-linear.js';
import { linspace } from './testing.js';

const none: number[] = [];
const relError = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('elu', () => {
  const { f, dfdx, dfdp } = elu.ref;

  it('matches known values', () => {
    expect(relError(f(-1, [1]), -0.6321205588285577)).toBeLessThan(2e-16);
    expect(relError(f(-0.5, [2]), -0.7869386805747332)).toBeLessThan(2e-16);
    expect(f(3, [2])).toBe(3);
    expect(f(-Infinity, [2])).toBe(-2);
    expect(relError(f(-1e-10, [1]), -9.9999999995e-11)).toBeLessThan(1e-15); // expm1, not exp − 1
  });

  it("takes the x ≤ 0 branch at 0 (PyTorch, JAX): elu'(0) = α", () => {
    expect(dfdx(0, [1])).toBe(1);
    expect(dfdx(0, [0.3])).toBe(0.3);
    expect(dfdx(1e-300, [0.3])).toBe(1);
    expect(dfdp[0](0, [0.3])).toBe(0);
  });

  it("has elu' = f + α on the negative side and ∂f/∂α = f/α", () => {
    for (const x of linspace(-20, 0, 200)) {
      expect(dfdx(x, [1.5])).toBeCloseTo(f(x, [1.5]) + 1.5, 14);
      expect(dfdp[0](x, [1.5])).toBeCloseTo(f(x, [1.5]) / 1.5, 15);
    }
  });

  it('is relu at α = 0, with relu\'(0) = 0', () => {
    // == rather than Object.is: α·expm1(x) is −0 on the left.
    for (const x of [-Infinity, -3, 0, 2]) expect(f(x, [0]) === Math.max(0, x), `x = ${x}`).toBe(true);
    expect(dfdx(0, [0])).toBe(0);
  });
});

describe('celu', () => {
  const { f, dfdx, dfdp } = celu.ref;
  const known: [x: number, alpha: number, value: number, dAlpha: number][] = [
    [-1e-4, 1, -9.99950001666625e-5, -4.9996666791663335e-09],
    [-0.05, 0.5, -0.04758129098202021, -0.004678840160444469],
    [-1, 1, -0.6321205588285577, -0.2642411176571154],
    [-3, 2, -1.5537396797031402, -0.4421745996289254],
    [-0.002, 0.001, -0.0008646647167633873, -0.5939941502901619],
    [-1, 0.001, -0.001, -1],
  ];

  it('matches known values of f and ∂f/∂α, also where ∂f/∂α cancels (series branch)', () => {
    for (const [x, a, value, dAlpha] of known) {
      expect(relError(f(x, [a]), value), `f(${x}; ${a})`).toBeLessThan(1e-15);
      expect(relError(dfdp[0](x, [a]), dAlpha), `df/dalpha(${x}; ${a})`).toBeLessThan(1e-14);
    }
  });

  it('joins its series and closed form for ∂f/∂α smoothly at |x/α| = 0.1', () => {
    const inside = dfdp[0](-0.1 * (1 - 1e-12), [1]);
    const outside = dfdp[0](-0.1 * (1 + 1e-12), [1]);
    expect(relError(inside, outside)).toBeLessThan(1e-11);
  });

  it("has celu'(0) = 1 from both sides for every α, and scale identity celu(x; α) = α·elu(x/α; 1)", () => {
    for (const a of [1e-3, 0.5, 1, 30]) {
      expect(dfdx(0, [a])).toBe(1);
      for (const x of linspace(-5 * a, 5 * a, 50)) {
        const want = a * elu.ref.f(x / a, [1]);
        expect(Math.abs(f(x, [a]) - want)).toBeLessThanOrEqual(1e-15 * Math.abs(want));
      }
    }
  });

  it('equals elu at α = 1 and has limits −α, −1 at −∞', () => {
    for (const x of linspace(-10, 10, 100)) expect(f(x, [1])).toBe(elu.ref.f(x, [1]));
    expect(f(-Infinity, [0.25])).toBe(-0.25);
    expect(dfdx(-Infinity, [0.25])).toBe(0);
    expect(dfdp[0](-Infinity, [0.25])).toBe(-1);
  });

  it('uses α as its length scale', () => {
    expect(celu.lengthScale?.([0.01])).toBe(0.01);
  });
});

describe('selu', () => {
  const { f, dfdx } = selu.ref;

  it('uses the published constants and matches known values', () => {
    expect(SELU_ALPHA).toBe(Number('1.6732632423543772848170429916717'));
    expect(SELU_SCALE).toBe(Number('1.0507009873554804934193349852946'));
    expect(relError(f(-1, none), -1.1113307378125628)).toBeLessThan(2e-16);
    expect(relError(f(-10, none), -1.758019523260787)).toBeLessThan(2e-16);
    expect(f(1, none)).toBe(1.0507009873554805);
  });

  it("takes the x ≤ 0 branch at 0 (PyTorch, JAX): selu'(0) = scale·α", () => {
    expect(relError(dfdx(0, none), 1.7580993408473768)).toBeLessThan(2e-16);
    expect(dfdx(1e-300, none)).toBe(SELU_SCALE);
  });

  it('maps a standard normal input to mean 0 and variance 1 (the self-normalising fixed point)', () => {
    // Simpson's rule on each side of the kink, over ±12 standard deviations.
    const steps = 12_000;
    const moments = [0, 0];
    for (const [lo, hi] of [[-12, 0], [0, 12]]) {
      const h = (hi - lo) / steps;
      for (let i = 0; i <= steps; i++) {
        const z = lo + i * h;
        const w = ((i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2) * h) / 3;
        const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        const y = f(z, none);
        moments[0] += w * density * y;
        moments[1] += w * density * y * y;
      }
    }
    expect(Math.abs(moments[0])).toBeLessThan(1e-12);
    expect(Math.abs(moments[1] - 1)).toBeLessThan(1e-12);
  });
});
