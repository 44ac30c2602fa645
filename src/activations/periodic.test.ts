// The SIREN sine: known values, periodicity, the ω₀ scaling of its derivatives, and NaN at ±∞.
import { describe, expect, it } from 'vitest';
import { sine } from './periodic.js';
import { linspace } from './testing.js';

const relError = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('sine', () => {
  const { f, dfdx, dfdp } = sine.ref;

  it('defaults to SIREN\'s ω₀ = 30 and matches known values (mpmath)', () => {
    expect(sine.params[0].default).toBe(30);
    expect(relError(f(0.1, [30]), 0.1411200080598672)).toBeLessThan(1e-15);
    expect(relError(dfdx(0.1, [30]), -29.699774898013363)).toBeLessThan(1e-15);
    expect(relError(dfdp[0](0.1, [30]), -0.09899924966004454)).toBeLessThan(1e-15);
    expect(f(Math.PI / 60, [30])).toBe(1);
    expect(dfdx(0, [30])).toBe(30);
  });

  it('has period 2π/ω₀ and is sin(x) rescaled: f(x; ω₀) = f(ω₀x; 1)', () => {
    for (const omega of [0.5, 30]) {
      const period = (2 * Math.PI) / omega;
      for (const x of linspace(-2, 2, 40)) {
        expect(f(x + period, [omega])).toBeCloseTo(f(x, [omega]), 12);
        expect(f(x, [omega])).toBe(f(omega * x, [1]));
        expect(dfdx(x, [omega])).toBe(omega * dfdx(omega * x, [1]));
        // x·∂f/∂x = ω₀·∂f/∂ω₀: f depends on x and ω₀ only through their product.
        expect(x * dfdx(x, [omega])).toBeCloseTo(omega * dfdp[0](x, [omega]), 12);
      }
    }
  });

  it('has no limit at ±∞ (NaN there) and scales its length by 1/ω₀', () => {
    expect(sine.noLimitAtInfinity).toBe(true);
    for (const g of [f, dfdx, dfdp[0]]) {
      expect(g(Infinity, [30])).toBeNaN();
      expect(g(-Infinity, [30])).toBeNaN();
    }
    expect(sine.lengthScale?.([30])).toBe(1 / 30);
  });

  it('documents the SIREN initialisation in its notes', () => {
    expect(sine.notes).toContain('U(−1/n, 1/n)');
    expect(sine.notes).toContain('U(−√(6/n)/ω₀, √(6/n)/ω₀)');
  });
});
