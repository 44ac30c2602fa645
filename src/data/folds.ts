// k-fold cross-validation: a seeded partition of the examples into k validation folds.
import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';
import type { TrainValidationSplit } from './split.js';

/**
 * Splits examples 0…count−1 into k folds after one seeded shuffle (like scikit-learn's
 * KFold(shuffle=True)): fold i validates on its own indices and trains on all others. Every example is
 * validated exactly once; the first count mod k folds hold one example more. Indices are ascending in each set.
 */
export function kFolds(count: number, k: number, rng: Rng): TrainValidationSplit[] {
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`data set size must be ≥ 1, got ${count}`);
  if (!Number.isInteger(k) || k < 2) throw new UsageError(`k-fold cross-validation needs k ≥ 2 folds, got ${k}`);
  if (k > count) throw new UsageError(`${k} folds need at least ${k} examples; the data set has ${count}`);
  const order = rng.shuffle(Uint32Array.from({ length: count }, (_, i) => i));
  const fold = new Uint32Array(count); // fold[example] = the fold that validates it
  const foldSize = (f: number) => Math.floor(count / k) + (f < count % k ? 1 : 0);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = foldSize(f);
    for (let i = start; i < start + size; i++) fold[order[i]] = f;
    start += size;
  }
  return Array.from({ length: k }, (_, f) => {
    const validation = new Uint32Array(foldSize(f));
    const train = new Uint32Array(count - validation.length);
    let v = 0;
    let t = 0;
    for (let i = 0; i < count; i++) {
      if (fold[i] === f) validation[v++] = i;
      else train[t++] = i;
    }
    return { train, validation };
  });
}
