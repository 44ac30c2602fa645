// Binning learned parameter values for the viewer's histograms.
import { describe, expect, it } from 'vitest';
import { bins } from './histogram.js';

describe('bins', () => {
  it('splits the range into equal bins, the largest value in the last', () => {
    expect(bins([0, 1, 2, 3, 4], 4)).toEqual({ edges: [0, 1, 2, 3, 4], counts: [1, 1, 1, 2] });
  });

  it('uses no more bins than values, and one bin of width 1 around a single value', () => {
    expect(bins([2, 4], 20).counts).toEqual([1, 1]);
    expect(bins([3, 3, 3])).toEqual({ edges: [2.5, 3.5], counts: [3] });
  });

  it('leaves out values that are not finite', () => {
    expect(bins([0, NaN, 1, Infinity], 2)).toEqual({ edges: [0, 0.5, 1], counts: [1, 1] });
  });
});
