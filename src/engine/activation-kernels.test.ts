// The WASM activation kernels against the float64 references, through the catalog's own kernel checks,
// for every sharing layout the drivers distinguish (period 1, whole and partial 4-slot columns, rows cut short).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getElementwise } from '../activations/catalog.js';
import { checkKernels, linspace, parameterSweep, type KernelResult } from '../activations/testing.js';
import type { ElementwiseKernels, Params } from '../activations/types.js';
import { ACCELERATED_ACTIVATIONS, acceleratedKernels, acceleratedOp, gradientBlockRows } from './activation-kernels.js';
import { Arena } from './arena.js';
import { GemmPool } from './pool.js';
import { instantiateKernels, kernelModule, type Kernels } from './wasm.js';

/** 10 001 points: not a multiple of 4, 7 or 128, so every period ends in a partial row. */
const GRID = linspace(-20, 20, 10_000);
/** Finite extremes: overflow and underflow of e^x in float32, subnormal inputs, signed zeros. */
const EXTREMES = [1e4, 1e6, 150, 103, 89, 88.5, 20.5, 1e-30, 1e-40, 0].flatMap((v) => [v, -v]);
const NON_FINITE = [Infinity, -Infinity, NaN];
const PERIODS = [1, 4, 7, 128];
/** Values outside the catalog test values that have their own branch in the kernels. */
const EXTRA_VALUES: Record<string, number[][]> = { softExponential: [[0]], swish: [[0]] };
const VALUE_TOLERANCE = 1e-5;
const DERIVATIVE_TOLERANCE = 2e-3;

let arena: Arena;
let wasm: Kernels;

/** Two threads over the arena, for the kernels that split a call. */
let pool: GemmPool;

beforeAll(async () => {
  // Large enough never to grow: a grown memory would send the views made before to the JS fallback.
  arena = new Arena({ initialBytes: 32 << 20 });
  const module = await kernelModule(arena.shared);
  wasm = instantiateKernels(module, arena.memory);
  const created = await GemmPool.create(arena, wasm, module, { threads: 2 });
  if (created === undefined) throw new Error('GemmPool needs shared memory, which Node has');
  pool = created;
});
afterAll(() => pool.close());

/** Runs `body` with an allocator of zeroed views into the arena, freeing them afterwards. */
function withArena<T>(body: (alloc: (length: number) => Float32Array) => T): T {
  const ptrs: number[] = [];
  try {
    return body((length) => {
      const ptr = arena.alloc(Math.max(1, length) * 4);
      ptrs.push(ptr);
      return arena.f32(ptr, length).fill(0);
    });
  } finally {
    ptrs.forEach((ptr) => arena.release(ptr));
  }
}

/** The kernels of `name` over the arena, with a count of the calls that reached the WASM. */
function counted(name: string, period?: number): { kernels: ElementwiseKernels; calls: () => number } {
  let calls = 0;
  const spy = Object.fromEntries(
    Object.entries(wasm).map(([key, fn]) => [key, (...args: number[]) => (calls++, (fn as (...a: number[]) => unknown)(...args))]),
  ) as unknown as Kernels;
  const kernels = acceleratedKernels(name, arena, spy, null, period);
  if (kernels === null) throw new Error(`${name} has no WASM kernels`);
  return { kernels, calls: () => calls };
}

/** Slot layouts for a period: cycling through the sweep (mixed columns), and sorted by the first parameter (uniform ones). */
function layouts(sweep: readonly Params[], period: number): Params[][] {
  const cyclic = Array.from({ length: period }, (_, k) => sweep[k % sweep.length]);
  if (period === 1) return sweep.map((p) => [p]);
  const sorted = cyclic.slice().sort((a, b) => a[0] - b[0]);
  return [cyclic, sorted];
}

/** Checks the WASM kernels of `name` at xs for every layout and period; returns the largest errors. */
function checkAll(name: string, xs: readonly number[]): KernelResult {
  const a = getElementwise(name);
  const sweep = [...parameterSweep(a), ...(EXTRA_VALUES[name] ?? [])];
  const worst: KernelResult = { maxValueError: 0, maxDerivativeError: 0, worst: '' };
  let wasmCalls = 0;
  for (const period of PERIODS) {
    // Made for this period: calls of whole rows (period 1, and 4 with EXTREMES) take the row-range kernels.
    const { kernels, calls } = counted(name, period);
    for (const slots of layouts(sweep, period)) {
      const r = withArena((alloc) => checkKernels(a, slots, xs, { kernels, alloc }));
      const where = `${r.worst} (period ${period})`;
      expect(r.maxValueError, where).toBeLessThan(VALUE_TOLERANCE);
      expect(r.maxDerivativeError, where).toBeLessThan(DERIVATIVE_TOLERANCE);
      if (r.maxValueError > worst.maxValueError) worst.maxValueError = r.maxValueError;
      if (r.maxDerivativeError > worst.maxDerivativeError) [worst.maxDerivativeError, worst.worst] = [r.maxDerivativeError, where];
    }
    wasmCalls += calls();
  }
  expect(wasmCalls, 'calls that ran in the WASM').toBeGreaterThan(0);
  return worst;
}

describe.each(ACCELERATED_ACTIVATIONS.map((name) => [name]))('%s WASM kernels', (name) => {
  it('match the float64 reference on [−20, 20] for periods 1, 4, 7, 128', () => {
    const r = checkAll(name, GRID);
    console.log(`${name} grid: value ${r.maxValueError.toExponential(2)}, derivative ${r.maxDerivativeError.toExponential(2)} at ${r.worst}`);
  });

  it('match it at finite extremes (overflow, underflow, subnormals)', () => {
    const r = checkAll(name, EXTREMES);
    console.log(`${name} extremes: value ${r.maxValueError.toExponential(2)}, derivative ${r.maxDerivativeError.toExponential(2)} at ${r.worst}`);
  });

  it('match it at ±∞ and NaN, one input at a time', () => {
    // Alone, so that an infinite or NaN ∂f/∂p term (skipped by the dp check) hides no other slot's sum.
    for (const x of NON_FINITE) checkAll(name, [x]);
  });

  it('give what the JS kernels give at ±∞ and NaN, parameter gradients included', () => {
    const a = getElementwise(name);
    const { kernels } = counted(name);
    for (const p of parameterSweep(a)) {
      for (const x of NON_FINITE) {
        const js = run(a.kernels, p, x, (length) => new Float32Array(length));
        const got = withArena((alloc) => run(kernels, p, x, alloc));
        got.forEach((v, i) => {
          const want = js[i];
          const what = `output ${i} at x=${x}, p=[${p}]`;
          if (Number.isFinite(want)) expect(Math.abs(v - want), what).toBeLessThanOrEqual(DERIVATIVE_TOLERANCE * (1 + Math.abs(want)));
          else expect(v, what).toBe(want);
        });
      }
    }
  });

  it('add to the parameter gradients already there, and write none that are not wanted', () => {
    const a = getElementwise(name);
    if (a.params.length === 0) return;
    const { kernels } = counted(name);
    const p = a.params.map((s) => s.default);
    const period = 7, n = 61;
    const xs = Array.from({ length: n }, (_, i) => (i - 30) / 7);
    withArena((alloc) => {
      const x = alloc(n), dy = alloc(n), dx = alloc(n);
      x.set(xs);
      dy.set(xs.map((_, i) => ((i % 3) - 1) * 0.5 + 0.25));
      const params = p.map((v) => alloc(period).fill(v));
      const fresh = p.map(() => alloc(period));
      kernels.backward(x, dy, dx, params, fresh, period, n);
      const onto = p.map(() => alloc(period).fill(1.5));
      kernels.backward(x, dy, dx, params, onto, period, n);
      onto.forEach((d, j) => d.forEach((v, k) => expect(v - 1.5).toBeCloseTo(fresh[j][k], 5)));
      // Gradients not wanted reach the WASM as pointer 0: the never-allocated first bytes must stay as they are.
      const reserved = () => Array.from(arena.f32(0, 16));
      const before = reserved();
      const some = p.map((_, j) => (j === p.length - 1 ? alloc(period) : null));
      kernels.backward(x, dy, dx, params, some, period, n);
      expect(Array.from(some[p.length - 1]!)).toEqual(Array.from(fresh[p.length - 1]));
      kernels.backward(x, dy, dx, params, null, period, n);
      expect(reserved()).toEqual(before);
    });
  });
});

/** f, ∂L/∂x and each ∂L/∂p (dy = 1) of one input under `kernels`, arrays made by `alloc`. */
function run(kernels: ElementwiseKernels, p: Params, x: number, alloc: (length: number) => Float32Array): number[] {
  const xs = alloc(1), y = alloc(1), dy = alloc(1), dx = alloc(1);
  xs[0] = x;
  dy[0] = 1;
  const params = Array.from(p, (v) => alloc(1).fill(v));
  const dp = params.map(() => alloc(1));
  kernels.forward(xs, y, params, 1, 1);
  kernels.backward(xs, dy, dx, params, dp, 1, 1);
  return [y[0], dx[0], ...dp.map((d) => d[0])];
}

describe('acceleratedKernels', () => {
  it('is null for activations without WASM kernels', () => {
    expect(acceleratedKernels('gelu', arena, wasm)).toBeNull();
    expect(acceleratedKernels('nonsense', arena, wasm)).toBeNull();
  });

  it('falls back to the entry’s own kernels for arrays outside the arena, with the same results', () => {
    const a = getElementwise('swish');
    const { kernels, calls } = counted('swish');
    const n = 9, period = 4;
    const x = Float32Array.from({ length: n }, (_, i) => i - 4.5);
    const p = [Float32Array.from([0.5, 1, 2, -1])];
    const mine = { y: new Float32Array(n), dx: new Float32Array(n), dp: [new Float32Array(period)] };
    const theirs = { y: new Float32Array(n), dx: new Float32Array(n), dp: [new Float32Array(period)] };
    kernels.forward(x, mine.y, p, period, n);
    kernels.backward(x, x, mine.dx, p, mine.dp, period, n);
    a.kernels.forward(x, theirs.y, p, period, n);
    a.kernels.backward(x, x, theirs.dx, p, theirs.dp, period, n);
    expect(calls()).toBe(0);
    expect(mine).toEqual(theirs);
    // One array outside is enough to fall back.
    withArena((alloc) => {
      const inside = alloc(n);
      inside.set(x);
      kernels.forward(inside, alloc(n), p, period, n);
    });
    expect(calls()).toBe(0);
  });
});

describe('row-range kernels (a layer’s period: large calls split over threads)', () => {
  it('cut parameter gradients into blocks by shape alone: one for a small call, at most 64, whole rows of 4', () => {
    expect(gradientBlockRows(20, 10)).toBe(20);
    expect(gradientBlockRows(32, 128)).toBe(16);
    expect(gradientBlockRows(57_600, 20)).toBe(900);
    for (const [rows, period] of [[600, 37], [1, 1], [9, 3], [100_000, 7]]) {
      const blockRows = gradientBlockRows(rows, period);
      expect(blockRows % 4).toBe(0);
      expect(Math.ceil(rows / blockRows)).toBeLessThanOrEqual(64);
    }
  });

  it.each(ACCELERATED_ACTIVATIONS.map((name) => [name]))('%s: the same bits on 1 and 2 threads, and the one-call kernels’ results', (name) => {
    const a = getElementwise(name);
    const sweep = parameterSweep(a);
    // 600 rows of 37 (a partial 4-slot column): 22 200 values, split over the threads in 10 gradient blocks.
    const period = 37, rows = 600, n = period * rows;
    withArena((alloc) => {
      const x = alloc(n), dy = alloc(n);
      for (let i = 0; i < n; i++) {
        x[i] = 6 * Math.sin(i * 0.7318) + (i % 11) - 5;
        dy[i] = Math.cos(i * 1.913);
      }
      const params = a.params.map((_, j) => {
        const v = alloc(period);
        for (let k = 0; k < period; k++) v[k] = sweep[k % sweep.length][j];
        return v;
      });
      const outputs = (kernels: ElementwiseKernels) => {
        const y = alloc(n), dx = alloc(n);
        const dp = a.params.map(() => alloc(period).fill(0.25));
        kernels.forward(x, y, params, period, n);
        kernels.backward(x, dy, dx, params, dp, period, n);
        return { y: Array.from(y), dx: Array.from(dx), dp: dp.map((d) => Array.from(d)) };
      };
      const oneThread = outputs(acceleratedKernels(name, arena, wasm, null, period)!);
      const twoThreads = outputs(acceleratedKernels(name, arena, wasm, pool, period)!);
      expect(twoThreads).toEqual(oneThread);
      const oneCall = outputs(acceleratedKernels(name, arena, wasm)!);
      expect(oneThread.y).toEqual(oneCall.y);
      expect(oneThread.dx).toEqual(oneCall.dx);
      // The block sums add in another order than one running sum: equal to float32 rounding.
      oneThread.dp.forEach((d, j) => d.forEach((v, k) => expect(Math.abs(v - oneCall.dp[j][k]), `dp${j}[${k}]`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v)))));
    });
  });
});

describe('adaptiveGumbel’s op keeps its training forward’s exp and log parts for backward', () => {
  const tensor = (v: Float32Array) => ({ ptr: v.byteOffset, length: v.length });

  it.each([
    // Small periods take the flat kernels (a partial last vector for 3 × 7 and 1 × 33; pattern lengths 5, 3, 1, 7),
    // larger ones the row kernels.
    [10, 20],
    [3, 7],
    [1, 33],
    [7, 9],
    [16, 21],
    [37, 600],
  ])('period %i × %i rows: the recomputing kernels’ y and dx to the bit, α gradients to rounding, the same bits on 2 threads', (period, rows) => {
    const n = period * rows;
    const alphas = [1e-3, 0.1, 0.5, 1, 2, 10, 1e3];
    withArena((alloc) => {
      const x = alloc(n), dy = alloc(n), p = alloc(period);
      for (let i = 0; i < n; i++) {
        x[i] = 12 * Math.sin(i * 0.377) + ((i % 5) - 2) * 4;
        dy[i] = Math.cos(i * 0.911);
      }
      for (let k = 0; k < period; k++) p[k] = alphas[k % alphas.length];
      const run = (runner: GemmPool | null, keep: boolean) => {
        const op = acceleratedOp('adaptiveGumbel', arena, wasm, runner, period)!;
        const y = alloc(n), dx = alloc(n), dp = alloc(period).fill(0.5);
        const saved = keep ? tensor(alloc(op.savedPerValue * n)) : null;
        expect(op.forward(tensor(x), tensor(y), [tensor(p)], n, saved)).toBe(keep);
        op.backward(tensor(x), tensor(dy), tensor(dx), [tensor(p)], [tensor(dp)], n, saved);
        return { y: Array.from(y), dx: Array.from(dx), dp: Array.from(dp) };
      };
      const recomputed = run(null, false), kept = run(null, true);
      expect(kept.y).toEqual(recomputed.y);
      expect(kept.dx).toEqual(recomputed.dx);
      kept.dp.forEach((v, k) => expect(Math.abs(v - recomputed.dp[k]), `dp[${k}]`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v))));
      expect(run(pool, true)).toEqual(kept);
    });
  });

  it('keeps nothing where neither form pays (a small period, a large call), and other activations never keep', () => {
    for (const period of [1, 10, 16]) expect(acceleratedOp('adaptiveGumbel', arena, wasm, null, period)!.savedPerValue).toBe(3);
    const op = acceleratedOp('adaptiveGumbel', arena, wasm, null, 10)!;
    withArena((alloc) => {
      const n = 10 * 1000;
      const [x, y, saved, p] = [alloc(n), alloc(n), alloc(3 * n), alloc(10).fill(1)].map(tensor);
      expect(op.forward(x, y, [p], n, saved)).toBe(false);
      expect(() => op.backward(x, y, y, [p], [null], n, saved)).toThrow(/no forward keeps/);
    });
    expect(acceleratedOp('swish', arena, wasm, null, 10)!.savedPerValue).toBe(0);
    expect(acceleratedOp('gelu', arena, wasm, null, 10)).toBeNull();
  });
});
