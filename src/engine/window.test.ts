import { describe, expect, it } from 'vitest';
import { windowGeometry, type Padding } from './window.js';

describe('windowGeometry', () => {
  it.each<[number, number, number, Padding, number, number]>([
    // in, kernel, stride, padding → out, padBefore
    [5, 3, 1, 'valid', 3, 0],
    [7, 3, 2, 'valid', 3, 0],
    [6, 3, 2, 'valid', 2, 0],
    [5, 3, 1, 'same', 5, 1],
    [5, 3, 2, 'same', 3, 1], // total pad 2: one each side
    [6, 3, 2, 'same', 3, 0], // total pad 1: the extra goes to the bottom/right
    [4, 2, 1, 'same', 4, 0], // even kernel: total 1, after
    [7, 5, 2, 'same', 4, 2],
    [5, 1, 3, 'same', 2, 0], // window smaller than stride: no padding at all
  ])('in %i, kernel %i, stride %i, %s → out %i, pad before %i', (size, kernel, stride, padding, out, pad) => {
    const g = windowGeometry([size, size + 1, 2], kernel, stride, padding);
    expect([g.outH, g.padTop]).toEqual([out, pad]);
    expect(g.outW).toBe(padding === 'same' ? Math.ceil((size + 1) / stride) : Math.floor((size + 1 - kernel) / stride) + 1);
  });

  it('rejects windows that do not fit, bad kernels and non-image shapes', () => {
    expect(() => windowGeometry([2, 5, 1], 3, 1, 'valid')).toThrow(/does not fit/);
    expect(() => windowGeometry([2, 5, 1], 3, 1, 'same')).not.toThrow();
    expect(() => windowGeometry([5, 5, 1], 0, 1, 'valid')).toThrow(/kernel/);
    expect(() => windowGeometry([5, 5, 1], 2, 1.5, 'valid')).toThrow(/stride/);
    expect(() => windowGeometry([25], 2, 1, 'valid')).toThrow(/height, width, channels/);
  });
});
