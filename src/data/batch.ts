// Argument checks shared by the batch writers of every example source (fillInputs / fillTargets).

/** The number of items in the batch at `offset` (at most `batchSize`), after checking the arguments and that `out` can hold it. */
export function batchLength(
  indices: ArrayLike<number>,
  offset: number,
  batchSize: number,
  outLength: number,
  perItem: number,
): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be ≥ 1, got ${batchSize}`);
  if (!Number.isInteger(offset) || offset < 0 || offset > indices.length) {
    throw new RangeError(`offset must be in 0–${indices.length}, got ${offset}`);
  }
  const n = Math.min(batchSize, indices.length - offset);
  if (outLength < n * perItem) {
    throw new RangeError(`output holds ${outLength} values, the batch needs ${n}×${perItem} = ${n * perItem}`);
  }
  return n;
}

/** indices[i], checked to name one of `count` examples. */
export function exampleIndex(indices: ArrayLike<number>, i: number, count: number): number {
  const index = indices[i];
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`index ${index} at position ${i} is not an example of a data set of ${count}`);
  }
  return index;
}
