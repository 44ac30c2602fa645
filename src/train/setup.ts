// From a config to the things a run needs: data sources, engine, model, optimizer, RNG.
import { parseActivationSpec } from '../activations/catalog.js';
// Formula activations ("formula:EXPR;p=VALUE") resolve wherever a run names an activation.
import '../activations/formula.js';
import type { ElementwiseActivation } from '../activations/types.js';
import { loadIdxDirectory, loadMnist } from '../data/mnist.js';
import { csvSource, readCsv } from '../data/csv.js';
import { kFolds } from '../data/folds.js';
import { imageSource, type ExampleSource } from '../data/source.js';
import { simulateTeacher, teacherTable } from '../data/teacher.js';
import { trainValidationSplit } from '../data/split.js';
import { createEngine } from '../engine/create.js';
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import type { Sharing } from '../nn/activation-layer.js';
import type { Model } from '../nn/model.js';
import { binaryLogistic, mse, softmaxCrossEntropy, type Loss } from '../nn/loss.js';
import type { Optimizer } from '../optim/optimizer.js';
import { Rng } from '../rng.js';
import { ConfigError, type TrainConfig } from './config.js';
import { checkFits, EVAL_BATCH } from './memory.js';
import { buildNetwork, type NetworkPlan } from './network.js';

export interface DataSplits {
  train: ExampleSource;
  trainIndices: Uint32Array;
  valIndices: Uint32Array;
  /** The test examples; for data sets without a test set (CSV, teacher), the held-out examples. */
  test: ExampleSource;
  testIndices: Uint32Array;
}

const range = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

/** The whole data set a config names, before any split: a train part, and a test part where one exists. */
export function loadSource(config: TrainConfig): { train: ExampleSource; test: ExampleSource | null } {
  switch (config.dataset) {
    case 'mnist':
    case 'idx': {
      if (config.dataset === 'idx' && config.dataDir === null) throw new ConfigError('--dataset idx needs --data-dir DIR (a folder with train/t10k IDX files)');
      const sets = config.dataset === 'mnist' ? loadMnist() : loadIdxDirectory(config.dataDir as string);
      return { train: imageSource(sets.train), test: imageSource(sets.test) };
    }
    case 'csv': {
      if (config.data === null) throw new ConfigError('--dataset csv needs --data FILE.csv');
      const target = config.target === null ? undefined : config.target;
      return { train: csvSource(readCsv(config.data, { target, task: config.task })), test: null };
    }
    case 'teacher': {
      const data = simulateTeacher({
        hiddenLayers: config.teacherLayers,
        activation: config.teacherActivation,
        examples: config.teacherExamples,
        spread: config.teacherSpread,
        labels: config.teacherLabels,
        seed: config.teacherSeed,
      });
      return { train: csvSource(teacherTable(data)), test: null };
    }
  }
}

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
export function loadData(config: TrainConfig): DataSplits {
  const { train, test } = loadSource(config);
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
export function foldSplits(config: TrainConfig, rng: Rng): DataSplits[] {
  const { train } = loadSource(config);
  return kFolds(train.count, config.folds, rng).map((f) => ({
    train,
    trainIndices: f.train,
    valIndices: f.validation,
    test: train,
    testIndices: f.validation,
  }));
}

export interface ResolvedActivation {
  activation: ElementwiseActivation;
  values: number[];
  sharing: Sharing;
}

/** The activation spec `spec` for a group of layers whose learnable parameters default to `defaultSharing`. */
export function resolveActivation(spec: string, share: Sharing | null, defaultSharing: Sharing): ResolvedActivation {
  const { activation, params } = parseActivationSpec(spec);
  if (activation.kind !== 'elementwise') {
    throw new ConfigError(`activation ${activation.name} is a row-wise function; hidden layers need an elementwise activation`);
  }
  const learnable = activation.params.some((p) => p.learnable);
  return { activation, values: params, sharing: share ?? (learnable ? defaultSharing : 'layer') };
}

export { EVAL_BATCH };

export interface Session {
  config: TrainConfig;
  engine: Engine;
  rng: Rng;
  model: Model;
  optimizer: Optimizer;
  loss: Loss;
  data: DataSplits;
  activation: ResolvedActivation;
  convActivation: ResolvedActivation;
  /** Largest batch the buffers hold (training batch or the evaluation batch). */
  maxBatch: number;
  /** Units of the output layer: the classes, or 1 for two classes (logistic) and for regression. */
  outputUnits: number;
}

export async function createSession(config: TrainConfig, data: DataSplits = loadData(config)): Promise<Session> {
  if (data.train.classes === 1) throw new UsageError('the data set has one class; classification needs at least 2');
  const activation = resolveActivation(config.denseActivation ?? config.activation, config.share, 'neuron');
  const convActivation = resolveActivation(config.convActivation ?? config.activation, config.share, 'channel');
  const maxBatch = Math.max(config.batch, EVAL_BATCH);
  // Regression data (0 classes) trains one output with mean squared error; two classes one logistic output
  // (the paper's 10-…-1 students), more classes a softmax.
  const loss = data.train.classes === 0 ? mse : data.train.classes === 2 ? binaryLogistic : softmaxCrossEntropy;
  const outputUnits = loss.outputUnits(data.train.classes);
  const plan: NetworkPlan = { config, inputShape: data.train.sampleShape, outputUnits, activation, convActivation };
  checkFits(plan, maxBatch);
  const engine = await createEngine({ threads: config.threads });
  const rng = new Rng(config.seed);
  try {
    const { model, optimizer } = buildNetwork(engine, rng, plan, maxBatch);
    return { config, engine, rng, model, optimizer, loss, data, activation, convActivation, maxBatch, outputUnits };
  } catch (err) {
    engine.dispose();
    throw err;
  }
}
