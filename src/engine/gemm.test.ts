import { describe, it, expect, beforeAll } from 'vitest';
import { Rng } from '../rng.js';
import { Arena } from './arena.js';
import { startWasmEngine, type WasmEngineParts } from './create.js';
import type { GemmLayout } from './engine.js';
import { checkGemm } from './testing.js';

const LAYOUTS: { name: string; layout: GemmLayout }[] = [
  { name: 'A·B', layout: 'nn' },
  { name: 'Aᵀ·B', layout: 'tn' },
  { name: 'A·Bᵀ', layout: 'nt' },
];
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 10, 13, 17, 33, 70];

describe.each([true, false])('gemm kernels (shared memory: %s)', (shared) => {
  let wasm: WasmEngineParts;
  beforeAll(async () => {
    wasm = await startWasmEngine(new Arena({ shared, initialBytes: 1 << 20 }), { threads: 1 });
  });

  it.each(LAYOUTS)('$name matches the reference for every M, N, K in 1..70, overwriting and accumulating', ({ layout }) => {
    const rng = new Rng(7);
    let worst = 0;
    for (const M of SIZES) {
      for (const N of SIZES) {
        for (const K of SIZES) {
          worst = Math.max(worst, checkGemm(wasm, rng, M, N, K, { layout, accumulate: (M + N + K) % 2 === 0 }).worst);
          if (shared) worst = Math.max(worst, checkGemm(wasm, rng, M, N, K, { layout, accumulate: (M + N + K) % 2 === 1 }).worst);
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it.each(LAYOUTS)('$name handles K past one 256-deep block and the MNIST MLP shapes', ({ layout }) => {
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
      for (const accumulate of [false, true]) checkGemm(wasm, rng, M, N, K, { layout, accumulate });
    }
  });

  it.each(LAYOUTS)('$name writes only the requested row range', ({ layout }) => {
    const rng = new Rng(13);
    for (const [M, N, K, m0, m1] of [
      [70, 10, 33, 0, 35],
      [70, 10, 33, 35, 70],
      [17, 13, 9, 3, 14],
      [17, 13, 9, 5, 5],
      [9, 70, 300, 1, 8],
    ]) {
      for (const accumulate of [false, true]) checkGemm(wasm, rng, M, N, K, { layout, accumulate, rows: [m0, m1] });
    }
  });

  it('K = 0 gives βC', () => {
    const { engine } = wasm;
    const a = engine.alloc(0), b = engine.alloc(0), c = engine.alloc(15);
    engine.view(c).fill(2);
    engine.gemm('nn', 3, 5, 0, a, b, c, true);
    expect([...engine.view(c)]).toEqual(new Array(15).fill(2));
    engine.gemm('nn', 3, 5, 0, a, b, c, false);
    expect([...engine.view(c)]).toEqual(new Array(15).fill(0));
  });
});
