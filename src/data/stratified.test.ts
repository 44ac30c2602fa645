// Stratified parts: exact counts per class in each part, a partition of all examples, seeded and shuffled.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { Rng } from '../rng.js';
import { stratifiedParts } from './stratified.js';

/** 3 classes of 10, 12, 8 examples, sorted by class. */
const labels = Uint8Array.from([...Array(10).fill(0), ...Array(12).fill(1), ...Array(8).fill(2)]);
const countsOf = (indices: Uint32Array) => [0, 1, 2].map((c) => indices.filter((i) => labels[i] === c).length);

describe('stratifiedParts', () => {
  it('gives each part its count of every class and the rest to the last part, partitioning the examples', () => {
    const [a, b, rest] = stratifiedParts(labels, 3, [2, 3], new Rng(7));
    expect(countsOf(a)).toEqual([2, 2, 2]);
    expect(countsOf(b)).toEqual([3, 3, 3]);
    expect(countsOf(rest)).toEqual([5, 7, 3]);
    expect([...a, ...b, ...rest].sort((x, y) => x - y)).toEqual(Array.from(labels, (_, i) => i));
  });

  it('is fixed by the seed, differs between seeds, and does not leave a part sorted by class', () => {
    const one = stratifiedParts(labels, 3, [2], new Rng(1));
    expect(stratifiedParts(labels, 3, [2], new Rng(1))).toEqual(one);
    expect(stratifiedParts(labels, 3, [2], new Rng(2))[1]).not.toEqual(one[1]);
    const rest = Array.from(one[1], (i) => labels[i]);
    expect(rest).not.toEqual([...rest].sort());
  });

  it('refuses a class with too few examples, and a label outside the classes', () => {
    expect(() => stratifiedParts(labels, 3, [5, 4], new Rng(1))).toThrow(/class 2 has 8 examples; the split needs at least 9/);
    expect(() => stratifiedParts(Uint8Array.of(0, 3), 3, [0], new Rng(1))).toThrow(UsageError);
  });
});
