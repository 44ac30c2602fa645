import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Rng } from '../rng.js';
import { Arena } from './arena.js';
import { startWasmEngine, type WasmEngineParts } from './create.js';
import type { GemmLayout } from './engine.js';
import { GemmPool } from './pool.js';
import { checkGemm } from './testing.js';

const LAYOUTS: GemmLayout[] = ['nn', 'tn', 'nt'];

describe('GEMM worker pool', () => {
  let threaded: WasmEngineParts, single: WasmEngineParts;
  beforeAll(async () => {
    // minFlops 0: split every product that has rows enough, so small shapes exercise the threads too.
    threaded = await startWasmEngine(new Arena({ initialBytes: 1 << 22 }), { threads: 2, minFlops: 0 });
    single = await startWasmEngine(new Arena({ initialBytes: 1 << 22 }), { threads: 1 });
  });
  afterAll(() => threaded.engine.dispose());

  it('runs on 2 threads and matches the reference and the one-thread result bit for bit', () => {
    expect(threaded.engine.threads).toBe(2);
    for (const layout of LAYOUTS) {
      for (const [M, N, K] of [
        [8, 8, 8],
        [9, 10, 7],
        [33, 17, 70],
        [70, 10, 300],
        [32, 128, 784],
        [784, 128, 32],
      ]) {
        for (const accumulate of [false, true]) {
          const many = checkGemm(threaded, new Rng(M * N + K), M, N, K, { layout, accumulate });
          const one = checkGemm(single, new Rng(M * N + K), M, N, K, { layout, accumulate });
          expect(many.c).toEqual(one.c);
        }
      }
    }
  });

  it('stays in step over many back-to-back calls', () => {
    const { engine } = threaded;
    const a = engine.alloc(256), eye = engine.alloc(256), c = engine.alloc(256);
    engine.view(a).set(Array.from({ length: 256 }, (_, i) => (i % 7) - 3));
    engine.view(eye).set(Array.from({ length: 256 }, (_, i) => (i % 17 === 0 ? 1 : 0)));
    for (let call = 0; call < 2000; call++) engine.gemm('nn', 16, 16, 16, a, eye, c, call > 0);
    expect([...engine.view(c)]).toEqual([...engine.view(a)].map((v) => 2000 * v));
  });

  it('keeps working after the memory grows', () => {
    const { arena } = threaded;
    const before = arena.capacity;
    const big = arena.alloc(4 << 22);
    expect(arena.capacity).toBeGreaterThan(before);
    checkGemm(threaded, new Rng(5), 64, 64, 64, {});
    arena.release(big);
  });

  it('reports a kernel that traps, on whichever thread, and stays usable', async () => {
    const { arena, engine, kernels, module } = threaded;
    const pool = await GemmPool.create(arena, kernels, module, { threads: 2, minFlops: 0 });
    if (pool === undefined) throw new Error('no shared memory');
    const end = arena.capacity;
    const b = engine.alloc(64), c = engine.alloc(512);
    // A's first 40 rows lie inside the memory, the rest past its end: some chunks trap, the others run.
    const trap = /memory access out of bounds|a worker failed in gemm_nn/;
    for (let call = 0; call < 20; call++) expect(() => pool.gemm('nn', end - 40 * 8 * 4, b.ptr, c.ptr, 64, 8, 8, 0)).toThrow(trap);
    expect(() => pool.gemm('nn', end + 64, b.ptr, c.ptr, 64, 8, 8, 0)).toThrow(trap);
    const a = engine.alloc(512), eye = engine.alloc(64);
    engine.view(a).set(Array.from({ length: 512 }, (_, i) => i % 5));
    engine.view(eye).set(Array.from({ length: 64 }, (_, i) => (i % 9 === 0 ? 1 : 0)));
    pool.gemm('nn', a.ptr, eye.ptr, c.ptr, 64, 8, 8, 0);
    expect([...engine.view(c)]).toEqual([...engine.view(a)]);
    pool.close();
  });

  it('falls back to one thread without shared memory, and after dispose()', async () => {
    const unshared = await startWasmEngine(new Arena({ shared: false }), { threads: 2 });
    expect(unshared.engine.threads).toBe(1);
    checkGemm(unshared, new Rng(1), 40, 24, 16, { accumulate: true });
    const closing = await startWasmEngine(new Arena(), { threads: 2, minFlops: 0 });
    closing.engine.dispose();
    checkGemm(closing, new Rng(2), 40, 24, 16, {});
  });
});
