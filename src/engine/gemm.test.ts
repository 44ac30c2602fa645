import { describe, it, expect, beforeAll } from 'vitest';
import { Rng } from '../rng.js';
import type { GemmOptions, Ops } from './ops.js';
import { createOps } from './setup.js';
import { checkGemm } from './testing.js';

const LAYOUTS: { name: string; options: GemmOptions }[] = [
  { name: 'A·B', options: {} },
  { name: 'Aᵀ·B', options: { transA: true } },
  { name: 'A·Bᵀ', options: { transB: true } },
];
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 10, 13, 17, 33, 70];

describe.each([true, false])('gemm kernels (shared memory: %s)', (shared) => {
  let ops: Ops;
  beforeAll(async () => {
    ops = await createOps({ shared, initialBytes: 1 << 20 });
  });

  it.each(LAYOUTS)('$name matches the reference for every M, N, K in 1..70, overwriting and accumulating', ({ options }) => {
    const rng = new Rng(7);
    let worst = 0;
    for (const M of SIZES) {
      for (const N of SIZES) {
        for (const K of SIZES) {
          worst = Math.max(worst, checkGemm(ops, rng, M, N, K, { ...options, accumulate: (M + N + K) % 2 === 0 }).worst);
          if (shared) worst = Math.max(worst, checkGemm(ops, rng, M, N, K, { ...options, accumulate: (M + N + K) % 2 === 1 }).worst);
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it.each(LAYOUTS)('$name handles K past one 256-deep block and the MNIST MLP shapes', ({ options }) => {
    const rng = new Rng(11);
    const shapes = [
      [32, 128, 784],
      [128, 128, 784],
      [784, 128, 32],
      [32, 10, 64],
      [64, 10, 32],
      [5, 3, 257],
      [9, 21, 513],
      [1, 1, 1000],
    ];
    for (const [M, N, K] of shapes) {
      for (const accumulate of [false, true]) checkGemm(ops, rng, M, N, K, { ...options, accumulate });
    }
  });

  it.each(LAYOUTS)('$name writes only the requested row range', ({ options }) => {
    const rng = new Rng(13);
    for (const [M, N, K, m0, m1] of [
      [70, 10, 33, 0, 35],
      [70, 10, 33, 35, 70],
      [17, 13, 9, 3, 14],
      [17, 13, 9, 5, 5],
      [9, 70, 300, 1, 8],
    ]) {
      for (const accumulate of [false, true]) checkGemm(ops, rng, M, N, K, { ...options, accumulate, rows: [m0, m1] });
    }
  });

  it('K = 0 gives βC', () => {
    const { arena } = ops;
    const a = arena.tensor([3, 0]);
    const b = arena.tensor([0, 5]);
    const c = arena.tensorFrom([3, 5], new Float32Array(15).fill(2));
    ops.gemm(a, b, c, { accumulate: true });
    expect([...arena.view(c)]).toEqual(new Array(15).fill(2));
    ops.gemm(a, b, c);
    expect([...arena.view(c)]).toEqual(new Array(15).fill(0));
  });
});
