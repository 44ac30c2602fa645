// The WASM image kernels against the JS engine's (js-image-kernels.ts, the TypeScript loops) and against float64
// batch-norm formulas, over geometries that exercise every path: channel counts with and without a partial vector,
// padding on each side, strides below, at and above the window, ties and NaNs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { createEngine } from './create.js';
import type { Engine, Tensor } from './engine.js';
import type { ImageKernels } from './image-kernels.js';
import { createJsEngine } from './js-engine.js';
import { col2im, im2col } from './js-image-kernels.js';
import { patchSize, windowGeometry, type Padding } from './window.js';

type Shape = [number, number, number];
const sizeOf = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

let engine: Engine;
let image: ImageKernels;

beforeAll(async () => {
  engine = await createEngine({ threads: 1 });
  image = engine.imageKernels();
});
afterAll(() => engine.dispose());

/** Floats of sentinel on each side of a guarded tensor. */
const GUARD = 8;
/** Each guarded tensor's own sentinel, so that a kernel copying past one tensor into another shows too. */
let sentinel = 1000.5;

/** A tensor with sentinel floats before and after it, to catch writes outside its range. */
function guarded(length: number): { t: Tensor; intact: () => boolean } {
  const whole = engine.alloc(length + 2 * GUARD);
  const all = engine.view(whole), mark = ++sentinel;
  all.fill(mark, 0, GUARD);
  all.fill(mark, GUARD + length);
  const intact = () => {
    const v = engine.view(whole);
    for (let i = 0; i < GUARD; i++) if (v[i] !== mark || v[GUARD + length + i] !== mark) return false;
    return true;
  };
  return { t: { ptr: whole.ptr + 4 * GUARD, length }, intact };
}

function filled(length: number, value: (i: number) => number): ReturnType<typeof guarded> {
  const g = guarded(length);
  const v = engine.view(g.t);
  for (let i = 0; i < length; i++) v[i] = value(i);
  return g;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => Object.is(v, b[i]));

/** Largest |a − b| / max(1, |b|). */
function worstError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('im2col and col2im', () => {
  const cases: [Shape, number, number, Padding, number][] = [
    [[28, 28, 1], 5, 1, 'valid', 2], // LeNet's first convolution
    [[12, 12, 20], 5, 1, 'valid', 2], // and its second
    [[5, 7, 3], 3, 1, 'same', 2],
    [[6, 7, 2], 3, 2, 'same', 3], // odd total pad: the extra at the bottom
    [[7, 6, 5], 4, 1, 'same', 1], // even kernel: more padding after than before
    [[9, 5, 4], 5, 2, 'same', 2],
    [[7, 7, 1], 2, 2, 'same', 1],
    [[5, 5, 7], 1, 2, 'valid', 2],
    [[4, 4, 1], 4, 1, 'valid', 3], // a run of exactly one vector
    [[3, 3, 1], 3, 1, 'same', 2], // runs of 1..3 floats
    [[6, 6, 2], 2, 3, 'valid', 2], // stride above the window
  ];
  it.each(cases)('match the TypeScript loops exactly: [%j], k %i, s %i, %s, batch %i', (shape, kernel, stride, padding, batch) => {
    const rng = new Rng(17);
    const g = windowGeometry(shape, kernel, stride, padding);
    const n = batch * sizeOf(shape), m = batch * g.outH * g.outW * patchSize(g);
    const x = filled(n, () => rng.normal()), cols = guarded(m);
    image.im2col(x.t, cols.t, g, batch);
    const want = new Float32Array(m);
    im2col(engine.view(x.t), want, g, batch);
    expect(same(engine.view(cols.t), want)).toBe(true);
    expect(cols.intact(), 'cols guards').toBe(true);

    const dCols = filled(m, () => rng.normal()), dx = filled(n, () => NaN); // col2im must overwrite dx
    image.col2im(dCols.t, dx.t, g, batch);
    const wantDx = new Float32Array(n);
    col2im(engine.view(dCols.t), wantDx, g, batch);
    // Same additions in the same order: bit for bit.
    expect(same(engine.view(dx.t), wantDx)).toBe(true);
    expect(dx.intact() && x.intact() && dCols.intact(), 'guards').toBe(true);
  });
});

describe('max and average pooling', () => {
  const cases: [Shape, number, number, number][] = [
    [[24, 24, 20], 2, 2, 2], // LeNet
    [[8, 8, 50], 2, 2, 2], // a partial vector of channels
    [[7, 5, 3], 2, 2, 2], // odd sizes: the last row and column are dropped
    [[7, 7, 1], 3, 2, 3], // overlapping windows
    [[5, 6, 5], 2, 1, 1],
    [[6, 5, 4], 3, 3, 2],
    [[7, 7, 6], 2, 3, 2], // stride above the window: gaps
  ];
  const label = ([shape, size, stride, batch]: (typeof cases)[number]) => `[${shape.join('×')}] size ${size} stride ${stride}, batch ${batch}`;

  /** Values with many ties (a few levels, ±0) and some NaNs: the cases where the argmax rule matters. */
  function tieHeavy(rng: Rng, n: number): number[] {
    return Array.from({ length: n }, () => {
      const u = rng.next();
      if (u < 0.02) return NaN;
      if (u < 0.1) return -0;
      if (u < 0.5) return Math.floor(rng.next() * 4) - 2;
      return rng.normal();
    });
  }

  /** The JS engine's pooling over `batch` images of `shape`: its image kernels, the geometry, and copies in its memory. */
  function jsPool(float64: boolean, shape: Shape, size: number, stride: number, batch: number) {
    const js = createJsEngine(1 << 12, { float64 });
    const g = windowGeometry(shape, size, stride, 'valid');
    const n = batch * sizeOf(shape), m = batch * g.outH * g.outW * g.inC;
    const copy = (from: Tensor, length: number) => {
      const t = js.alloc(length);
      js.view(t).set(engine.view(from, length));
      return t;
    };
    return { js, kernels: js.imageKernels(), g, n, m, copy };
  }

  it.each(cases.map((c) => [label(c), ...c] as const))('max pool forward and backward match the TypeScript loops exactly: %s', (_, shape, size, stride, batch) => {
    const rng = new Rng(23);
    const { js, kernels, g, n, m, copy } = jsPool(false, shape, size, stride, batch);
    const values = tieHeavy(rng, n), dyValues = Array.from({ length: m }, () => (rng.next() < 0.1 ? -0 : rng.normal()));
    const x = filled(n, (i) => values[i]), y = guarded(m), argmax = guarded(m), dy = filled(m, (i) => dyValues[i]), dx = filled(n, () => NaN);
    image.maxPool(x.t, y.t, argmax.t, g, batch);
    image.maxPoolBackward(dy.t, argmax.t, dx.t, g, batch);

    const jx = copy(x.t, n), jy = js.alloc(m), jArgmax = js.alloc(m), jdy = copy(dy.t, m), jdx = js.alloc(n);
    kernels.maxPool(jx, jy, jArgmax, g, batch);
    kernels.maxPoolBackward(jdy, jArgmax, jdx, g, batch);
    expect(same(engine.view(y.t), js.view(jy))).toBe(true);
    // Both keep the indices as int32s in the tensor's slots.
    expect(same(new Int32Array(engine.view(argmax.t).slice().buffer), new Int32Array(js.view(jArgmax).slice().buffer))).toBe(true);
    expect(same(engine.view(dx.t), js.view(jdx))).toBe(true);
    expect([x, y, argmax, dy, dx].every((t) => t.intact()), 'guards').toBe(true);
  });

  it.each(cases.map((c) => [label(c), ...c] as const))('average pool forward and backward match the TypeScript loops: %s', (_, shape, size, stride, batch) => {
    const rng = new Rng(29);
    const { js, kernels, g, n, m, copy } = jsPool(true, shape, size, stride, batch);
    const x = filled(n, () => rng.normal()), y = guarded(m), dy = filled(m, () => rng.normal()), dx = filled(n, () => NaN);
    image.avgPool(x.t, y.t, g, batch);
    image.avgPoolBackward(dy.t, dx.t, g, batch);
    const jx = copy(x.t, n), jy = js.alloc(m), jdy = copy(dy.t, m), jdx = js.alloc(n);
    kernels.avgPool(jx, jy, g, batch);
    kernels.avgPoolBackward(jdy, jdx, g, batch);
    // Float32 sums of ≤ 9 terms against float64: a few units of roundoff.
    expect(worstError(engine.view(y.t), js.view(jy))).toBeLessThan(1e-6);
    expect(worstError(engine.view(dx.t), js.view(jdx))).toBeLessThan(1e-6);
    expect([x, y, dy, dx].every((t) => t.intact()), 'guards').toBe(true);
  });
});

describe('batch-norm passes', () => {
  // Row counts around the 16-row float32 blocks; channel counts with every partial-vector length.
  const cases: [number, number][] = [
    [1, 1],
    [15, 3],
    [16, 4],
    [17, 5],
    [100, 20],
    [333, 50],
    [64, 1000],
    [57_600, 20], // LeNet's first batch norm at batch 100
  ];

  /** Per-channel float64 reference sums of f(i) over the rows. */
  function channelSums(rows: number, C: number, f: (i: number) => number): Float64Array {
    const sums = new Float64Array(C);
    for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) sums[c] += f(r * C + c);
    return sums;
  }

  it.each(cases)('mean and variance, normalisation, gradient sums and input gradient: %i rows × %i channels', (rows, C) => {
    const rng = new Rng(31);
    const n = rows * C;
    // Channels with distinct offsets and scales, an offset large against the spread in some.
    const offset = Array.from({ length: C }, (_, c) => (c % 3 === 0 ? 50 : rng.normal())), spread = Array.from({ length: C }, () => 0.1 + rng.next());
    const x = filled(n, (i) => offset[i % C] + spread[i % C] * rng.normal());
    const X = engine.view(x.t).slice();
    const mean = new Float64Array(C), variance = new Float64Array(C);
    image.meanVariance(x.t, rows, C, mean, variance);
    const wantMean = channelSums(rows, C, (i) => X[i]).map((s) => s / rows);
    const wantVariance = channelSums(rows, C, (i) => (X[i] - wantMean[i % C]) ** 2).map((s) => s / rows);
    let meanError = 0, varianceError = 0;
    for (let c = 0; c < C; c++) {
      // Floors for the one-row case, where the variance is 0 exactly.
      meanError = Math.max(meanError, Math.abs(mean[c] - wantMean[c]) / Math.max(Math.sqrt(wantVariance[c]), 1e-6));
      varianceError = Math.max(varianceError, Math.abs(variance[c] - wantVariance[c]) / Math.max(wantVariance[c], 1e-12));
    }
    expect(meanError, 'mean error in standard deviations').toBeLessThan(1e-6);
    expect(varianceError, 'relative variance error').toBeLessThan(1e-6);

    const invStd = wantVariance.map((v) => 1 / Math.sqrt(v + 1e-3));
    const gamma = filled(C, () => 1 + 0.5 * rng.normal()), beta = filled(C, () => rng.normal());
    const G = engine.view(gamma.t).slice(), Bt = engine.view(beta.t).slice();
    const xHat = guarded(n), y = guarded(n);
    image.normalize(x.t, xHat.t, y.t, rows, C, wantMean, invStd, gamma.t, beta.t);
    const wantXHat = Float64Array.from(X, (v, i) => (v - wantMean[i % C]) * invStd[i % C]);
    const normError = worstError(engine.view(xHat.t), wantXHat);
    const outError = worstError(engine.view(y.t), Float64Array.from(wantXHat, (h, i) => G[i % C] * h + Bt[i % C]));
    // The channels with mean 50 and spread 0.1 would lose |mean|·u/σ ≈ 3e-5 with a float32 mean.
    expect(normError, 'x̂').toBeLessThan(2e-6);
    expect(outError, 'y').toBeLessThan(2e-6);

    const dy = filled(n, () => rng.normal());
    const D = engine.view(dy.t).slice(), H = engine.view(xHat.t).slice();
    const sumDy = new Float64Array(C), sumDyXHat = new Float64Array(C);
    image.gradSums(dy.t, xHat.t, rows, C, sumDy, sumDyXHat);
    const wantSumDy = channelSums(rows, C, (i) => D[i]), wantSumDyXHat = channelSums(rows, C, (i) => D[i] * H[i]);
    // Sums of rows standard-normal terms: their size is ~√rows.
    const sumError = Math.max(worstError(sumDy, wantSumDy), worstError(sumDyXHat, wantSumDyXHat)) / Math.sqrt(rows);
    expect(sumError, 'gradient sums').toBeLessThan(1e-6);

    const a = Float64Array.from({ length: C }, () => rng.normal()), b = a.map(() => rng.normal()), k = a.map(() => rng.normal());
    const dx = guarded(n);
    image.affineGrad(dy.t, xHat.t, dx.t, rows, C, a, b, k);
    const gradError = worstError(engine.view(dx.t), Float64Array.from(D, (d, i) => a[i % C] * d + b[i % C] + k[i % C] * H[i]));
    expect(gradError, 'dx').toBeLessThan(1e-6);
    expect([x, gamma, beta, xHat, y, dy, dx].every((t) => t.intact()), 'guards').toBe(true);
    if (rows * C >= 57_600) {
      console.log(`batch norm ${rows}×${C}: mean ${meanError.toExponential(2)} σ, variance ${varianceError.toExponential(2)}, x̂ ${normError.toExponential(2)}, y ${outError.toExponential(2)}, sums ${sumError.toExponential(2)}, dx ${gradError.toExponential(2)}`);
    }
  });
});

describe('split over threads', () => {
  it('gives the one-thread results bit for bit on LeNet-sized calls', async () => {
    const threaded = await createEngine({ threads: 2 });
    try {
      const split = threaded.imageKernels();
      const rng = new Rng(37);
      const batch = 7, shape: Shape = [24, 24, 20];
      const pool = windowGeometry(shape, 2, 2, 'valid'), conv = windowGeometry(shape, 5, 1, 'same');
      const n = batch * sizeOf(shape), pooled = batch * pool.outH * pool.outW * 20, m = batch * conv.outH * conv.outW * patchSize(conv);
      const values = Float32Array.from({ length: Math.max(n, m) }, () => rng.normal());
      /** Runs every split kernel on `e` from the same inputs; returns each output. */
      const outputs = (e: Engine, k: ImageKernels) => {
        const t = (length: number, from?: Float32Array) => {
          const tensor = e.alloc(length);
          if (from !== undefined) e.view(tensor).set(from.subarray(0, length));
          return tensor;
        };
        const x = t(n, values), cols = t(m), dCols = t(m, values), dx = t(n), y = t(pooled), argmax = t(pooled), dy = t(pooled, values), poolDx = t(n);
        const avgY = t(pooled), avgDx = t(n), xHat = t(n), bnY = t(n), bnDx = t(n), gamma = t(20, values), beta = t(20, values.subarray(20));
        k.im2col(x, cols, conv, batch);
        k.col2im(dCols, dx, conv, batch);
        k.maxPool(x, y, argmax, pool, batch);
        k.maxPoolBackward(dy, argmax, poolDx, pool, batch);
        k.avgPool(x, avgY, pool, batch);
        k.avgPoolBackward(dy, avgDx, pool, batch);
        const C = 20, rows = n / C, stats = Float64Array.from({ length: C }, (_, c) => values[c]);
        k.normalize(x, xHat, bnY, rows, C, stats, stats.map(Math.abs), gamma, beta);
        k.affineGrad(x, xHat, bnDx, rows, C, stats, stats, stats);
        return [cols, dx, y, poolDx, avgY, avgDx, xHat, bnY, bnDx].map((out) => e.view(out).slice());
      };
      const one = outputs(engine, image), two = outputs(threaded, split);
      one.forEach((o, i) => expect(same(two[i], o), `output ${i}`).toBe(true));
    } finally {
      threaded.dispose();
    }
  });
});
