// Known values (mpmath at 50 digits) and identities of the sigmoidal family, tails included.
import { describe, expect, it } from 'vitest';
import { logSigmoid, sigmoid, softsign, tanh, tanhShrink } from './sigmoidal.js';
import { linspace } from './testing.js';

const none: number[] = [];
const relError = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('sigmoid', () => {
  const { f, dfdx } = sigmoid.ref;

  it('matches known values in the middle and both tails', () => {
    expect(f(0, none)).toBe(0.5);
    expect(relError(f(1, none), 0.7310585786300049)).toBeLessThan(2e-16);
    expect(relError(f(-40, none), 4.248354255291589e-18)).toBeLessThan(1e-15);
    expect(relError(f(-700, none), 9.85967654375977e-305)).toBeLessThan(1e-13);
    expect(relError(dfdx(3, none), 0.04517665973091213)).toBeLessThan(1e-15);
    expect(relError(dfdx(-700, none), 9.85967654375977e-305)).toBeLessThan(1e-13);
  });

  it("has σ'(−1e3) exactly 0 and no NaN anywhere on the extended real line", () => {
    expect(dfdx(-1e3, none)).toBe(0);
    expect(dfdx(1e3, none)).toBe(0);
    for (const x of [-Infinity, -1e308, -1e3, -745, 0, 745, 1e3, 1e308, Infinity]) {
      expect(f(x, none)).not.toBeNaN();
      expect(dfdx(x, none)).not.toBeNaN();
    }
    expect(f(-Infinity, none)).toBe(0);
    expect(f(Infinity, none)).toBe(1);
  });

  it("satisfies σ(−x) = 1 − σ(x) and σ' = σ·(1 − σ)", () => {
    for (const x of linspace(-30, 30, 600)) {
      expect(f(-x, none)).toBeCloseTo(1 - f(x, none), 15);
      expect(relError(dfdx(x, none), f(x, none) * f(-x, none))).toBeLessThan(1e-14);
    }
  });

  it('has float32 kernels with no NaN at ±1e3 and ±Inf', () => {
    const x = Float32Array.from([-Infinity, -1e3, 1e3, Infinity]);
    const y = new Float32Array(4);
    const dx = new Float32Array(4);
    sigmoid.kernels.forward(x, y, [], 1, 4);
    sigmoid.kernels.backward(x, new Float32Array(4).fill(1), dx, [], null, 1, 4);
    expect(Array.from(y)).toEqual([0, 0, 1, 1]);
    expect(Array.from(dx)).toEqual([0, 0, 0, 0]);
  });
});

describe('tanh', () => {
  const { f, dfdx } = tanh.ref;

  it('matches known values, with sech² accurate where 1 − tanh² rounds to 0', () => {
    expect(relError(f(0.5, none), 0.46211715726000974)).toBeLessThan(2e-16);
    expect(relError(dfdx(0.5, none), 0.7864477329659274)).toBeLessThan(1e-15);
    expect(relError(dfdx(20, none), 1.6993417021166355e-17)).toBeLessThan(1e-14);
    expect(dfdx(-20, none)).toBe(dfdx(20, none));
  });

  it('is 2σ(2x) − 1 with derivative 1 − tanh²', () => {
    for (const x of linspace(-5, 5, 200)) {
      expect(f(x, none)).toBeCloseTo(2 * sigmoid.ref.f(2 * x, none) - 1, 15);
      expect(dfdx(x, none)).toBeCloseTo(1 - f(x, none) ** 2, 15);
    }
  });
});

describe('logSigmoid', () => {
  const { f, dfdx } = logSigmoid.ref;

  it('matches known values in both tails', () => {
    expect(f(0, none)).toBe(-Math.LN2);
    expect(relError(f(-2, none), -2.1269280110429727)).toBeLessThan(2e-16);
    expect(relError(f(0.5, none), -0.4740769841801067)).toBeLessThan(2e-16);
    expect(relError(f(40, none), -4.248354255291589e-18)).toBeLessThan(1e-15);
    expect(relError(f(700, none), -9.85967654375977e-305)).toBeLessThan(1e-13);
    expect(f(-1000, none)).toBe(-1000);
    expect(f(-Infinity, none)).toBe(-Infinity);
  });

  it("is log σ(x), with derivative σ(−x)", () => {
    for (const x of linspace(-30, 30, 600)) {
      expect(relError(Math.exp(f(x, none)), sigmoid.ref.f(x, none))).toBeLessThan(1e-14);
      expect(dfdx(x, none)).toBe(sigmoid.ref.f(-x, none));
    }
  });
});

describe('softsign', () => {
  const { f, dfdx } = softsign.ref;

  it('matches x/(1 + |x|) and its limits', () => {
    expect(f(1, none)).toBe(0.5);
    expect(f(-3, none)).toBe(-0.75);
    expect(dfdx(1, none)).toBe(0.25);
    expect(dfdx(0, none)).toBe(1);
    expect(f(Infinity, none)).toBe(1);
    expect(f(-Infinity, none)).toBe(-1);
    expect(dfdx(-Infinity, none)).toBe(0);
  });

  it('is odd with an even derivative', () => {
    for (const x of linspace(-10, 10, 100)) {
      expect(f(-x, none)).toBe(-f(x, none));
      expect(dfdx(-x, none)).toBe(dfdx(x, none));
    }
  });
});

describe('tanhShrink', () => {
  const { f, dfdx } = tanhShrink.ref;
  // x − tanh x from mpmath, across the continued-fraction branch (|x| < 1) and beyond.
  const known: [number, number][] = [
    [1e-8, 3.333333333333333e-25],
    [1e-3, 3.33333200000054e-10],
    [0.1, 0.0003320053750441829],
    [0.5, 0.03788284273999024],
    [-0.75, -0.11485104761271268],
    [0.999, 0.23782613833943006],
    [1, 0.23840584404423512],
    [2, 1.035972419924183],
    [-20, -19],
  ];

  it('keeps the relative error at rounding level, also where x − tanh x cancels', () => {
    for (const [x, want] of known) expect(relError(f(x, none), want), `x = ${x}`).toBeLessThan(1e-15);
    // The naive difference loses most digits here: the reason for the continued fraction.
    expect(relError(1e-3 - Math.tanh(1e-3), 3.33333200000054e-10)).toBeGreaterThan(1e-11);
  });

  it('is odd, continuous across |x| = 1, and has derivative tanh²x', () => {
    const below = f(1 - 2 ** -52, none);
    expect(relError(below, f(1, none))).toBeLessThan(1e-15);
    for (const x of linspace(-3, 3, 120)) {
      expect(f(-x, none)).toBe(-f(x, none));
      expect(dfdx(x, none)).toBe(Math.tanh(x) ** 2);
    }
    expect(f(Infinity, none)).toBe(Infinity);
    expect(dfdx(-Infinity, none)).toBe(1);
  });
});
