// A trainer driven one epoch at a time gives the bits of train() with the same options, and shows its gradients and
// learned activations between epochs.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { UsageError } from '../errors.js';
import { loadModel } from './model.js';
import { train } from './train.js';
import { createTrainer } from './trainer.js';

function spiral(count: number, seed: number): { x: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const c = i % 2;
    const r = (i / count) * 5;
    const t = 1.75 * (i / count) * 2 * Math.PI + c * Math.PI;
    x.push([r * Math.sin(t) + rng.normal() * 0.1, r * Math.cos(t) + rng.normal() * 0.1]);
    y.push(c);
  }
  return { x, y };
}

describe('createTrainer', () => {
  it('trains epoch by epoch to the bits of train(), with gradient sizes and learned activations between epochs', async () => {
    const options = { data: spiral(400, 1), model: 'mlp:8,8', activation: 'adaptiveRelu', epochs: 3, lr: 0.01, threads: 1 };
    const whole = await train(options);
    const trainer = await createTrainer(options);
    try {
      for (let e = 0; e < 3; e++) trainer.epoch();
      expect(trainer.metrics.map((m) => m.trainLoss)).toEqual(whole.metrics.map((m) => m.trainLoss));
      const sizes = trainer.gradientSizes();
      expect(sizes.map((g) => `${g.layer}.${g.param}`)).toContain('act0.alpha');
      expect(sizes.every((g) => Number.isFinite(g.meanAbs) && g.meanAbs >= 0)).toBe(true);
      const [act0] = trainer.activations();
      expect(act0.learned.alpha).not.toEqual(act0.initial.alpha);
      expect(Array.from(trainer.model.predict([[0, 0]]))).toEqual(Array.from(whole.model.predict([[0, 0]])));
      expect(trainer.summary().final.testAccuracy).toBe(whole.summary.final.testAccuracy);
      trainer.epoch();
      expect(trainer.epochsDone).toBe(4);
    } finally {
      trainer.dispose();
      whole.model.dispose();
    }
  });

  it('trains batch by batch, stopping anywhere, to the bits of whole epochs', async () => {
    const options = { data: spiral(200, 4), model: 'mlp:6', activation: 'adaptiveRelu', batch: 32, epochs: 2, threads: 1 };
    const [byEpoch, byBatch] = [await createTrainer(options), await createTrainer(options)];
    try {
      const epochs = [byEpoch.epoch(), byEpoch.epoch()];
      // 160 training rows (a fifth is the validation) in batches of 32: 5 per epoch.
      const returned = [];
      for (let b = 0; b < 7; b++) returned.push(byBatch.batch());
      expect(returned.map((m) => m?.epoch ?? null)).toEqual([null, null, null, null, 1, null, null]);
      expect(byBatch.batchesDone).toBe(2);
      expect(byBatch.epoch().trainLoss).toBe(epochs[1].trainLoss);
      expect(byBatch.metrics.map((m) => m.valLoss)).toEqual(epochs.map((m) => m.valLoss));
      expect(Array.from(byBatch.model.predict([[1, 2]]))).toEqual(Array.from(byEpoch.model.predict([[1, 2]])));
    } finally {
      byEpoch.dispose();
      byBatch.dispose();
    }
  });

  it('takes an activation per hidden layer (--layer-activations), recorded in its run config and checkpoint', async () => {
    const options = { data: spiral(200, 2), model: 'mlp:6,5', layerActivations: 'tanh | adaptiveRelu', epochs: 2, lr: 0.02, threads: 1 };
    const trainer = await createTrainer(options);
    try {
      trainer.epoch();
      const [act0, act1] = trainer.activations();
      expect([act0.activation, act1.activation]).toEqual(['tanh', 'adaptiveRelu']);
      expect(act1.learned.alpha).toHaveLength(5);
      expect(act1.learned.alpha).not.toEqual(act1.initial.alpha);
      expect(trainer.runConfig()).toMatchObject({ actlabVersion: expect.any(String), layerActivations: 'tanh | adaptiveRelu', dataset: 'arrays', out: null });
      const loaded = await loadModel(trainer.model.checkpoint());
      expect(Array.from(loaded.predict([[0.5, -1]]))).toEqual(Array.from(trainer.model.predict([[0.5, -1]])));
      expect(loaded.activations().map((r) => r.activation)).toEqual(['tanh', 'adaptiveRelu']);
      loaded.dispose();
    } finally {
      trainer.dispose();
    }
  });

  it('refuses a list of layer activations that does not match the hidden layers', async () => {
    const data = spiral(40, 3);
    await expect(createTrainer({ data, model: 'mlp:4,4', layerActivations: 'relu' })).rejects.toThrow(/names 1 activation, expected 2/);
    await expect(createTrainer({ data, model: 'mlp:4,4', layerActivations: 'relu|' })).rejects.toThrow(/activation 2 is empty/);
    await expect(createTrainer({ data, model: 'mlp:4,4', layerActivations: 'relu|nope' })).rejects.toThrow(UsageError);
    // Options the list makes do nothing are refused, as everywhere.
    await expect(createTrainer({ data, model: 'mlp:4,4', layerActivations: 'relu|relu', activation: 'tanh' })).rejects.toThrow(/--activation tanh does not apply here/);
    await expect(createTrainer({ data, model: 'mlp:4,4', layerActivations: 'relu|relu', denseActivation: 'tanh' })).rejects.toThrow(/needs no --layer-activations/);
  });
});
