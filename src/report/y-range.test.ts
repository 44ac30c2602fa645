import { describe, expect, it } from 'vitest';
import { robustExtent, robustYDomain } from './y-range.js';

const exp = Array.from({ length: 401 }, (_, i) => Math.exp(-5 + i / 40));
/** 1/u just right of a pole at 0, 0 left of it: what softExponential's ∂f/∂x does for α < 0. */
const pole = Array.from({ length: 401 }, (_, i) => (i <= 200 ? 0 : 1 / ((i - 200) / 40)));

describe('robustExtent', () => {
  it('keeps every value of a smooth curve, however steep', () => {
    expect(robustExtent(exp, 0.05)).toEqual([exp[0], exp[400]]);
  });

  it('drops the few huge samples next to a pole', () => {
    const [lo, hi] = robustExtent(pole, 0.05)!;
    expect(lo).toBe(0);
    expect(hi).toBeLessThan(10);
    expect(hi).toBeGreaterThan(2);
  });

  it('ignores NaN and ±∞, and is null when nothing is finite', () => {
    expect(robustExtent([NaN, 1, Infinity, 2, -Infinity], 0)).toEqual([1, 2]);
    expect(robustExtent([NaN, Infinity], 0.05)).toBeNull();
  });
});

describe('robustYDomain', () => {
  it('is the union of the extents with a 5 % margin', () => {
    expect(robustYDomain([{ values: [0, 1], tail: 0 }, { values: [-1, 0.5], tail: 0 }])).toEqual([-1.1, 1.1]);
  });

  it('takes in a whole curve that widens the range by at most half, however short its stretch', () => {
    // 1 on 2 % of the samples: beyond the robust band, but it costs the range little.
    const step = Array.from({ length: 100 }, (_, i) => (i < 2 ? 1 : 0));
    const [, hi] = robustYDomain([{ values: [-1, 0.5], tail: 0 }, { values: step, tail: 0.05 }]);
    expect(hi).toBeCloseTo(1.1, 12);
    const [, spiky] = robustYDomain([{ values: [-1, 0.5], tail: 0 }, { values: step.map((v) => 10 * v), tail: 0.05 }]);
    expect(spiky).toBeCloseTo(0.5 + 0.075, 12);
  });

  it('gives a constant room around it, and [−1, 1] when nothing is finite', () => {
    expect(robustYDomain([{ values: [0, 0, 0], tail: 0.01 }])).toEqual([-0.5, 0.5]);
    expect(robustYDomain([{ values: [10, 10], tail: 0.01 }])).toEqual([5, 15]);
    expect(robustYDomain([{ values: [NaN], tail: 0.01 }])).toEqual([-1, 1]);
  });
});
