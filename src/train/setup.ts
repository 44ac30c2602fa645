// From a config to the things a run needs: data sources, engine, model, optimizer, RNG.
import { parseActivationSpec } from '../activations/catalog.js';
import type { ElementwiseActivation } from '../activations/types.js';
import { loadIdxDirectory, loadMnist } from '../data/mnist.js';
import { imageSource, type ExampleSource } from '../data/source.js';
import { trainValidationSplit } from '../data/split.js';
import { createEngine } from '../engine/create.js';
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import type { Sharing } from '../nn/activation-layer.js';
import { Model } from '../nn/model.js';
import { parseModelSpec, withDropout } from '../nn/model-spec.js';
import { softmaxCrossEntropy, type Loss } from '../nn/loss.js';
import { ADAM_DEFAULTS, Optimizer } from '../optim/optimizer.js';
import { Rng } from '../rng.js';
import { ConfigError, type TrainConfig } from './config.js';

export interface DataSplits {
  train: ExampleSource;
  trainIndices: Uint32Array;
  valIndices: Uint32Array;
  test: ExampleSource;
}

export function loadData(config: TrainConfig): DataSplits {
  let sets;
  if (config.dataset === 'mnist') sets = loadMnist();
  else if (config.dataDir === null) throw new ConfigError('--dataset idx needs --data-dir DIR (a folder with train/t10k IDX files)');
  else sets = loadIdxDirectory(config.dataDir);
  const split = trainValidationSplit(sets.train.count, { validation: config.valSplit });
  return {
    train: imageSource(sets.train),
    trainIndices: Uint32Array.from(split.train),
    valIndices: Uint32Array.from(split.validation),
    test: imageSource(sets.test),
  };
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
}

export const EVAL_BATCH = 500;

export async function createSession(config: TrainConfig, data: DataSplits = loadData(config)): Promise<Session> {
  if (data.train.classes < 2) throw new UsageError(`data set has ${data.train.classes} classes; classification needs at least 2`);
  const activation = resolveActivation(config.denseActivation ?? config.activation, config.share, 'neuron');
  const convActivation = resolveActivation(config.convActivation ?? config.activation, config.share, 'channel');
  const engine = await createEngine({ threads: config.threads });
  const rng = new Rng(config.seed);
  const maxBatch = Math.max(config.batch, EVAL_BATCH);
  const loss = softmaxCrossEntropy;
  const model = new Model(engine, rng, {
    inputShape: data.train.sampleShape,
    blocks: withDropout(parseModelSpec(config.model), config.dropout),
    outputUnits: loss.outputUnits(data.train.classes),
    activation: activation.activation,
    activationValues: activation.values,
    sharing: activation.sharing,
    convActivation,
    init: config.init,
    maxBatch,
  });
  const spec = config.optimizer === 'adam' ? ADAM_DEFAULTS : { kind: 'sgd' as const, momentum: config.momentum, nesterov: config.nesterov };
  const weights = { lr: config.lr, l1: config.l1, l2: config.l2 };
  const optimizer = new Optimizer(engine, model.params, spec, {
    weight: weights,
    bias: weights,
    activation: { lr: config.actLr ?? config.lr, l1: config.actL1, l2: config.actL2 },
  });
  return { config, engine, rng, model, optimizer, loss, data, activation, convActivation, maxBatch };
}
