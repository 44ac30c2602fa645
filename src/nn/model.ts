// A sequential model: hidden blocks from the --model spec, each dense block followed by the
// hidden activation, then the output layer. It chains forward and backward through its layers.
import type { ElementwiseActivation } from '../activations/types.js';
import type { Engine, Tensor } from '../engine/engine.js';
import type { Rng } from '../rng.js';
import { ActivationLayer, type Sharing } from './activation-layer.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import type { Initializer } from './init.js';
import { sizeOf, type BuildContext, type Layer, type Param, type Shape } from './layer.js';
import type { BlockSpec } from './model-spec.js';

export interface ModelOptions {
  inputShape: Shape;
  blocks: BlockSpec[];
  outputUnits: number;
  activation: ElementwiseActivation;
  activationValues: readonly number[];
  sharing: Sharing;
  init: Initializer;
  maxBatch: number;
}

export class Model {
  readonly layers: Layer[] = [];
  readonly params: Param[];
  readonly activationLayers: ActivationLayer[];

  constructor(
    readonly engine: Engine,
    rng: Rng,
    readonly options: ModelOptions,
  ) {
    const ctx: BuildContext = { engine, maxBatch: options.maxBatch, rng };
    let shape: Shape = [sizeOf(options.inputShape)];
    let dense = 0;
    let act = 0;
    let drop = 0;
    const add = (layer: Layer) => {
      this.layers.push(layer);
      shape = layer.outputShape;
    };
    for (const block of options.blocks) {
      if (block.kind === 'dense') {
        add(new Dense(ctx, `dense${dense++}`, shape[0], block.units, options.init));
        add(new ActivationLayer(ctx, `act${act++}`, shape, options.activation, options.activationValues, options.sharing));
      } else {
        add(new Dropout(ctx, `dropout${drop++}`, shape, block.rate));
      }
    }
    add(new Dense(ctx, `dense${dense}`, shape[0], options.outputUnits, options.init));
    this.params = this.layers.flatMap((l) => l.params);
    this.activationLayers = this.layers.filter((l): l is ActivationLayer => l instanceof ActivationLayer);
  }

  /** Each layer's output of the last forward pass (the NaN guard reads them to find where values broke). */
  readonly outputs: Tensor[] = [];
  /** The batch size of the last forward pass. */
  lastBatch = 0;

  forward(x: Tensor, batch: number, training: boolean): Tensor {
    let t = x;
    this.lastBatch = batch;
    this.layers.forEach((layer, i) => {
      t = layer.forward(t, batch, training);
      this.outputs[i] = t;
    });
    return t;
  }

  /** Backpropagates ∂L/∂logits, setting every param's grad. */
  backward(dlogits: Tensor, batch: number): void {
    let d: Tensor | null = dlogits;
    for (let i = this.layers.length - 1; i >= 0 && d !== null; i--) d = this.layers[i].backward(d, batch, i > 0);
  }
}
