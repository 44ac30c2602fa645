import { describe, expect, it } from 'vitest';
import { createJsEngine } from '../engine/js-engine.js';
import { Rng } from '../rng.js';
import { BatchNorm, type BatchNormOptions } from './batch-norm.js';
import { sizeOf, type Shape } from './layer.js';
import { checkLayerGradients, randomTensor } from './testing.js';

const shapes: [Shape, number][] = [
  [[3, 5, 4], 2], // image: statistics over batch·H·W per channel
  [[7], 5], // dense: per feature over the batch
  [[2, 3, 1], 3],
];

function build(shape: Shape, batch: number, float64: boolean, options?: BatchNormOptions) {
  const engine = createJsEngine(1 << 12, { float64 });
  const rng = new Rng(13);
  const bn = new BatchNorm({ engine, maxBatch: batch + 1, rng }, 'bn0', shape, options);
  const x = randomTensor(engine, batch * sizeOf(shape), rng);
  // Shift and scale x per entry so the channels' means and variances differ; spread γ and β.
  const X = engine.view(x);
  for (let i = 0; i < X.length; i++) X[i] = 2 * X[i] + (i % 3) - 1;
  const [gamma, beta] = bn.params.map((p) => engine.view(p.value));
  for (let c = 0; c < gamma.length; c++) {
    gamma[c] = 1 + 0.5 * rng.normal();
    beta[c] = rng.normal();
  }
  return { engine, bn, x, rng };
}

/** Per-channel mean and biased variance computed directly. */
function channelStats(x: ArrayLike<number>, C: number) {
  const groups = Array.from({ length: C }, () => [] as number[]);
  for (let i = 0; i < x.length; i++) groups[i % C].push(x[i]);
  const mean = groups.map((g) => g.reduce((a, v) => a + v, 0) / g.length);
  const variance = groups.map((g, c) => g.reduce((a, v) => a + (v - mean[c]) ** 2, 0) / g.length);
  return { mean, variance };
}

const normalise = (x: ArrayLike<number>, mean: number[], variance: number[], gamma: ArrayLike<number>, beta: ArrayLike<number>, eps: number) =>
  Array.from(x, (v, i) => {
    const c = i % mean.length;
    return (gamma[c] * (v - mean[c])) / Math.sqrt(variance[c] + eps) + beta[c];
  });

const label = ([shape, batch]: [Shape, number]) => `[${shape.join('×')}], batch ${batch}`;

describe('BatchNorm', () => {
  it.each(shapes.map((s) => [label(s), ...s] as const))('training forward normalises with batch statistics and updates the moving ones: %s', (_, shape, batch) => {
    const { engine, bn, x } = build(shape, batch, false);
    const C = shape[shape.length - 1], n = batch * sizeOf(shape);
    const X = engine.view(x).slice(), [gamma, beta] = bn.params.map((p) => engine.view(p.value));
    const { mean, variance } = channelStats(X, C);
    const y = engine.view(bn.forward(x, batch, true), n);
    const expected = normalise(X, mean, variance, gamma, beta, 1e-3);
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    const [movingMean, movingVariance] = bn.state.map((s) => Array.from(engine.view(s.tensor)));
    movingMean.forEach((v, c) => expect(v).toBeCloseTo(0.01 * mean[c], 6));
    movingVariance.forEach((v, c) => expect(v).toBeCloseTo(0.99 + 0.01 * variance[c], 6));
  });

  it('inference forward uses the moving statistics and leaves them unchanged', () => {
    const { engine, bn, x } = build([3, 5, 4], 2, false, { epsilon: 1e-5 });
    const [movingMean, movingVariance] = bn.state.map((s) => engine.view(s.tensor));
    movingMean.set([0.5, -1, 2, 0]);
    movingVariance.set([1.5, 0.25, 4, 1]);
    const mean = Array.from(movingMean), variance = Array.from(movingVariance);
    const [gamma, beta] = bn.params.map((p) => engine.view(p.value));
    const expected = normalise(engine.view(x), mean, variance, gamma, beta, 1e-5);
    const y = engine.view(bn.forward(x, 2, false), x.length);
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    expect(Array.from(movingMean)).toEqual(mean);
    expect(Array.from(movingVariance)).toEqual(variance);
  });

  it('moving statistics follow moving = momentum·moving + (1 − momentum)·batch over steps', () => {
    const { engine, bn, x } = build([7], 5, true, { momentum: 0.9 });
    const { mean, variance } = channelStats(engine.view(x), 7);
    bn.forward(x, 5, true);
    bn.forward(x, 5, true);
    const [movingMean, movingVariance] = bn.state.map((s) => engine.view(s.tensor));
    // Two steps from (0, 1): m = (1 − 0.9²)·mean, v = 0.9² + (1 − 0.9²)·variance.
    movingMean.forEach((v, c) => expect(v).toBeCloseTo(0.19 * mean[c], 12));
    movingVariance.forEach((v, c) => expect(v).toBeCloseTo(0.81 + 0.19 * variance[c], 12));
  });

  it.each(shapes.map((s) => [label(s), ...s] as const))('training gradients (input through the batch statistics, γ, β) match central differences: %s', (_, shape, batch) => {
    const { engine, bn, x, rng } = build(shape, batch, true);
    const { worst, where, checked } = checkLayerGradients(engine, bn, x, batch, true, rng);
    expect(checked).toBe(x.length + 2 * shape[shape.length - 1]);
    expect(worst, where).toBeLessThan(1e-5);
  });

  it('inference gradients match central differences', () => {
    const { engine, bn, x, rng } = build([3, 5, 4], 2, true);
    bn.forward(x, 2, true); // move the statistics away from (0, 1)
    const { worst, where } = checkLayerGradients(engine, bn, x, 2, false, rng);
    expect(worst, where).toBeLessThan(1e-5);
  });

  it('declares γ (weight, 1) and β (bias, 0) as params, the moving statistics as state', () => {
    const engine = createJsEngine();
    const bn = new BatchNorm({ engine, maxBatch: 2, rng: new Rng(1) }, 'bn3', [4, 4, 3]);
    expect(bn.params.map((p) => [p.name, p.shape, p.group, Array.from(engine.view(p.value))])).toEqual([
      ['bn3.gamma', [3], 'weight', [1, 1, 1]],
      ['bn3.beta', [3], 'bias', [0, 0, 0]],
    ]);
    expect(bn.state.map((s) => [s.name, Array.from(engine.view(s.tensor))])).toEqual([
      ['bn3.movingMean', [0, 0, 0]],
      ['bn3.movingVariance', [1, 1, 1]],
    ]);
    expect([bn.momentum, bn.epsilon, bn.outputShape]).toEqual([0.99, 1e-3, [4, 4, 3]]);
    expect(() => bn.backward(engine.alloc(96), 2, true)).toThrow(/before forward/);
    expect(() => new BatchNorm({ engine, maxBatch: 2, rng: new Rng(1) }, 'b', [3], { momentum: 1.5 })).toThrow(/momentum/);
  });

  it('bounds the normalised training batch by √(N − 1) per channel, however far one input lies', () => {
    // With the biased variance, |x − μ|/σ ≤ √(N − 1): softExponential's notes rely on it (eˣ stays far from overflow).
    const batch = 32, features = 3, rng = new Rng(5);
    const engine = createJsEngine(1 << 12);
    const bn = new BatchNorm({ engine, maxBatch: batch, rng }, 'bn0', [features]);
    const x = engine.alloc(batch * features);
    const X = engine.view(x);
    // Feature 0: one outlier among zeros (the bound's extreme); 1: heavy-tailed e^(5z); 2: Gaussian.
    for (let i = 0; i < batch; i++) X.set([i === 0 ? 1e6 : 0, Math.exp(5 * rng.normal()), rng.normal()], i * features);
    const y = engine.view(bn.forward(x, batch, true), batch * features);
    const bound = Math.sqrt(batch - 1);
    for (const v of y) expect(Math.abs(v)).toBeLessThanOrEqual(bound * (1 + 1e-6));
    expect(y[0]).toBeCloseTo(bound, 4);
  });

  it('returns null when the input gradient is not needed, yet sets ∂γ and ∂β', () => {
    const { engine, bn, x } = build([7], 5, true);
    const dy = engine.alloc(x.length);
    engine.view(dy).fill(1);
    bn.forward(x, 5, true);
    expect(bn.backward(dy, 5, false)).toBeNull();
    expect(Array.from(engine.view(bn.params[1].grad))).toEqual(Array(7).fill(5));
    // Σ x̂ over the batch is 0 per feature, so with ∂y = 1 the γ gradient vanishes.
    engine.view(bn.params[0].grad).forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-12));
  });
});
