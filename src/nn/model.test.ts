// Whole-network gradients (weights, biases, every activation parameter, each sharing mode)
// against central differences, in float64 so the comparison is tight (relative error, with
// gradients below 1e-4 compared absolutely: there the differences' own noise dominates).
import { describe, expect, it } from 'vitest';
import { getElementwise, resolveParams } from '../activations/catalog.js';
import { ACCELERATED_ACTIVATIONS } from '../engine/activation-kernels.js';
import { createEngine } from '../engine/create.js';
import type { Engine } from '../engine/engine.js';
import { createJsEngine } from '../engine/js-engine.js';
import { Rng } from '../rng.js';
import type { Sharing } from './activation-layer.js';
import { softmaxCrossEntropy } from './loss.js';
import { Model } from './model.js';
import { parseModelSpec } from './model-spec.js';

const BATCH = 4, FEATURES = 5, CLASSES = 3;

function setup(name: string, sharing: Sharing, values?: Record<string, number>, engine: Engine = createJsEngine(1 << 12, { float64: true }), spec = 'mlp:4,3') {
  const activation = getElementwise(name);
  const model = new Model(engine, new Rng(7), {
    inputShape: [FEATURES],
    blocks: parseModelSpec(spec),
    outputUnits: CLASSES,
    activation,
    activationValues: resolveParams(activation, values),
    sharing,
    init: 'glorot',
    maxBatch: BATCH,
  });
  const rng = new Rng(11);
  const x = engine.alloc(BATCH * FEATURES);
  engine.view(x).set(Array.from({ length: BATCH * FEATURES }, () => rng.normal()));
  const targets = [0, 2, 1, 2];
  const dlogits = engine.alloc(BATCH * CLASSES);
  // Spread learnable activation parameters so each slot differs (a shared bug cannot hide).
  for (const p of model.params) {
    if (p.group !== 'activation') continue;
    const v = engine.view(p.value);
    for (let i = 0; i < v.length; i++) v[i] += 0.1 * rng.normal();
  }
  const loss = () => softmaxCrossEntropy.evaluate(engine, model.forward(x, BATCH, true), targets, BATCH, CLASSES, null).loss;
  const backprop = () => {
    softmaxCrossEntropy.evaluate(engine, model.forward(x, BATCH, true), targets, BATCH, CLASSES, dlogits);
    model.backward(dlogits, BATCH);
  };
  return { engine, model, loss, backprop };
}

const cases: [string, Sharing, Record<string, number>?][] = [
  ['relu', 'layer'],
  ['sigmoid', 'layer'],
  ['prelu', 'layer'],
  ['prelu', 'neuron'],
  ['swish', 'neuron'],
  ['swish', 'layer'],
  ['learnableLinear', 'neuron'],
  ['learnableLinear', 'layer'],
  ['adaptiveRelu', 'neuron'],
  ['adaptiveRelu', 'channel'],
  ['adaptiveGumbel', 'neuron'],
  ['adaptiveGumbel', 'layer'],
  ['softExponential', 'neuron', { alpha: 0.3 }],
  ['softExponential', 'layer', { alpha: -0.2 }],
];

describe('whole-network gradients', () => {
  it.each(cases)('%s shared per %s matches central differences', (name, sharing, values) => {
    const { engine, model, loss, backprop } = setup(name, sharing, values);
    backprop();
    let worst = 0, where = '', checked = 0;
    for (const p of model.params) {
      const grad = engine.view(p.grad).slice();
      const value = engine.view(p.value);
      for (let i = 0; i < value.length; i++) {
        const old = value[i];
        const h = 1e-6 * Math.max(1, Math.abs(old));
        value[i] = old + h;
        const up = loss();
        value[i] = old - h;
        const down = loss();
        value[i] = old;
        const fd = (up - down) / (2 * h);
        const err = Math.abs(fd - grad[i]) / Math.max(1e-4, Math.abs(fd), Math.abs(grad[i]));
        checked++;
        if (err > worst) {
          worst = err;
          where = `${p.name}[${i}]: analytic ${grad[i]}, numeric ${fd}`;
        }
      }
    }
    expect(model.params.some((p) => p.group === 'activation')).toBe(getElementwise(name).params.some((s) => s.learnable));
    expect(checked).toBeGreaterThan(40);
    expect(worst, where).toBeLessThan(1e-5);
  });
});

describe('the WASM engine', () => {
  it.each<[string, Sharing, Record<string, number> | undefined, string]>([
    ['adaptiveGumbel', 'neuron', undefined, 'mlp:4,3'],
    // 20 and 16 per-neuron slots: the kernels that keep the forward's parts for backward.
    ['adaptiveGumbel', 'neuron', undefined, 'mlp:20,16'],
    ['softExponential', 'layer', { alpha: -0.2 }, 'mlp:4,3'],
    ['swish', 'channel', undefined, 'mlp:4,3'],
  ])('gives the float32 JS engine’s gradients with %s shared per %s (%s)', async (name, sharing, values, spec) => {
    const engine = await createEngine({ threads: 1 });
    try {
      expect(ACCELERATED_ACTIVATIONS, 'activations with WASM kernels').toContain(name);
      const wasm = setup(name, sharing, values, engine, spec);
      const js = setup(name, sharing, values, createJsEngine(1 << 12), spec);
      wasm.backprop();
      js.backprop();
      let worst = 0, where = '';
      wasm.model.params.forEach((p, k) => {
        const got = wasm.engine.view(p.grad), want = js.engine.view(js.model.params[k].grad);
        // Float32 sums in another order and float32 against float64-rounded activations: relative to the tensor's scale.
        const scale = Math.max(...Array.from(want, Math.abs));
        want.forEach((w, i) => {
          const err = Math.abs(got[i] - w) / scale;
          if (err > worst) [worst, where] = [err, `${p.name}[${i}]: wasm ${got[i]}, js ${w}`];
        });
      });
      expect(worst, where).toBeLessThan(1e-5);
    } finally {
      engine.dispose();
    }
  });
});
