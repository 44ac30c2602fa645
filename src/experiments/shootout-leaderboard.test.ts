// The shootout's leaderboard from seed outcomes: pairing by setting and seed, pooled differences, ranks, time ratios.
import { describe, expect, it } from 'vitest';
import { leaderboard, type SeedOutcome } from './shootout-leaderboard.js';

const outcome = (activation: string, setting: string, seed: number, accuracy: number | null, secondsPerEpoch = 1): SeedOutcome => ({
  activation,
  setting,
  seed,
  accuracy,
  secondsPerEpoch,
  activationParams: activation === 'prelu' ? 192 : 0,
  networkParams: 109_386 + (activation === 'prelu' ? 192 : 0),
  diverged: false,
});

const grid: SeedOutcome[] = [
  ...[0.97, 0.96, 0.98].map((a, i) => outcome('relu', 'mnist mlp', i + 1, a)),
  ...[0.88, 0.87, 0.89].map((a, i) => outcome('relu', 'fashion-mnist mlp', i + 1, a)),
  // prelu: +1, +2, +3 points on MNIST, at twice the time; −1, +1, null on Fashion-MNIST.
  ...[0.98, 0.98, 1.01].map((a, i) => outcome('prelu', 'mnist mlp', i + 1, a, 2)),
  ...[0.87, 0.88, null].map((a, i) => outcome('prelu', 'fashion-mnist mlp', i + 1, a, 2)),
  // swish: −1 point everywhere.
  ...[0.96, 0.95, 0.97].map((a, i) => outcome('swish', 'mnist mlp', i + 1, a)),
  ...[0.87, 0.86, 0.88].map((a, i) => outcome('swish', 'fashion-mnist mlp', i + 1, a)),
];

describe('leaderboard', () => {
  const rows = leaderboard(grid, 'relu');
  const row = (name: string) => rows.find((r) => r.activation === name)!;

  it('ranks by the mean paired difference pooled over settings and seeds', () => {
    expect(rows.map((r) => r.activation)).toEqual(['prelu', 'relu', 'swish']);
    expect(row('prelu').pooled.pairs).toBe(5); // the missing Fashion-MNIST seed has no pair
    expect(row('prelu').pooled.delta.mean).toBeCloseTo((0.01 + 0.02 + 0.03 - 0.01 + 0.01) / 5, 12);
    expect(row('prelu').pooled.sign).toEqual({ positive: 4, negative: 1, ties: 0, p: 0.375 }); // 2·6/32
  });

  it('gives each setting mean ± sd and its own paired comparison', () => {
    const mnist = row('prelu').settings.find((s) => s.setting === 'mnist mlp')!;
    expect(mnist.mean).toBeCloseTo(0.99, 12);
    expect(mnist.vsBaseline.delta.mean).toBeCloseTo(0.02, 12);
    // differences 1, 2, 3 points: sd 1 point, t(0.975, 2) = 4.302653
    expect(mnist.vsBaseline.delta.high - 0.02).toBeCloseTo((4.302653 * 0.01) / Math.sqrt(3), 6);
    const fashion = row('prelu').settings.find((s) => s.setting === 'fashion-mnist mlp')!;
    expect(fashion.missing).toBe(1);
    expect(fashion.vsBaseline.pairs).toBe(2);
  });

  it('gives a constant difference a zero-width interval, and the time ratio and parameter count', () => {
    expect(row('swish').pooled.delta.mean).toBeCloseTo(-0.01, 12);
    expect(row('swish').pooled.delta.high - row('swish').pooled.delta.low).toBeLessThan(1e-12);
    expect(row('swish').pooled.sign.p).toBeCloseTo(2 / 64, 14);
    expect(row('prelu').pooled.timeRatio).toBe(2);
    expect(row('prelu').settings.map((s) => s.params)).toEqual([192, 192]);
    expect(row('prelu').settings[0].networkParams).toBe(109_578);
    expect(row('relu').pooled.delta.mean).toBe(0);
  });
});
