// Flatten: a per-sample [h, w, c] becomes [h·w·c]. Channels-last data is already contiguous in
// that order, so tensors pass through untouched.
import type { Tensor } from '../engine/engine.js';
import { sizeOf, type Layer, type Shape } from './layer.js';

/**
 * Flatten. Shape: input [batch, …dims], output [batch, Π dims], in row-major (channels-last) order:
 * feature (y, x, c) → (y·W + x)·C + c. PyTorch flattens NCHW, i.e. (c, y, x) order, so dense
 * weights after a Flatten are not interchangeable with PyTorch's. Forward and backward are identities.
 */
export class Flatten implements Layer {
  readonly outputShape: Shape;
  readonly params = [];

  constructor(
    readonly name: string,
    readonly inputShape: Shape,
  ) {
    this.outputShape = [sizeOf(inputShape)];
  }

  forward(x: Tensor): Tensor {
    return x;
  }

  backward(dy: Tensor, _batch: number, needInputGrad: boolean): Tensor | null {
    return needInputGrad ? dy : null;
  }
}
