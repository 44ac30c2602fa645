// The optimizers against float64 transcriptions of PyTorch's update rules, on both engines, with the
// Keras-convention penalties and per-group learning rates.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create.js';
import type { Engine } from '../engine/engine.js';
import type { Param, ParamGroup } from '../nn/layer.js';
import { Rng } from '../rng.js';
import { Optimizer, type Groups } from './optimizer.js';

const engines: Engine[] = [];
afterAll(() => engines.forEach((e) => e.dispose()));

async function engine(kind: 'wasm' | 'js'): Promise<Engine> {
  const e = await createEngine({ threads: 1, kind });
  engines.push(e);
  return e;
}

function param(e: Engine, name: string, group: ParamGroup, values: number[]): Param {
  const value = e.alloc(values.length), grad = e.alloc(values.length);
  e.view(value).set(values);
  return { name, shape: [values.length], group, value, grad };
}

const GROUPS: Groups = {
  weight: { lr: 0.1, l1: 0.01, l2: 0.02 },
  bias: { lr: 0.05, l1: 0, l2: 0 },
  activation: { lr: 0.3, l1: 0.002, l2: 0.001 },
};

/** Float64 SGD as torch.optim.SGD (dampening 0), the penalty gradient l1·sign(w) + 2·l2·w added to g. */
function referenceSgd(w: number[], grads: number[][], s: { lr: number; l1: number; l2: number }, momentum: number, nesterov: boolean): number[] {
  const vel = w.map(() => 0);
  const out = [...w];
  for (const g of grads) {
    for (let i = 0; i < out.length; i++) {
      const d = g[i] + s.l1 * Math.sign(out[i]) + 2 * s.l2 * out[i];
      vel[i] = momentum * vel[i] + d;
      out[i] -= s.lr * (nesterov ? d + momentum * vel[i] : vel[i]);
    }
  }
  return out;
}

describe.each(['wasm', 'js'] as const)('Optimizer on the %s engine', (kind) => {
  it.each([
    [0, false],
    [0.9, false],
    [0.9, true],
  ])('SGD with momentum %s (Nesterov %s) follows PyTorch, with each group’s rate and penalty', async (momentum, nesterov) => {
    const e = await engine(kind);
    const rng = new Rng(7);
    // 11 values: two SIMD vectors and a partial one; one weight exactly 0 (sign 0).
    const start = Array.from({ length: 11 }, (_, i) => (i === 3 ? 0 : rng.normal()));
    const params = (['weight', 'bias', 'activation'] as const).map((g) => param(e, `p.${g}`, g, start));
    const optimizer = new Optimizer(e, params, { kind: 'sgd', momentum, nesterov }, GROUPS);
    const grads = Array.from({ length: 4 }, () => start.map(() => rng.normal()));
    for (const g of grads) {
      for (const p of params) e.view(p.grad).set(g);
      optimizer.update();
    }
    for (const p of params) {
      const expected = referenceSgd(start, grads, GROUPS[p.group], momentum, nesterov);
      const got = Array.from(e.view(p.value));
      got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    }
  });

  it('scales every group’s rate by lrScale', async () => {
    const e = await engine(kind);
    const [a, b] = [param(e, 'a', 'weight', [1, -2, 3]), param(e, 'b', 'weight', [1, -2, 3])];
    const plain = { lr: 0.1, l1: 0, l2: 0 };
    const groups: Groups = { weight: plain, bias: plain, activation: plain };
    const full = new Optimizer(e, [a], { kind: 'sgd', momentum: 0, nesterov: false }, groups);
    const half = new Optimizer(e, [b], { kind: 'sgd', momentum: 0, nesterov: false }, { ...groups, weight: { ...plain, lr: 0.05 } });
    full.lrScale = 0.5;
    e.view(a.grad).set([1, 1, 1]);
    e.view(b.grad).set([1, 1, 1]);
    full.update();
    half.update();
    expect(Array.from(e.view(a.value))).toEqual(Array.from(e.view(b.value)));
  });
});
