// Which training examples are held out for validation, and the seeded order of each epoch.
import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';

/** Indices into a data set: the examples trained on and the examples held out. */
export interface TrainValidationSplit {
  train: Uint32Array;
  validation: Uint32Array;
}

export interface SplitOptions {
  /**
   * Held-out examples: a count (integer ≥ 0) or a fraction in (0, 1) of `count`, rounded to the nearest
   * example. Default 10 000, the usual MNIST choice (50 000 train / 10 000 validation).
   */
  validation?: number;
  /** What messages call the examples: 'images' (the default), 'rows', 'examples'. */
  unit?: string;
}

/**
 * Splits examples 0…count−1: the last `validation` examples are held out, the rest are trained on.
 * Deterministic and contiguous, like Keras's `validation_split` (PyTorch's `random_split` samples randomly
 * instead); shuffle each epoch with `epochOrder`.
 */
export function trainValidationSplit(count: number, options: SplitOptions = {}): TrainValidationSplit {
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`data set size must be ≥ 1, got ${count}`);
  const v = options.validation ?? 10_000;
  const unit = options.unit ?? 'images';
  let held: number;
  if (v > 0 && v < 1) {
    held = Math.round(v * count);
  } else if (Number.isInteger(v) && v >= 0) {
    held = v;
  } else {
    throw new UsageError(`validation must be a count (integer ≥ 0) or a fraction in (0, 1), got ${v}`);
  }
  if (held >= count) {
    throw new UsageError(
      `validation of ${held} ${unit} leaves none to train on (the data set has ${count}); ask for fewer with --val-split`,
    );
  }
  if (v > 0 && v < 1 && held === 0) {
    throw new UsageError(`validation fraction ${v} of ${count} ${unit} rounds to 0 ${unit}; use a larger fraction or 0`);
  }
  const trainCount = count - held;
  return {
    train: Uint32Array.from({ length: trainCount }, (_, i) => i),
    validation: Uint32Array.from({ length: held }, (_, i) => trainCount + i),
  };
}

/** A seeded Fisher–Yates permutation of `indices`, written into `out` (a new array by default); `indices` is not changed. */
export function epochOrder(
  indices: Uint32Array,
  rng: Rng,
  out: Uint32Array = new Uint32Array(indices.length),
): Uint32Array {
  if (out.length !== indices.length) {
    throw new RangeError(`output holds ${out.length} indices, expected ${indices.length}`);
  }
  out.set(indices);
  return rng.shuffle(out);
}
