import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { col2im, im2col } from './js-image-kernels.js';
import { patchSize, windowGeometry, type Padding } from './window.js';

const random = (n: number, rng: Rng) => Float32Array.from({ length: n }, () => rng.normal());

describe('im2col', () => {
  it('lays out a 3×3 single-channel image as (ky, kx) windows, zeros in the padding', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const valid = windowGeometry([3, 3, 1], 2, 1, 'valid');
    const cols = new Float32Array(4 * 4);
    im2col(x, cols, valid, 1);
    expect(Array.from(cols)).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
    // 'same' with kernel 2: the one pad row/column is at the bottom/right.
    const same = windowGeometry([3, 3, 1], 2, 2, 'same');
    const sameCols = new Float32Array(4 * 4);
    im2col(x, sameCols, same, 1);
    expect(Array.from(sameCols)).toEqual([1, 2, 4, 5, 3, 0, 6, 0, 7, 8, 0, 0, 9, 0, 0, 0]);
  });

  it('orders columns (ky, kx, c) with channels fastest, and rows batch-major', () => {
    const g = windowGeometry([2, 2, 3], 2, 1, 'valid');
    const x = Float32Array.from({ length: 2 * 12 }, (_, i) => i);
    const cols = new Float32Array(2 * patchSize(g));
    im2col(x, cols, g, 2);
    expect(Array.from(cols)).toEqual(Array.from(x)); // one window covering each whole image
  });

  it.each<[number[], number, number, Padding, number]>([
    [[5, 7, 3], 3, 1, 'same', 2],
    [[6, 5, 2], 3, 2, 'same', 3],
    [[7, 7, 1], 2, 2, 'same', 1],
    [[7, 6, 2], 3, 2, 'valid', 2],
    [[5, 5, 4], 1, 2, 'valid', 2],
  ])('col2im is the adjoint of im2col: ⟨im2col x, c⟩ = ⟨x, col2im c⟩ (%j, k %i, s %i, %s)', (shape, kernel, stride, padding, batch) => {
    const rng = new Rng(3);
    const g = windowGeometry(shape, kernel, stride, padding);
    const n = batch * shape[0] * shape[1] * shape[2], m = batch * g.outH * g.outW * patchSize(g);
    const x = random(n, rng), c = random(m, rng);
    const cols = new Float32Array(m);
    im2col(x, cols, g, batch);
    const back = new Float32Array(n).fill(0.5);
    col2im(c, back, g, batch);
    let lhs = 0, rhs = 0;
    for (let i = 0; i < m; i++) lhs += cols[i] * c[i];
    for (let i = 0; i < n; i++) rhs += x[i] * (back[i] - 0.5); // col2im accumulated onto 0.5
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(lhs)));
  });

  it('leaves values past the batch untouched', () => {
    const g = windowGeometry([3, 3, 1], 2, 1, 'valid');
    const cols = new Float32Array(2 * 16).fill(7);
    im2col(new Float32Array(18).fill(1), cols, g, 1);
    expect(cols.subarray(16).every((v) => v === 7)).toBe(true);
    const dx = new Float32Array(18);
    col2im(new Float32Array(32).fill(1), dx, g, 1);
    expect(Array.from(dx.subarray(0, 9))).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1]); // windows covering each pixel
    expect(dx.subarray(9).every((v) => v === 0)).toBe(true);
  });
});
