// The library's train() on examples in memory: it learns, predicts, hands out a checkpoint that loadModel rebuilds to
// the same predictions, and refuses bad examples and settings by name.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { loadModel } from './model.js';
import { train } from './train.js';

/** Three Gaussian blobs in 4 dimensions, as rows. */
function blobs(count: number, seed: number): { x: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const y = Array.from({ length: count }, (_, i) => i % 3);
  const x = y.map((c) => Array.from({ length: 4 }, (_, k) => rng.normal() + (k === c ? 3 : 0)));
  return { x, y };
}

describe('train (in memory)', () => {
  it('learns blobs with a learnable activation, predicts, and round-trips its checkpoint', async () => {
    const epochs: number[] = [];
    const { summary, metrics, model } = await train(
      { data: blobs(600, 1), test: blobs(150, 2), model: 'mlp:8', activation: 'adaptiveRelu', epochs: 3, lr: 0.02, threads: 1 },
      { onEpoch: (m) => epochs.push(m.epoch) },
    );
    try {
      expect(epochs).toEqual([1, 2, 3]);
      expect(metrics.map((m) => m.epoch)).toEqual([1, 2, 3]);
      expect(summary.final.testAccuracy).toBeGreaterThan(0.9);
      const probe = blobs(20, 3).x;
      const p = model.predict(probe);
      expect(p).toHaveLength(60);
      for (let i = 0; i < 20; i++) expect(p[3 * i] + p[3 * i + 1] + p[3 * i + 2]).toBeCloseTo(1, 5);
      const [act] = model.activations();
      expect(act.activation).toBe('adaptiveRelu');
      expect(act.learned.alpha).toHaveLength(8);
      expect(act.learned.alpha).not.toEqual(act.initial.alpha);
      const loaded = await loadModel(model.checkpoint());
      expect(Array.from(loaded.predict(probe))).toEqual(Array.from(p));
      expect(Array.from(loaded.predict(probe.flat()))).toEqual(Array.from(p));
      loaded.dispose();
    } finally {
      model.dispose();
    }
  });

  it('trains two classes as one logistic output and regression as values', async () => {
    const data = blobs(300, 4);
    const binary = await train({ data: { x: data.x, y: data.y.map((c) => (c === 0 ? 1 : 0)) }, model: 'mlp:4', epochs: 2, threads: 1 });
    expect(binary.model.outputs).toBe(1);
    expect(binary.model.predict(data.x.slice(0, 2)).every((v) => v > 0 && v < 1)).toBe(true);
    binary.model.dispose();
    const y = data.x.map((r) => r[0] + r[1]);
    const regression = await train({ data: { x: data.x, y, task: 'regression' }, model: 'mlp:8', epochs: 20, lr: 0.01, threads: 1 });
    expect(regression.summary.final.testAccuracy).toBeNaN();
    // Below the variance of the targets: better than predicting their mean.
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    expect(regression.summary.final.testLoss).toBeLessThan(y.reduce((a, v) => a + (v - mean) ** 2, 0) / y.length / 4);
    regression.model.dispose();
  });

  it('refuses bad examples and settings, naming them', async () => {
    const ok = blobs(30, 5);
    await expect(train({ data: { x: [[1, 2], [3]], y: [0, 1] } })).rejects.toThrow('data.x[1] has 1 values, expected 2 (the example shape)');
    await expect(train({ data: { x: [[1, NaN], [3, 4]], y: [0, 1] } })).rejects.toThrow('data.x: example 0, value 1 is NaN, expected a finite number');
    await expect(train({ data: { x: [[1, 2], [3, 4]], y: [0, 1.5] } })).rejects.toThrow(/data\.y\[1\] is 1\.5, expected a class index/);
    await expect(train({ data: ok, activation: 'relux' })).rejects.toThrow(/unknown activation 'relux'; closest: relu/);
    await expect(train({ data: ok, momentum: 0.9 })).rejects.toThrow(/momentum 0\.9 does not apply here: it needs --optimizer sgd/);
    await expect(train({ data: ok, epochz: 3 } as never)).rejects.toThrow(/unknown option 'epochz'/);
    await expect(train({ data: ok, out: 'runs/x' } as never)).rejects.toThrow(/out names files/);
  });
});
