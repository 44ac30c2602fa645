import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createJsEngine } from '../engine/js-engine.js';
import { Rng } from '../rng.js';
import { sizeOf, type BuildContext } from './layer.js';
import { AvgPool2D, MaxPool2D } from './pool.js';
import { checkLayerGradients, randomTensor } from './testing.js';

type Kind = 'max' | 'avg';
interface Case {
  shape: [number, number, number];
  size: number;
  stride?: number;
  batch: number;
}

const cases: Case[] = [
  { shape: [4, 6, 3], size: 2, batch: 2 },
  { shape: [7, 5, 2], size: 2, batch: 2 }, // odd sizes: the last row/column is dropped
  { shape: [7, 7, 1], size: 3, stride: 2, batch: 3 }, // overlapping windows
  { shape: [5, 6, 2], size: 2, stride: 1, batch: 1 },
  { shape: [6, 5, 3], size: 3, batch: 2 },
];
const label = (c: Case) => `[${c.shape.join('×')}] size ${c.size} stride ${c.stride ?? c.size}, batch ${c.batch}`;
const all = (['max', 'avg'] as const).flatMap((kind) => cases.map((c) => [kind, label(c), c] as const));

/** Direct pooling: each output reduces its window with Math.max or the mean. */
function directPool(x: ArrayLike<number>, kind: Kind, c: Case): number[] {
  const [H, W, C] = c.shape, k = c.size, s = c.stride ?? c.size;
  const outH = Math.floor((H - k) / s) + 1, outW = Math.floor((W - k) / s) + 1;
  const y: number[] = [];
  for (let b = 0; b < c.batch; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let ch = 0; ch < C; ch++) {
          const window: number[] = [];
          for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) window.push(x[((b * H + oy * s + ky) * W + ox * s + kx) * C + ch]);
          y.push(kind === 'max' ? Math.max(...window) : window.reduce((a, v) => a + v, 0) / window.length);
        }
  return y;
}

function build(kind: Kind, c: Case, float64: boolean) {
  const engine = createJsEngine(1 << 12, { float64 });
  const rng = new Rng(9);
  const ctx: BuildContext = { engine, maxBatch: c.batch + 1, rng };
  const pool = kind === 'max' ? new MaxPool2D(ctx, 'pool0', c.shape, c.size, c.stride) : new AvgPool2D(ctx, 'pool0', c.shape, c.size, c.stride);
  const x = randomTensor(engine, c.batch * sizeOf(c.shape), rng);
  return { engine, pool, x, rng };
}

describe('MaxPool2D and AvgPool2D', () => {
  it.each(all)('%s pool forward matches direct pooling: %s', (kind, _, c) => {
    const { engine, pool, x } = build(kind, c, false);
    const y = engine.view(pool.forward(x, c.batch), c.batch * sizeOf(pool.outputShape));
    const expected = directPool(engine.view(x), kind, c);
    expect(y.length).toBe(expected.length);
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it.each(all)('%s pool input gradient matches central differences: %s', (kind, _, c) => {
    const { engine, pool, x, rng } = build(kind, c, true);
    const { worst, where, checked } = checkLayerGradients(engine, pool, x, c.batch, true, rng);
    expect(checked).toBe(x.length);
    expect(worst, where).toBeLessThan(1e-5);
  });

  it('matches TensorFlow.js maxPool and avgPool', async () => {
    tf.env().set('IS_TEST', true); // silences the "install our node backend" banner
    await tf.setBackend('cpu');
    for (const kind of ['max', 'avg'] as const) {
      for (const c of cases) {
        const { engine, pool, x } = build(kind, c, false);
        const y = engine.view(pool.forward(x, c.batch), c.batch * sizeOf(pool.outputShape));
        const expected = tf.tidy(() => {
          const input = tf.tensor4d(engine.view(x), [c.batch, ...c.shape]);
          const stride = c.stride ?? c.size;
          return (kind === 'max' ? tf.maxPool(input, c.size, stride, 'valid') : tf.avgPool(input, c.size, stride, 'valid')).dataSync();
        });
        expect(y.length).toBe(expected.length);
        y.forEach((v, i) => expect(v, `${kind} ${label(c)} [${i}]`).toBeCloseTo(expected[i], 6));
      }
    }
  });

  it('max pool routes the gradient to the first maximum on ties, and adds where windows overlap', () => {
    const engine = createJsEngine();
    const pool = new MaxPool2D({ engine, maxBatch: 1, rng: new Rng(1) }, 'p', [3, 3, 1], 2, 1);
    const x = engine.alloc(9), dy = engine.alloc(4);
    engine.view(x).set([1, 5, 5, 5, 5, 2, 0, 3, 3]);
    engine.view(dy).set([1, 10, 100, 1000]);
    expect(Array.from(engine.view(pool.forward(x, 1)))).toEqual([5, 5, 5, 5]);
    const dx = pool.backward(dy, 1, true);
    // Each window ties at 5; its first 5 in scan order takes the gradient: windows (0,0) and (0,1)
    // both pick index 1, (1,0) index 3, (1,1) index 4.
    expect(Array.from(engine.view(dx!))).toEqual([0, 11, 0, 100, 1000, 0, 0, 0, 0]);
  });

  it('max pool propagates NaN', () => {
    const engine = createJsEngine();
    const pool = new MaxPool2D({ engine, maxBatch: 1, rng: new Rng(1) }, 'p', [2, 2, 1], 2);
    const x = engine.alloc(4);
    engine.view(x).set([1, NaN, 3, 2]);
    expect(engine.view(pool.forward(x, 1))[0]).toBeNaN();
    engine.view(x).set([NaN, 4, 3, 2]);
    expect(engine.view(pool.forward(x, 1))[0]).toBeNaN();
  });

  it('reports shapes and returns null when the input gradient is not needed', () => {
    const engine = createJsEngine();
    const ctx = { engine, maxBatch: 2, rng: new Rng(1) };
    const max = new MaxPool2D(ctx, 'p', [7, 5, 3], 2);
    const avg = new AvgPool2D(ctx, 'q', [7, 7, 3], 3, 2);
    expect([max.outputShape, avg.outputShape]).toEqual([[3, 2, 3], [3, 3, 3]]);
    expect([max.params, avg.params]).toEqual([[], []]);
    const x = engine.alloc(2 * 7 * 7 * 3), dy = engine.alloc(2 * 27);
    max.forward(x, 2);
    avg.forward(x, 2);
    expect([max.backward(dy, 2, false), avg.backward(dy, 2, false)]).toEqual([null, null]);
    expect(() => new MaxPool2D(ctx, 'r', [1, 5, 3], 2)).toThrow(/does not fit/);
  });
});
