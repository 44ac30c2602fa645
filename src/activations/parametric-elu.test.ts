import { describe, expect, it } from 'vitest';
import { elu } from './exponential-linear.js';
import { pelu } from './parametric-elu.js';
import { linspace } from './testing.js';

describe('pelu', () => {
  it('is elu at a = b = 1 and matches closed forms at known points', () => {
    for (const x of linspace(-10, 10, 200)) {
      expect(pelu.ref.f(x, [1, 1])).toBeCloseTo(elu.ref.f(x, [1]), 14);
      expect(pelu.ref.dfdx(x, [1, 1])).toBeCloseTo(elu.ref.dfdx(x, [1]), 14);
    }
    // a = 2, b = 0.5, x = −1: u = −2; f = 2·(e⁻² − 1), ∂f/∂x = 4e⁻², ∂f/∂a = e⁻² − 1, ∂f/∂b = −4·(−2)·e⁻².
    const e2 = Math.exp(-2);
    expect(pelu.ref.f(-1, [2, 0.5])).toBeCloseTo(2 * (e2 - 1), 15);
    expect(pelu.ref.dfdx(-1, [2, 0.5])).toBeCloseTo(4 * e2, 15);
    expect(pelu.ref.dfdp[0](-1, [2, 0.5])).toBeCloseTo(e2 - 1, 15);
    expect(pelu.ref.dfdp[1](-1, [2, 0.5])).toBeCloseTo(8 * e2, 15);
    // x = 3: f = (a/b)·x = 12, ∂f/∂b = −a·x/b² = −24.
    expect(pelu.ref.f(3, [2, 0.5])).toBe(12);
    expect(pelu.ref.dfdp[1](3, [2, 0.5])).toBe(-24);
  });

  it('has the same slope a/b on both sides of 0 and saturates at −a', () => {
    for (const [a, b] of [[0.3, 2], [5, 0.1], [1e-3, 1e3]]) {
      expect(pelu.ref.dfdx(-1e-12, [a, b]) / (a / b)).toBeCloseTo(1, 9);
      expect(pelu.ref.dfdx(0, [a, b])).toBe(a / b);
      expect(pelu.ref.f(-Infinity, [a, b])).toBe(-a);
      expect(Math.abs(pelu.ref.dfdp[1](-Infinity, [a, b]))).toBe(0);
    }
  });
});
