// The statistics of the shootout against published table values (Student t quantiles) and exact binomial sums.
import { describe, expect, it } from 'vitest';
import { incompleteBeta, lnGamma, sampleSd, signTest, studentTCdf, studentTQuantile, tInterval } from './statistics.js';

describe('Student t', () => {
  it('has the tabulated two-sided 95 % quantiles (df 1, 2, 4, 9, 30) and tends to the normal 1.959964', () => {
    const table: [number, number][] = [[1, 12.706205], [2, 4.302653], [4, 2.776445], [9, 2.262157], [30, 2.042272]];
    for (const [df, q] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(q, 5);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776445, 5);
  });

  it('has the closed-form CDFs of df 1 (Cauchy) and df 2', () => {
    for (const t of [-3, -0.5, 0, 1, 7]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    }
  });

  it('rests on ln Γ and the incomplete beta function (I_x(1, 1) = x, I_x(a, 1) = x^a, Γ(5) = 24)', () => {
    expect(Math.exp(lnGamma(5))).toBeCloseTo(24, 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.7, 3, 1)).toBeCloseTo(0.343, 12);
  });

  it('gives the mean ± t·s/√n interval: 1, 2, 3 → 2 ± 4.302653/√3', () => {
    expect(sampleSd([1, 2, 3])).toBe(1);
    const ci = tInterval([1, 2, 3]);
    expect(ci.mean).toBe(2);
    expect(ci.high - ci.mean).toBeCloseTo(4.302653 / Math.sqrt(3), 5);
    expect(ci.mean - ci.low).toBeCloseTo(ci.high - ci.mean, 12);
    expect(Number.isNaN(tInterval([1]).low)).toBe(true);
  });
});

describe('signTest', () => {
  it('gives the exact two-sided binomial p-values', () => {
    expect(signTest([1, 2, 3]).p).toBe(0.25); // 2·(1/8)
    expect(signTest([1, 1, 1, 1, 1, 1, 1, 1, 1, -1]).p).toBeCloseTo(22 / 1024, 14); // 2·(1 + 10)/1024
    expect(signTest([1, -1]).p).toBe(1);
    expect(signTest([0.5, -0.1, 0, 2, 3])).toEqual({ positive: 3, negative: 1, ties: 1, p: 0.625 }); // 2·5/16
  });

  it('is 1 when every pair ties', () => {
    expect(signTest([0, 0, 0])).toEqual({ positive: 0, negative: 0, ties: 3, p: 1 });
  });
});
