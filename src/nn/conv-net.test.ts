// A small convolutional network, layer by layer: conv → batch norm → learnable activation per
// channel → max pool → flatten → dense, its gradients against central differences in float64
// and its forward pass and gradients on the WASM engine against the JS one.
import { describe, expect, it } from 'vitest';
import { getElementwise, resolveParams } from '../activations/catalog.js';
import { createEngine } from '../engine/create.js';
import type { Engine, Tensor } from '../engine/engine.js';
import { createJsEngine } from '../engine/js-engine.js';
import { Rng } from '../rng.js';
import { ActivationLayer } from './activation-layer.js';
import { BatchNorm } from './batch-norm.js';
import { Conv2D } from './conv2d.js';
import { Dense } from './dense.js';
import { Flatten } from './flatten.js';
import { sizeOf, type BuildContext, type Layer, type Shape } from './layer.js';
import { softmaxCrossEntropy } from './loss.js';
import { MaxPool2D } from './pool.js';
import { compareWithCentralDifferences, type GradientTarget } from './testing.js';

const BATCH = 3, INPUT: Shape = [7, 6, 2], CLASSES = 4;
const TARGETS = [2, 0, 3];

function buildNet(engine: Engine, stride: number) {
  const rng = new Rng(21);
  const ctx: BuildContext = { engine, maxBatch: BATCH, rng };
  const gumbel = getElementwise('adaptiveGumbel');
  const layers: Layer[] = [];
  const add = (make: (shape: Shape) => Layer) => layers.push(make(layers.length === 0 ? INPUT : layers[layers.length - 1].outputShape));
  add((s) => new Conv2D(ctx, 'conv0', s, { filters: 3, kernel: 3, stride, padding: 'same' }));
  add((s) => new BatchNorm(ctx, 'bn0', s));
  add((s) => new ActivationLayer(ctx, 'act0', s, gumbel, resolveParams(gumbel), 'channel'));
  add((s) => new MaxPool2D(ctx, 'pool0', s, 2));
  add((s) => new Flatten('flatten0', s));
  add((s) => new Dense(ctx, 'dense0', s[0], CLASSES, 'glorot'));
  const params = layers.flatMap((l) => l.params);
  // Spread the values that start equal (biases, γ, β, α per channel), so a slot mix-up shows.
  for (const p of params) {
    const v = engine.view(p.value);
    for (let i = 0; i < v.length; i++) v[i] += 0.2 * rng.normal();
  }
  const x = engine.alloc(BATCH * sizeOf(INPUT));
  const X = engine.view(x);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  const dlogits = engine.alloc(BATCH * CLASSES);
  /** Each layer's output of the last forward pass. */
  const outputs: Tensor[] = [];
  const forward = (training: boolean) =>
    layers.reduce((t: Tensor, l, i) => (outputs[i] = l.forward(t, BATCH, training)), x);
  const loss = () => softmaxCrossEntropy.evaluate(engine, forward(true), TARGETS, BATCH, CLASSES, null).loss;
  /** Backpropagates the loss; returns ∂L/∂x. */
  const backprop = (): Tensor => {
    softmaxCrossEntropy.evaluate(engine, forward(true), TARGETS, BATCH, CLASSES, dlogits);
    let d: Tensor | null = dlogits;
    for (let i = layers.length - 1; i >= 0; i--) d = layers[i].backward(d as Tensor, BATCH, true);
    return d as Tensor;
  };
  return { layers, params, x, outputs, forward, loss, backprop };
}

describe('conv → batch norm → activation → max pool → flatten → dense', () => {
  it.each([1, 2])('gradients of every parameter and the input match central differences (conv stride %i)', (stride) => {
    const engine = createJsEngine(1 << 12, { float64: true });
    const net = buildNet(engine, stride);
    expect(net.layers.map((l) => l.outputShape)).toEqual(
      stride === 1 ? [[7, 6, 3], [7, 6, 3], [7, 6, 3], [3, 3, 3], [27], [4]] : [[4, 3, 3], [4, 3, 3], [4, 3, 3], [2, 1, 3], [6], [4]],
    );
    const dx = net.backprop();
    const targets: GradientTarget[] = [
      { name: 'input', value: net.x, analytic: engine.view(dx).slice(0, net.x.length) },
      ...net.params.map((p) => ({ name: p.name, value: p.value, analytic: engine.view(p.grad).slice() })),
    ];
    expect(net.params.map((p) => p.name)).toEqual(['conv0.weight', 'conv0.bias', 'bn0.gamma', 'bn0.beta', 'act0.alpha', 'dense0.weight', 'dense0.bias']);
    const { worst, where, checked } = compareWithCentralDifferences(engine, net.loss, targets);
    expect(checked).toBeGreaterThan(100);
    expect(worst, where).toBeLessThan(1e-5);
  });

  it('the WASM engine gives the JS engine’s outputs and gradients within float32 tolerance', async () => {
    const wasm = await createEngine({ threads: 1 });
    const js = createJsEngine(1 << 12, { float64: true });
    try {
      const a = buildNet(wasm, 2), b = buildNet(js, 2);
      // Same starting point exactly: the float64 net takes the float32-rounded values.
      for (const [pa, pb] of a.params.map((p, i) => [p, b.params[i]] as const)) js.view(pb.value).set(wasm.view(pa.value));
      js.view(b.x).set(wasm.view(a.x));
      const compare = (ta: Tensor, tb: Tensor, n: number, what: string) => {
        const va = wasm.view(ta, n), vb = js.view(tb, n);
        let worst = 0, scale = 0;
        for (let i = 0; i < n; i++) {
          worst = Math.max(worst, Math.abs(va[i] - vb[i]));
          scale = Math.max(scale, Math.abs(vb[i]));
        }
        // The floor: conv0.bias has a zero gradient in exact arithmetic (batch norm subtracts the
        // mean), so both engines give rounding noise there.
        expect(worst / Math.max(scale, 1e-3), what).toBeLessThan(1e-5);
      };
      for (const training of [true, false]) {
        a.forward(training);
        b.forward(training);
        a.layers.forEach((l, i) => compare(a.outputs[i], b.outputs[i], BATCH * sizeOf(l.outputShape), `${l.name} (training ${training})`));
      }
      a.backprop();
      b.backprop();
      a.params.forEach((p, i) => compare(p.grad, b.params[i].grad, p.grad.length, `∂${p.name}`));
    } finally {
      wasm.dispose();
    }
  });
});
