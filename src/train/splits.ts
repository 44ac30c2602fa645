// A data set as a run uses it: training, validation and test indices, by the config's split or as K folds.
import { kFolds } from '../data/folds.js';
import type { ExampleSource } from '../data/source.js';
import { trainValidationSplit } from '../data/split.js';
import type { Rng } from '../rng.js';
import { ConfigError, type TrainConfig } from './config.js';

/** A whole data set before any split: a train part, and a test part where one exists. */
export interface DataSource {
  train: ExampleSource;
  test: ExampleSource | null;
}

export interface DataSplits {
  train: ExampleSource;
  trainIndices: Uint32Array;
  valIndices: Uint32Array;
  /** The test examples; for data sets without a test set (CSV, teacher), the held-out examples. */
  test: ExampleSource;
  testIndices: Uint32Array;
}

const range = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

/** MNIST's convention: 10 000 of its 60 000 training images held out. */
const MNIST_VALIDATION = 10_000;
/** Held out of tabular data (CSV, teacher), which has no test set: the validation part is also the test. */
const TABULAR_VALIDATION = 0.2;

/**
 * The validation split when --val-split is not given: 10 000 images of an MNIST-sized image set, the same sixth of a
 * smaller one, and a fifth of the rows of tabular data.
 */
export function defaultValidation(source: ExampleSource): number {
  if (source.unit !== 'images') return TABULAR_VALIDATION;
  return source.count >= 6 * MNIST_VALIDATION ? MNIST_VALIDATION : 1 / 6;
}

/** Train/validation/test indices for a single run; without a test set the validation part is the test. */
export function splitData(config: TrainConfig, { train, test }: DataSource): DataSplits {
  const unit = train.unit ?? 'examples';
  const split = trainValidationSplit(train.count, { validation: config.valSplit ?? defaultValidation(train), unit });
  const valIndices = Uint32Array.from(split.validation);
  if (test === null && valIndices.length === 0) throw new ConfigError(`--dataset ${config.dataset} has no test set: give --val-split > 0 or --folds K`);
  return {
    train,
    trainIndices: Uint32Array.from(split.train),
    valIndices,
    test: test ?? train,
    testIndices: test === null ? valIndices : range(test.count),
  };
}

/** The K cross-validation splits of a data set without a test set: each fold is validation and test once. */
export function foldData(config: TrainConfig, { train }: DataSource, rng: Rng): DataSplits[] {
  return kFolds(train.count, config.folds, rng).map((f) => ({
    train,
    trainIndices: f.train,
    valIndices: f.validation,
    test: train,
    testIndices: f.validation,
  }));
}

