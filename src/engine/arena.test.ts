import { describe, it, expect } from 'vitest';
import { Arena, shapeLength } from './arena.js';
import { Ops } from './ops.js';
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
    const t = arena.tensorFrom([2, 3], [1, 2, 3, 4, 5, 6]);
    const before = arena.capacity;
    const stale = arena.view(t);
    const big = arena.tensor([1 << 18]);
    expect(arena.capacity).toBeGreaterThanOrEqual(before + (1 << 20));
    expect([...arena.view(t)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...arena.f32(t.ptr, 6)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(arena.view(big).length).toBe(1 << 18);
    // The reason views are made per use: an unshared memory's old buffer is detached by the grow.
    if (!shared) expect(stale.length).toBe(0);
  });

  it('kernels see memory added after they were instantiated', async () => {
    const arena = new Arena({ shared, initialBytes: 1 << 16 });
    const ops = new Ops(arena, instantiateKernels(await kernelModule(shared), arena.memory));
    const far = arena.tensor([1 << 20]); // beyond the initial 64 KiB
    const x = arena.tensorFrom([1, 3], [-1, 2, -3]);
    const y = arena.tensor([1, 3]);
    expect(far.ptr).toBeLessThan(x.ptr);
    ops.relu(x, y);
    expect([...arena.view(y)]).toEqual([0, 2, 0]);
  });

  it('zero-fills tensors, reads i32 tensors as Int32Array and checks sizes', () => {
    const arena = new Arena({ shared, initialBytes: 1 << 16 });
    const p = arena.alloc(64);
    arena.f32(p, 16).fill(7);
    arena.release(p);
    expect([...arena.view(arena.tensor([4, 4]))]).toEqual(new Array(16).fill(0));
    const labels = arena.tensorFrom([3], [0, 9, 4], 'i32');
    expect(arena.view(labels)).toBeInstanceOf(Int32Array);
    expect(() => arena.tensorFrom([2, 2], [1, 2, 3])).toThrow(/3 values do not fill shape \[2, 2\] \(4\)/);
    expect(() => arena.alloc(0)).toThrow(RangeError);
    expect(() => shapeLength([2, -1])).toThrow(/invalid shape \[2, -1\]/);
  });

  it('fails clearly past its maximum size', () => {
    const arena = new Arena({ shared, initialBytes: 1 << 16, maximumBytes: 1 << 20 });
    expect(() => arena.alloc(2 << 20)).toThrow(/out of memory: need \d+ bytes, maximum is 1048576/);
  });
});
