import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create.js';
import type { Tensor } from '../engine/engine.js';
import { createJsEngine } from '../engine/js-engine.js';
import { Rng } from '../rng.js';
import { Conv2D } from './conv2d.js';
import type { Padding } from '../engine/window.js';
import { sizeOf, type BuildContext } from './layer.js';
import { checkLayerGradients, randomTensor } from './testing.js';

interface Case {
  shape: [number, number, number];
  filters: number;
  kernel: number;
  stride: number;
  padding: Padding;
  batch: number;
}

const cases: Case[] = [
  { shape: [5, 7, 3], filters: 4, kernel: 3, stride: 1, padding: 'valid', batch: 2 },
  { shape: [5, 7, 3], filters: 4, kernel: 3, stride: 1, padding: 'same', batch: 2 },
  { shape: [7, 6, 2], filters: 3, kernel: 3, stride: 2, padding: 'valid', batch: 3 },
  { shape: [6, 7, 2], filters: 3, kernel: 3, stride: 2, padding: 'same', batch: 2 }, // odd total pad on H
  { shape: [6, 6, 1], filters: 2, kernel: 2, stride: 1, padding: 'same', batch: 2 }, // even kernel
  { shape: [9, 5, 2], filters: 2, kernel: 5, stride: 2, padding: 'same', batch: 1 },
  { shape: [4, 4, 5], filters: 3, kernel: 1, stride: 1, padding: 'valid', batch: 2 },
];
const label = (c: Case) => `[${c.shape.join('×')}] → ${c.filters} filters, k${c.kernel} s${c.stride} ${c.padding}, batch ${c.batch}`;

/** Direct convolution, every output a sum over its window, padding derived afresh from TensorFlow's rule. */
function directConv(x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number>, c: Case): number[] {
  const [H, W, C] = c.shape, { kernel: k, stride: s, filters: F } = c;
  const outH = c.padding === 'same' ? Math.ceil(H / s) : Math.floor((H - k) / s) + 1;
  const outW = c.padding === 'same' ? Math.ceil(W / s) : Math.floor((W - k) / s) + 1;
  const top = c.padding === 'same' ? Math.floor(Math.max((outH - 1) * s + k - H, 0) / 2) : 0;
  const left = c.padding === 'same' ? Math.floor(Math.max((outW - 1) * s + k - W, 0) / 2) : 0;
  const y: number[] = [];
  for (let b = 0; b < c.batch; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let f = 0; f < F; f++) {
          let sum = bias[f];
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++)
              for (let ch = 0; ch < C; ch++) {
                const iy = oy * s + ky - top, ix = ox * s + kx - left;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                sum += x[((b * H + iy) * W + ix) * C + ch] * w[((ky * k + kx) * C + ch) * F + f];
              }
          y.push(sum);
        }
  return y;
}

function build(c: Case, float64: boolean) {
  const engine = createJsEngine(1 << 12, { float64 });
  const rng = new Rng(5);
  const ctx: BuildContext = { engine, maxBatch: c.batch + 1, rng };
  const conv = new Conv2D(ctx, 'conv0', c.shape, { filters: c.filters, kernel: c.kernel, stride: c.stride, padding: c.padding });
  const x = randomTensor(engine, c.batch * sizeOf(c.shape), rng);
  const bias = engine.view(conv.params[1].value);
  for (let f = 0; f < bias.length; f++) bias[f] = rng.normal(); // nonzero, so a missing bias shows
  return { engine, conv, x, rng };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

describe('Conv2D', () => {
  it.each(cases.map((c) => [label(c), c] as const))('forward matches a direct convolution: %s', (_, c) => {
    const { engine, conv, x } = build(c, false);
    const y = engine.view(conv.forward(x, c.batch), c.batch * sizeOf(conv.outputShape));
    const expected = directConv(engine.view(x), engine.view(conv.params[0].value), engine.view(conv.params[1].value), c);
    expect(y.length).toBe(expected.length);
    expect(maxAbsDiff(y, expected)).toBeLessThan(1e-5);
  });

  it.each(cases.map((c) => [label(c), c] as const))('input, weight and bias gradients match central differences: %s', (_, c) => {
    const { engine, conv, x, rng } = build(c, true);
    const { worst, where, checked } = checkLayerGradients(engine, conv, x, c.batch, true, rng);
    expect(checked).toBe(x.length + conv.params.reduce((n, p) => n + p.value.length, 0));
    expect(worst, where).toBeLessThan(1e-5);
  });

  it('matches TensorFlow.js conv2d (HWIO weights, TensorFlow padding) in every case', async () => {
    tf.env().set('IS_TEST', true); // silences the "install our node backend" banner
    await tf.setBackend('cpu');
    for (const c of cases) {
      const { engine, conv, x } = build(c, false);
      const y = engine.view(conv.forward(x, c.batch), c.batch * sizeOf(conv.outputShape));
      const expected = tf.tidy(() => {
        const input = tf.tensor4d(engine.view(x), [c.batch, ...c.shape]);
        const filter = tf.tensor4d(engine.view(conv.params[0].value), [c.kernel, c.kernel, c.shape[2], c.filters]);
        return tf.add(tf.conv2d(input, filter, c.stride, c.padding), tf.tensor1d(engine.view(conv.params[1].value))).dataSync();
      });
      expect(maxAbsDiff(y, expected), label(c)).toBeLessThan(1e-5);
    }
  });

  it('on the WASM engine gives the JS engine’s output and gradients within float32 tolerance', async () => {
    const wasm = await createEngine({ threads: 1 });
    const js = createJsEngine(1 << 12, { float64: true });
    try {
      const shape = [13, 11, 5], batch = 4;
      const make = (engine: typeof js) => {
        const rng = new Rng(17);
        const conv = new Conv2D({ engine, maxBatch: batch, rng }, 'conv0', shape, { filters: 7, kernel: 3, stride: 2, padding: 'same' });
        const x = randomTensor(engine, batch * sizeOf(shape), rng);
        const dy = randomTensor(engine, batch * sizeOf(conv.outputShape), rng);
        engine.view(conv.params[1].value).set(Array.from({ length: 7 }, () => rng.normal()));
        return { engine, conv, x, dy };
      };
      const a = make(wasm), b = make(js);
      // Same starting point exactly: the float64 layer takes the float32-rounded values.
      js.view(b.x).set(wasm.view(a.x));
      js.view(b.dy).set(wasm.view(a.dy));
      a.conv.params.forEach((p, i) => js.view(b.conv.params[i].value).set(wasm.view(p.value)));
      const n = batch * sizeOf(a.conv.outputShape);
      const relative = (ta: Tensor, tb: Tensor, length: number) => maxAbsDiff(wasm.view(ta, length), js.view(tb, length)) / Math.max(...js.view(tb, length).map(Math.abs));
      expect(relative(a.conv.forward(a.x, batch), b.conv.forward(b.x, batch), n)).toBeLessThan(1e-6);
      const dxA = a.conv.backward(a.dy, batch, true)!, dxB = b.conv.backward(b.dy, batch, true)!;
      expect(relative(dxA, dxB, a.x.length)).toBeLessThan(1e-6);
      a.conv.params.forEach((p, i) => expect(relative(p.grad, b.conv.params[i].grad, p.grad.length), p.name).toBeLessThan(1e-6));
    } finally {
      wasm.dispose();
    }
  });

  it('reports its shapes, initialises within the Glorot limit over k·k·inC and k·k·filters, bias 0', () => {
    const engine = createJsEngine();
    const conv = new Conv2D({ engine, maxBatch: 2, rng: new Rng(1) }, 'c', [8, 8, 3], { filters: 6, kernel: 3, stride: 2, padding: 'same' });
    expect(conv.outputShape).toEqual([4, 4, 6]);
    expect(conv.params.map((p) => [p.name, p.shape, p.group])).toEqual([
      ['c.weight', [3, 3, 3, 6], 'weight'],
      ['c.bias', [6], 'bias'],
    ]);
    const w = engine.view(conv.params[0].value), limit = Math.sqrt(6 / (27 + 54));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.8 * limit);
    expect(engine.view(conv.params[1].value).every((v) => v === 0)).toBe(true);
  });

  it('skips the input gradient when not needed, yet sets the parameter gradients; backward needs a fresh forward', () => {
    const c = cases[3];
    const { engine, conv, x } = build(c, true);
    const dy = engine.alloc(c.batch * sizeOf(conv.outputShape));
    engine.view(dy).fill(1);
    conv.forward(x, c.batch);
    expect(conv.backward(dy, c.batch, false)).toBeNull();
    const db = engine.view(conv.params[1].grad);
    expect(Array.from(db)).toEqual(Array(c.filters).fill(c.batch * sizeOf(conv.outputShape) / c.filters));
    // The column buffer still holds the input: a full backward may follow.
    expect(conv.backward(dy, c.batch, true)).not.toBeNull();
    expect(() => conv.backward(dy, c.batch, true)).toThrow(/without a forward/);
  });

  it('handles a batch smaller than maxBatch without reading past it', () => {
    const c = cases[2];
    const { engine, conv, x } = build(c, false);
    const full = engine.view(conv.forward(x, c.batch)).slice(0, 2 * sizeOf(conv.outputShape));
    const one = engine.view(conv.forward(x, 1), sizeOf(conv.outputShape));
    expect(Array.from(one)).toEqual(Array.from(full.subarray(0, sizeOf(conv.outputShape))));
  });
});
