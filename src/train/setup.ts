// From a config and its data to the things a run needs: engine, model, optimizer, loss, RNG.
import { parseActivationSpec } from '../activations/catalog.js';
// Formula activations ("formula:EXPR;p=VALUE") resolve wherever a run names an activation.
import '../activations/formula.js';
import type { ElementwiseActivation } from '../activations/types.js';
import { createEngine } from '../engine/create.js';
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import type { Sharing } from '../nn/activation-layer.js';
import type { Model } from '../nn/model.js';
import { binaryLogistic, mse, softmaxCrossEntropy, type Loss } from '../nn/loss.js';
import type { Optimizer } from '../optim/optimizer.js';
import { Rng } from '../rng.js';
import { ConfigError, splitLayerActivations, type TrainConfig } from './config.js';
import { parseModelSpec } from '../nn/model-spec.js';
import type { DataSplits } from './splits.js';
import type { NetworkRecord } from './checkpoint.js';

export type { DataSplits } from './splits.js';
import { checkFits, EVAL_BATCH } from './memory.js';
import { buildNetwork, type NetworkPlan } from './network.js';


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
  /** One activation per hidden dense block (--layer-activations), or null: each has `activation`. */
  layerActivations: ResolvedActivation[] | null;
  /** Largest batch the buffers hold (training batch or the evaluation batch). */
  maxBatch: number;
  /** Units of the output layer: the classes, or 1 for two classes (logistic) and for regression. */
  outputUnits: number;
}

/**
 * What a checkpoint of the session records of its network: its settings (but where and on how many threads it ran,
 * which change no bit of it), example shape and classes.
 */
export function networkRecord(s: Session): NetworkRecord {
  const { threads: _threads, out: _out, ...config } = s.config;
  return { config, inputShape: [...s.data.train.sampleShape], classes: s.data.train.classes };
}

/** The activations of --layer-activations, one per hidden dense block of the model, or null when not given. */
function resolveLayerActivations(config: TrainConfig): ResolvedActivation[] | null {
  if (config.layerActivations === null) return null;
  const specs = splitLayerActivations(config.layerActivations);
  const dense = parseModelSpec(config.model).filter((b) => b.kind === 'dense').length;
  if (specs.length !== dense) {
    throw new ConfigError(`--layer-activations '${config.layerActivations}' names ${specs.length} activation${specs.length === 1 ? '' : 's'}, expected ${dense} (one per hidden dense block of --model ${config.model}, separated by '|')`);
  }
  return specs.map((spec, i) => {
    if (spec === '') throw new ConfigError(`--layer-activations '${config.layerActivations}': activation ${i + 1} is empty`);
    return resolveActivation(spec, config.share, 'neuron');
  });
}

export async function createSession(config: TrainConfig, data: DataSplits): Promise<Session> {
  if (data.train.classes === 1) throw new UsageError('the data set has one class; classification needs at least 2');
  const activation = resolveActivation(config.denseActivation ?? config.activation, config.share, 'neuron');
  const convActivation = resolveActivation(config.convActivation ?? config.activation, config.share, 'channel');
  const layerActivations = resolveLayerActivations(config);
  const maxBatch = Math.max(config.batch, EVAL_BATCH);
  // Regression data (0 classes) trains one output with mean squared error; two classes one logistic output
  // (the paper's 10-…-1 students), more classes a softmax.
  const loss = data.train.classes === 0 ? mse : data.train.classes === 2 ? binaryLogistic : softmaxCrossEntropy;
  const outputUnits = loss.outputUnits(data.train.classes);
  const plan: NetworkPlan = { config, inputShape: data.train.sampleShape, outputUnits, activation, convActivation, layerActivations };
  checkFits(plan, maxBatch);
  const engine = await createEngine({ threads: config.threads });
  const rng = new Rng(config.seed);
  try {
    const { model, optimizer } = buildNetwork(engine, rng, plan, maxBatch);
    return { config, engine, rng, model, optimizer, loss, data, activation, convActivation, layerActivations, maxBatch, outputUnits };
  } catch (err) {
    engine.dispose();
    throw err;
  }
}
