// Train/validation splits partition the data set; epoch orders are seeded permutations.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { epochOrder, trainValidationSplit } from './split.js';

/** Checks that train ∪ validation = 0…count−1 with no overlap. */
function expectPartition(count: number, train: Uint32Array, validation: Uint32Array): void {
  expect(train.length + validation.length).toBe(count);
  const seen = new Uint8Array(count);
  for (const i of [...train, ...validation]) seen[i]++;
  expect(seen.every((n) => n === 1)).toBe(true);
}

describe('trainValidationSplit', () => {
  it('holds out the last 10 000 images by default (MNIST: 50 000 / 10 000)', () => {
    const { train, validation } = trainValidationSplit(60_000);
    expect(train.length).toBe(50_000);
    expect(validation.length).toBe(10_000);
    expect(train[0]).toBe(0);
    expect(train[49_999]).toBe(49_999);
    expect(validation[0]).toBe(50_000);
    expect(validation[9_999]).toBe(59_999);
    expectPartition(60_000, train, validation);
  });

  it('accepts a count, a fraction, and 0', () => {
    expect(trainValidationSplit(100, { validation: 7 }).validation.length).toBe(7);
    expect(trainValidationSplit(100, { validation: 0.25 }).validation.length).toBe(25);
    expect(trainValidationSplit(60_000, { validation: 1 / 6 }).validation.length).toBe(10_000);
    expect(trainValidationSplit(7, { validation: 0.5 }).validation.length).toBe(4); // 3.5 rounds up
    const none = trainValidationSplit(100, { validation: 0 });
    expect(none.validation.length).toBe(0);
    for (const [count, validation] of [[100, 7], [100, 0.25], [7, 0.5], [100, 0], [2, 1]]) {
      const s = trainValidationSplit(count, { validation });
      expectPartition(count, s.train, s.validation);
    }
  });

  it('rejects invalid requests with clear errors', () => {
    expect(() => trainValidationSplit(100, { validation: -1 })).toThrow(/count \(integer ≥ 0\) or a fraction in \(0, 1\), got -1/);
    expect(() => trainValidationSplit(100, { validation: 2.5 })).toThrow(/got 2.5/);
    expect(() => trainValidationSplit(100, { validation: NaN })).toThrow(/got NaN/);
    expect(() => trainValidationSplit(100, { validation: 100 })).toThrow(/validation of 100 images leaves none to train on \(the data set has 100\)/);
    expect(() => trainValidationSplit(5_000)).toThrow(/validation of 10000 images leaves none/);
    expect(() => trainValidationSplit(100, { validation: 0.001 })).toThrow(/rounds to 0 images/);
    expect(() => trainValidationSplit(2, { validation: 0.9 })).toThrow(/leaves none to train on/);
    expect(() => trainValidationSplit(0)).toThrow(/data set size must be ≥ 1/);
  });
});

describe('epochOrder', () => {
  const { train } = trainValidationSplit(1_000, { validation: 200 });

  it('is a permutation of the indices and leaves them unchanged', () => {
    const before = train.slice();
    const order = epochOrder(train, new Rng(1));
    expect(Array.from(train)).toEqual(Array.from(before));
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from(train));
    expect(Array.from(order)).not.toEqual(Array.from(train));
  });

  it('is reproducible from the seed and differs between seeds and epochs', () => {
    const a = epochOrder(train, new Rng(42));
    const b = epochOrder(train, new Rng(42));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(epochOrder(train, new Rng(43)))).not.toEqual(Array.from(a));
    const rng = new Rng(42);
    const epoch1 = epochOrder(train, rng);
    const epoch2 = epochOrder(train, rng);
    expect(Array.from(epoch1)).toEqual(Array.from(a));
    expect(Array.from(epoch2)).not.toEqual(Array.from(epoch1));
  });

  it('writes into a given buffer, which must have the same length', () => {
    const out = new Uint32Array(train.length);
    expect(epochOrder(train, new Rng(7), out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(epochOrder(train, new Rng(7))));
    expect(() => epochOrder(train, new Rng(7), new Uint32Array(3))).toThrow(/output holds 3 indices, expected 800/);
  });

  it('moves each index to each position about equally often (no shuffle bias)', () => {
    const n = 5;
    const trials = 20_000;
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const rng = new Rng(3);
    const indices = Uint32Array.from({ length: n }, (_, i) => i);
    for (let t = 0; t < trials; t++) epochOrder(indices, rng).forEach((index, position) => counts[index][position]++);
    // Expected 4000 per cell, standard deviation ≈ 57: 6σ bounds.
    for (const row of counts) for (const c of row) expect(Math.abs(c - trials / n)).toBeLessThan(340);
  });
});
