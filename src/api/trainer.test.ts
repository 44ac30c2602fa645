// A trainer driven one epoch at a time gives the bits of train() with the same options, and shows its gradients and
// learned activations between epochs.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
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
});
