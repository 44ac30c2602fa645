// The contract every layer keeps: explicit forward and backward over engine tensors, with
// buffers sized once for the largest batch, and its parameters declared for the optimizer.
import type { Engine, Tensor } from '../engine/engine.js';

export type ParamGroup = 'weight' | 'bias' | 'activation';

/** A trainable tensor with its gradient; the optimizer updates `value` from `grad`. */
export interface Param {
  /** Unique within the model, e.g. "dense0.weight", "act0.alpha". */
  name: string;
  shape: number[];
  group: ParamGroup;
  value: Tensor;
  grad: Tensor;
}

/** Per-sample shape: [features] for dense data, [height, width, channels] (channels-last) for images. */
export type Shape = readonly number[];

export const sizeOf = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

export interface Layer {
  /** Unique within the model, e.g. "dense0". */
  readonly name: string;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly params: readonly Param[];
  /**
   * Non-trainable tensors the layer updates itself (BatchNorm's moving mean and variance), named
   * like params ("bn0.movingMean"): checkpoints save and restore them, optimizers leave them alone.
   */
  readonly state?: readonly { name: string; tensor: Tensor }[];
  /** Computes the output for `batch` samples of x; the returned tensor belongs to the layer. */
  forward(x: Tensor, batch: number, training: boolean): Tensor;
  /**
   * From ∂L/∂output, sets (overwrites) every param's grad and returns ∂L/∂input, or null when
   * `needInputGrad` is false (the first layer skips that work).
   */
  backward(dy: Tensor, batch: number, needInputGrad: boolean): Tensor | null;
}

/** What building a layer needs: the engine, the largest batch, and the RNG for initialisation. */
export interface BuildContext {
  engine: Engine;
  maxBatch: number;
  rng: import('../rng.js').Rng;
}

export function newParam(ctx: BuildContext, name: string, shape: number[], group: ParamGroup): Param {
  const n = sizeOf(shape);
  return { name, shape, group, value: ctx.engine.alloc(n), grad: ctx.engine.alloc(n) };
}
