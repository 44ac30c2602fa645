// k-fold splits: validation folds partition the data, each training set is the rest, seeded.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { Rng } from '../rng.js';
import { kFolds } from './folds.js';

describe('kFolds', () => {
  it('validates every example exactly once, in folds whose sizes differ by at most 1', () => {
    for (const [count, k] of [[10_000, 5], [103, 5], [7, 7], [2, 2], [11, 3]]) {
      const folds = kFolds(count, k, new Rng(count));
      expect(folds.length).toBe(k);
      const seen = new Uint8Array(count);
      for (const { validation } of folds) for (const i of validation) seen[i]++;
      expect(seen.every((n) => n === 1), `${count}/${k}`).toBe(true);
      const sizes = folds.map((f) => f.validation.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(sizes.reduce((s, n) => s + n, 0)).toBe(count);
    }
  });

  it('trains each fold on exactly the examples it does not validate, indices ascending', () => {
    const folds = kFolds(103, 5, new Rng(1));
    for (const { train, validation } of folds) {
      expect(train.length + validation.length).toBe(103);
      const held = new Set(validation);
      expect(train.every((i) => !held.has(i))).toBe(true);
      expect(new Set(train).size).toBe(train.length);
      for (const set of [train, validation]) expect(set.every((v, j) => j === 0 || set[j - 1] < v)).toBe(true);
    }
  });

  it('is reproducible from the seed, differs between seeds, and is not contiguous', () => {
    const a = kFolds(1_000, 5, new Rng(42)).map((f) => Array.from(f.validation));
    expect(kFolds(1_000, 5, new Rng(42)).map((f) => Array.from(f.validation))).toEqual(a);
    expect(kFolds(1_000, 5, new Rng(43)).map((f) => Array.from(f.validation))).not.toEqual(a);
    expect(a[0]).not.toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('rejects k < 2, k > count and bad sizes', () => {
    expect(() => kFolds(10, 1, new Rng(1))).toThrow(new UsageError('k-fold cross-validation needs k ≥ 2 folds, got 1'));
    expect(() => kFolds(10, 2.5, new Rng(1))).toThrow(/needs k ≥ 2 folds, got 2.5/);
    expect(() => kFolds(4, 5, new Rng(1))).toThrow(new UsageError('5 folds need at least 5 examples; the data set has 4'));
    expect(() => kFolds(0, 2, new Rng(1))).toThrow(/data set size must be ≥ 1, got 0/);
  });
});
