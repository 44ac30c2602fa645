import { describe, it, expect } from 'vitest';
import { Arena } from './arena.js';
import { instantiateKernels, kernelModule } from './wasm.js';

describe.each([true, false])('Arena (shared memory: %s)', (shared) => {
  it('hands out 64-byte-aligned, disjoint blocks and never the zero offset', () => {
    const arena = new Arena({ shared, initialBytes: 1 << 16 });
    const blocks = [1, 3, 64, 65, 1000].map((bytes) => ({ ptr: arena.alloc(bytes), bytes }));
    for (const { ptr } of blocks) {
      expect(ptr % 64).toBe(0);
      expect(ptr).toBeGreaterThan(0);
    }
    const sorted = [...blocks].sort((x, y) => x.ptr - y.ptr);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].ptr).toBeGreaterThanOrEqual(sorted[i - 1].ptr + sorted[i - 1].bytes);
  });

  it('reuses freed blocks, merges neighbours and gives the top back', () => {
    const arena = new Arena({ shared, initialBytes: 1 << 16 });
    const a = arena.alloc(128), b = arena.alloc(128), c = arena.alloc(128), d = arena.alloc(64);
    arena.release(a);
    arena.release(b);
    // a and b merged: a 256-byte request fits where they were.
    expect(arena.alloc(256)).toBe(a);
    arena.release(d);
    // Freeing the topmost block lowers the top: the next bump allocation starts where d was.
    expect(arena.alloc(1 << 10)).toBe(d);
    arena.release(c);
    expect(arena.alloc(64)).toBe(c);
    expect(() => arena.release(c + 64)).toThrow(/not an allocated block/);
    expect(arena.bytesInUse).toBe(256 + 1024 + 64);
  });

  it('keeps data when the memory grows, and f32() always gives a valid view', () => {
    const arena = new Arena({ shared, initialBytes: 1 << 16 });
    const t = arena.alloc(6 * 4);
    arena.f32(t, 6).set([1, 2, 3, 4, 5, 6]);
    const before = arena.capacity;
    const stale = arena.f32(t, 6);
    const big = arena.alloc(1 << 20);
    expect(arena.capacity).toBeGreaterThanOrEqual(before + (1 << 20));
    expect([...arena.f32(t, 6)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(arena.f32(big, 1 << 18).length).toBe(1 << 18);
    // The reason views are made per use: an unshared memory's old buffer is detached by the grow.
    if (!shared) expect(stale.length).toBe(0);
  });

  it('kernels see memory added after they were instantiated', async () => {
    const arena = new Arena({ shared, initialBytes: 1 << 16 });
    const kernels = instantiateKernels(await kernelModule(shared), arena.memory);
    const far = arena.alloc(4 << 20); // beyond the initial 64 KiB
    const a = arena.alloc(3 * 4), b = arena.alloc(3 * 4), out = arena.alloc(3 * 4);
    arena.f32(a, 3).set([-1, 2, -3]);
    arena.f32(b, 3).set([2, 2, 2]);
    expect(far).toBeLessThan(a);
    kernels.multiply(a, b, out, 3);
    expect([...arena.f32(out, 3)]).toEqual([-2, 4, -6]);
  });

  it('hands out int32 views and refuses sizes that are not positive integers', () => {
    const arena = new Arena({ shared, initialBytes: 1 << 16 });
    const p = arena.alloc(64);
    arena.i32(p, 3).set([0, 9, -4]);
    expect(arena.i32(p, 3)).toBeInstanceOf(Int32Array);
    expect([...arena.i32(p, 3)]).toEqual([0, 9, -4]);
    expect(() => arena.alloc(0)).toThrow(RangeError);
    expect(() => arena.alloc(1.5)).toThrow(/cannot allocate 1.5 bytes/);
  });

  it('fails clearly past its maximum size', () => {
    const arena = new Arena({ shared, initialBytes: 1 << 16, maximumBytes: 1 << 20 });
    expect(() => arena.alloc(2 << 20)).toThrow(/out of memory: need \d+ bytes, maximum is 1048576/);
  });
});
