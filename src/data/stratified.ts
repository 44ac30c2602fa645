// Stratified splits: each part holds the same number of examples of every class, drawn with a seeded RNG.
import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';

/**
 * Splits examples 0…labels.length−1 into parts: part k holds `perClass[k]` examples of every class 0…classes−1, and a
 * last part holds the rest. Each class's examples are shuffled once (classes in order) and dealt to the parts in
 * order; each part is then shuffled, so none is sorted by class. Returns perClass.length + 1 index arrays.
 */
export function stratifiedParts(labels: ArrayLike<number>, classes: number, perClass: readonly number[], rng: Rng): Uint32Array[] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new UsageError(`label ${label} at index ${i} is not a class 0–${classes - 1}`);
    byClass[label].push(i);
  }
  const wanted = perClass.reduce((a, b) => a + b, 0);
  const parts: number[][] = Array.from({ length: perClass.length + 1 }, () => []);
  byClass.forEach((members, label) => {
    if (members.length < wanted) throw new UsageError(`class ${label} has ${members.length} examples; the split needs at least ${wanted} of each class`);
    rng.shuffle(members);
    let next = 0;
    perClass.forEach((n, k) => {
      parts[k].push(...members.slice(next, next + n));
      next += n;
    });
    parts[perClass.length].push(...members.slice(next));
  });
  return parts.map((p) => rng.shuffle(Uint32Array.from(p)));
}
