import { describe, expect, it } from 'vitest';
import { lrFactor } from './schedule.js';

describe('lrFactor', () => {
  it('is 1 throughout for the constant schedule', () => {
    for (const step of [0, 5, 100, 1000]) expect(lrFactor('constant', step, 100)).toBe(1);
  });

  it('runs the cosine from 1 through ½ at the midpoint toward 0, never rising', () => {
    expect(lrFactor('cosine', 0, 1000)).toBe(1);
    expect(lrFactor('cosine', 500, 1000)).toBeCloseTo(0.5, 12);
    expect(lrFactor('cosine', 250, 1000)).toBeCloseTo((1 + Math.SQRT1_2) / 2, 12);
    let previous = Infinity;
    for (let step = 0; step < 1000; step++) {
      const f = lrFactor('cosine', step, 1000);
      expect(f).toBeLessThanOrEqual(previous);
      expect(f).toBeGreaterThan(0);
      previous = f;
    }
  });

  it('holds the final factor past the planned total', () => {
    expect(lrFactor('cosine', 1500, 1000)).toBe(lrFactor('cosine', 1000, 1000));
  });
});
