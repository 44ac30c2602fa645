import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Rng } from '../rng.js';
import type { GemmOptions, Ops } from './ops.js';
import { GemmPool } from './pool.js';
import { createOps } from './setup.js';
import { kernelModule } from './wasm.js';
import { checkGemm } from './testing.js';

const LAYOUTS: GemmOptions[] = [{}, { transA: true }, { transB: true }];

describe('GEMM worker pool', () => {
  let threaded: Ops, single: Ops;
  beforeAll(async () => {
    // minFlops 0: split every product that has rows enough, so small shapes exercise the threads too.
    threaded = await createOps({ threads: 2, minFlops: 0, initialBytes: 1 << 22 });
    single = await createOps({ threads: 1, initialBytes: 1 << 22 });
  });
  afterAll(() => threaded.close());

  it('runs on 2 threads and matches the reference and the one-thread result bit for bit', () => {
    expect(threaded.threads).toBe(2);
    for (const options of LAYOUTS) {
      for (const [M, N, K] of [
        [8, 8, 8],
        [9, 10, 7],
        [33, 17, 70],
        [70, 10, 300],
        [32, 128, 784],
        [784, 128, 32],
      ]) {
        for (const accumulate of [false, true]) {
          const many = checkGemm(threaded, new Rng(M * N + K), M, N, K, { ...options, accumulate });
          const one = checkGemm(single, new Rng(M * N + K), M, N, K, { ...options, accumulate });
          expect(many.c).toEqual(one.c);
        }
      }
    }
  });

  it('stays in step over many back-to-back calls', () => {
    const { arena } = threaded;
    const a = arena.tensorFrom([16, 16], Array.from({ length: 256 }, (_, i) => (i % 7) - 3));
    const eye = arena.tensorFrom([16, 16], Array.from({ length: 256 }, (_, i) => (i % 17 === 0 ? 1 : 0)));
    const c = arena.tensor([16, 16]);
    for (let call = 0; call < 2000; call++) threaded.gemm(a, eye, c, { accumulate: call > 0 });
    expect([...arena.view(c)]).toEqual([...arena.view(a)].map((v) => 2000 * v));
  });

  it('keeps working after the memory grows', () => {
    const { arena } = threaded;
    const before = arena.capacity;
    const big = arena.tensor([1 << 22]);
    expect(arena.capacity).toBeGreaterThan(before);
    checkGemm(threaded, new Rng(5), 64, 64, 64, {});
    arena.free(big);
  });

  it('reports a kernel that traps, on whichever thread, and stays usable', async () => {
    const { arena } = threaded;
    const pool = await GemmPool.create(arena, threaded.kernels, await kernelModule(true), { threads: 2, minFlops: 0 });
    if (pool === undefined) throw new Error('no shared memory');
    const end = arena.capacity;
    const b = arena.tensor([8, 8]), c = arena.tensor([64, 8]);
    // A's first 40 rows lie inside the memory, the rest past its end: some chunks trap, the others run.
    const trap = /memory access out of bounds|a worker failed in gemm_nn/;
    for (let call = 0; call < 20; call++) expect(() => pool.gemm('nn', end - 40 * 8 * 4, b.ptr, c.ptr, 64, 8, 8, 0)).toThrow(trap);
    expect(() => pool.gemm('nn', end + 64, b.ptr, c.ptr, 64, 8, 8, 0)).toThrow(trap);
    const a = arena.tensorFrom([64, 8], Array.from({ length: 512 }, (_, i) => i % 5));
    const eye = arena.tensorFrom([8, 8], Array.from({ length: 64 }, (_, i) => (i % 9 === 0 ? 1 : 0)));
    pool.gemm('nn', a.ptr, eye.ptr, c.ptr, 64, 8, 8, 0);
    expect([...arena.view(c)]).toEqual([...arena.view(a)]);
    pool.close();
  });

  it('falls back to one thread without shared memory, and after close()', async () => {
    const unshared = await createOps({ threads: 2, shared: false });
    expect(unshared.threads).toBe(1);
    checkGemm(unshared, new Rng(1), 40, 24, 16, { accumulate: true });
    const closing = await createOps({ threads: 2, minFlops: 0 });
    closing.close();
    checkGemm(closing, new Rng(2), 40, 24, 16, {});
  });
});
