// A network as a run builds it: the model from the --model blocks and the activations, and its optimizer with the
// parameter groups (activation parameters with their own learning rate and penalties).
import type { Engine } from '../engine/engine.js';
import { Model } from '../nn/model.js';
import { parseModelSpec, withDropout } from '../nn/model-spec.js';
import { ADAM_DEFAULTS, Optimizer } from '../optim/optimizer.js';
import type { Rng } from '../rng.js';
import type { TrainConfig } from './config.js';
import type { ResolvedActivation } from './setup.js';

/** What a network is built from, besides its engine, RNG and batch capacity. */
export interface NetworkPlan {
  config: TrainConfig;
  inputShape: readonly number[];
  outputUnits: number;
  activation: ResolvedActivation;
  convActivation: ResolvedActivation;
  /** One activation per hidden dense block, or null: each has `activation`. */
  layerActivations?: ResolvedActivation[] | null;
}

/** The model and its optimizer on `engine`, with buffers for `maxBatch` samples. */
export function buildNetwork(engine: Engine, rng: Rng, plan: NetworkPlan, maxBatch: number): { model: Model; optimizer: Optimizer } {
  const { config, activation } = plan;
  const model = new Model(engine, rng, {
    inputShape: plan.inputShape,
    blocks: withDropout(parseModelSpec(config.model), config.dropout),
    outputUnits: plan.outputUnits,
    activation: activation.activation,
    activationValues: activation.values,
    sharing: activation.sharing,
    convActivation: plan.convActivation,
    ...(plan.layerActivations == null ? {} : { denseActivations: plan.layerActivations }),
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
  return { model, optimizer };
}

