// Engine passes on both engines beyond the plain GEMM: affine (a layer's forward), column sums (bias gradients), the
// Adam step, and the small elementwise passes activation layers use to read p = e^θ and form ∂L/∂θ.
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { Arena } from './arena.js';
import { createEngine, startWasmEngine } from './create.js';
import type { Engine } from './engine.js';

const engines: Engine[] = [];
afterAll(() => engines.forEach((e) => e.dispose()));

/** Lengths that cover whole vectors, every tail length and a single element. */
const LENGTHS = [1, 2, 3, 4, 5, 7, 8, 37];
const rng = new Rng(3);
const randomArray = (n: number) => Array.from({ length: n }, () => Math.fround(rng.uniform(-2, 2)));

describe.each(['wasm', 'js'] as const)('the %s engine', (kind) => {
  const make = async () => {
    const e = await createEngine({ threads: 1, kind });
    engines.push(e);
    return e;
  };
  // Every tail length of a 4-lane vector, and values out to float32's overflow and underflow.
  const xs = [-200, -104, -87.5, -20, -1, -1e-3, 0, 1e-7, 0.5, 1, 3.25, 20, 88.7, 89, 200, NaN, Infinity, -Infinity];

  it.each([1, 3, 4, 5, 18])('exp gives eˣ to float32 rounding over %i values, in place too', async (n) => {
    const e = await make();
    const x = e.alloc(n), y = e.alloc(n);
    e.view(x).set(xs.slice(0, n));
    e.exp(x, y, n);
    const got = e.view(y), input = e.view(x);
    for (let i = 0; i < n; i++) {
      const want = Math.fround(Math.exp(input[i]));
      if (!Number.isFinite(want) || want === 0) expect(got[i], `e^${input[i]}`).toBe(want);
      else expect(Math.abs(got[i] - want) / want, `e^${input[i]}`).toBeLessThan(3e-7);
    }
    e.exp(x, x, n);
    expect(Array.from(e.view(x))).toEqual(Array.from(got));
  });

  it.each([1, 2])('affine is the product, then the bias added to each row in float32, to the bit (%i threads)', async (threads) => {
    const e = await createEngine({ threads, kind });
    engines.push(e);
    // Edge tiles in rows and columns, K past one 256-deep block, and a shape large enough to split over threads.
    for (const [m, n, k] of [[20, 10, 10], [5, 3, 257], [9, 21, 513], [32, 128, 784], [1, 1, 0]]) {
      const x = e.alloc(m * k), w = e.alloc(k * n), bias = e.alloc(n), y = e.alloc(m * n), product = e.alloc(m * n);
      const fill = (t: { length: number }, seed: number) => Float32Array.from({ length: t.length }, (_, i) => Math.sin(i * 0.37 + seed) * 2);
      e.view(x).set(fill(x, 1));
      e.view(w).set(fill(w, 2));
      e.view(bias).set(fill(bias, 3));
      e.affine(x, w, bias, y, m, n, k);
      e.gemm('nn', m, n, k, x, w, product, false);
      const b = e.view(bias), want = Array.from(e.view(product), (v, i) => Math.fround(v + b[i % n]));
      expect(Array.from(e.view(y)), `${m}×${n}×${k}`).toEqual(want);
    }
  });

  it('sumColumns overwrites its output, or adds to it when accumulating', async () => {
    const e = await make();
    const rows = 3, cols = 6;
    const x = e.alloc(rows * cols), out = e.alloc(cols);
    e.view(x).set(Array.from({ length: rows * cols }, (_, i) => i));
    e.view(out).fill(100);
    e.sumColumns(x, rows, cols, out, false);
    expect(Array.from(e.view(out))).toEqual([18, 21, 24, 27, 30, 33]);
    e.sumColumns(x, rows, cols, out, true);
    expect(Array.from(e.view(out))).toEqual([36, 42, 48, 54, 60, 66]);
  });

  it('sumColumns sums each column over rows, for every tail length of a vector', async () => {
    const e = await make();
    for (const cols of LENGTHS) {
      const rows = 3, xs = randomArray(rows * cols), start = randomArray(cols);
      const x = e.alloc(rows * cols), out = e.alloc(cols);
      e.view(x).set(xs);
      e.view(out).set(start);
      e.sumColumns(x, rows, cols, out, true);
      const want = start.map((s, j) => s + xs[j] + xs[cols + j] + xs[2 * cols + j]);
      e.view(out).forEach((v, j) => expect(v, `${cols} columns [${j}]`).toBeCloseTo(want[j], 5));
    }
  });

  it('adam follows PyTorch’s update over several steps', async () => {
    const e = await make();
    for (const n of LENGTHS) {
      const w0 = randomArray(n), hyper = { lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6 };
      const w = e.alloc(n), g = e.alloc(n), m = e.alloc(n), v = e.alloc(n);
      e.view(w).set(w0);
      const ref = { w: [...w0], m: new Array(n).fill(0), v: new Array(n).fill(0) };
      for (let step = 1; step <= 5; step++) {
        const gs = randomArray(n);
        e.view(g).set(gs);
        e.adam(w, g, m, v, n, hyper.lr, hyper.beta1, hyper.beta2, hyper.eps, step);
        for (let i = 0; i < n; i++) {
          ref.m[i] = hyper.beta1 * ref.m[i] + (1 - hyper.beta1) * gs[i];
          ref.v[i] = hyper.beta2 * ref.v[i] + (1 - hyper.beta2) * gs[i] ** 2;
          const denom = Math.sqrt(ref.v[i]) / Math.sqrt(1 - hyper.beta2 ** step) + hyper.eps;
          ref.w[i] -= (hyper.lr / (1 - hyper.beta1 ** step)) * (ref.m[i] / denom);
        }
      }
      e.view(w).forEach((value, i) => expect(Math.abs(value - ref.w[i])).toBeLessThan(2e-6));
    }
  });

  it('multiply gives the elementwise product, ±0, ∞ and NaN as IEEE says', async () => {
    const e = await make();
    const n = 7;
    const a = e.alloc(n), b = e.alloc(n), out = e.alloc(n);
    e.view(a).set([1.5, -2, 0, -0, Infinity, NaN, 3]);
    e.view(b).set([2, 0.25, -1, 5, 0, 1, 1e-30]);
    e.multiply(a, b, out, n);
    expect(Array.from(e.view(out))).toEqual([3, -0.5, -0, -0, NaN, NaN, Math.fround(3 * Math.fround(1e-30))]);
  });
});

describe('the wasm engine', () => {
  it('zero-fills what it allocates, memory the arena hands out again too', async () => {
    const { engine, arena } = await startWasmEngine(new Arena({ initialBytes: 1 << 16 }), { threads: 1 });
    const p = arena.alloc(64);
    arena.f32(p, 16).fill(7);
    arena.release(p);
    const t = engine.alloc(16);
    expect(t.ptr).toBe(p);
    expect([...engine.view(t)]).toEqual(new Array(16).fill(0));
  });
});
