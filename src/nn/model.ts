// A sequential model: hidden blocks from the --model spec, each dense block followed by the
// hidden activation, then the output layer. It chains forward and backward through its layers.
import type { ElementwiseActivation } from '../activations/types.js';
import type { Engine, Tensor } from '../engine/engine.js';
import { WindowTooLargeError } from '../engine/window.js';
import type { Rng } from '../rng.js';
import { ActivationLayer, type Sharing } from './activation-layer.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import type { Initializer } from './init.js';
import { sizeOf, type BuildContext, type Layer, type Param, type Shape } from './layer.js';
import { blockText, ModelSpecError, type BlockSpec } from './model-spec.js';
import { BatchNorm } from './batch-norm.js';
import { Conv2D } from './conv2d.js';
import { Flatten } from './flatten.js';
import { AvgPool2D, MaxPool2D } from './pool.js';

/** An activation for a group of layers: the entry, its initial values, and its sharing. */
export interface ActivationChoice {
  activation: ElementwiseActivation;
  values: readonly number[];
  sharing: Sharing;
}

export interface ModelOptions {
  /** Per-sample input shape: [features], or [height, width, channels] for images. */
  inputShape: Shape;
  blocks: BlockSpec[];
  outputUnits: number;
  /** The activation after dense blocks (and after conv blocks unless `convActivation` is given). */
  activation: ElementwiseActivation;
  activationValues: readonly number[];
  sharing: Sharing;
  /** The activation after conv blocks. */
  convActivation?: ActivationChoice;
  /** One activation per dense block, in order (instead of `activation` after each). */
  denseActivations?: readonly ActivationChoice[];
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
    const convBlocks = options.blocks.some((b) => b.kind === 'conv' || b.kind === 'maxpool' || b.kind === 'avgpool');
    if (convBlocks && options.inputShape.length !== 3) {
      throw new ModelSpecError(`convolution and pooling blocks need image input [height, width, channels]; the data has shape [${options.inputShape}]`);
    }
    let shape: Shape = convBlocks ? options.inputShape : [sizeOf(options.inputShape)];
    const counts = new Map<string, number>();
    const nameFor = (kind: string) => {
      const n = counts.get(kind) ?? 0;
      counts.set(kind, n + 1);
      return `${kind}${n}`;
    };
    const add = (layer: Layer) => {
      this.layers.push(layer);
      shape = layer.outputShape;
    };
    const flat = () => {
      if (shape.length > 1) add(new Flatten(nameFor('flatten'), shape));
    };
    const dense: ActivationChoice = { activation: options.activation, values: options.activationValues, sharing: options.sharing };
    const activate = (choice: ActivationChoice, batchNorm: boolean) => {
      if (batchNorm) add(new BatchNorm(ctx, nameFor('bn'), shape));
      add(new ActivationLayer(ctx, nameFor('act'), shape, choice.activation, choice.values, choice.sharing));
    };
    /** Builds a windowed layer, naming it, its block, its input and its padding when its window does not fit. */
    const windowed = (name: string, block: BlockSpec & { kind: 'conv' | 'maxpool' | 'avgpool' }, make: () => Layer) => {
      try {
        return make();
      } catch (err) {
        if (!(err instanceof WindowTooLargeError)) throw err;
        const k = block.kind === 'conv' ? block.kernel : block.size;
        const input = `its ${k}×${k} window does not fit its ${shape[0]}×${shape[1]}×${shape[2]} input`;
        const fix =
          block.kind === 'conv'
            ? `with 'valid' padding (out = ⌊(in − ${k})/stride⌋ + 1 needs in ≥ ${k}); add :same, use a smaller kernel, or remove a pool block before it`
            : '(pooling windows lie inside the input, without padding); use a smaller pool, or remove a pool block before it';
        throw new ModelSpecError(`--model: layer ${name} (${blockText(block)}): ${input} ${fix}`);
      }
    };
    let denseBlocks = 0;
    for (const block of options.blocks) {
      switch (block.kind) {
        case 'dense':
          flat();
          add(new Dense(ctx, nameFor('dense'), shape[0], block.units, options.init));
          activate(options.denseActivations?.[denseBlocks++] ?? dense, block.batchNorm);
          break;
        case 'conv':
          if (shape.length !== 3) throw new ModelSpecError(`a conv block cannot follow a dense or flatten block (its input has shape [${shape}])`);
          {
            const name = nameFor('conv');
            add(windowed(name, block, () => new Conv2D(ctx, name, shape, { filters: block.filters, kernel: block.kernel, stride: block.stride, padding: block.padding, init: options.init })));
          }
          activate(options.convActivation ?? dense, block.batchNorm);
          break;
        case 'maxpool':
        case 'avgpool': {
          if (shape.length !== 3) throw new ModelSpecError(`a pool block cannot follow a dense or flatten block (its input has shape [${shape}])`);
          const Pool = block.kind === 'maxpool' ? MaxPool2D : AvgPool2D;
          const name = nameFor(block.kind);
          add(windowed(name, block, () => new Pool(ctx, name, shape, block.size)));
          break;
        }
        case 'dropout':
          add(new Dropout(ctx, nameFor('dropout'), shape, block.rate));
          break;
        case 'flatten':
          flat();
          break;
      }
    }
    flat();
    add(new Dense(ctx, nameFor('dense'), shape[0], options.outputUnits, options.init));
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
