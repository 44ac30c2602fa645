// 2-D max and average pooling, channels-last, 'valid' windows (each window lies inside the input).
import type { Tensor } from '../engine/engine.js';
import type { ImageKernels } from '../engine/image-kernels.js';
import { windowGeometry, type WindowGeometry } from '../engine/window.js';
import { sizeOf, type BuildContext, type Layer, type Shape } from './layer.js';

/** What both pools share: geometry from (size, stride), output and input-gradient buffers. */
abstract class Pool2D implements Layer {
  readonly outputShape: Shape;
  readonly params = [];
  readonly geometry: WindowGeometry;
  protected readonly y: Tensor;
  protected readonly dx: Tensor;
  /** The engine's pooling kernels. */
  protected readonly image: ImageKernels;

  constructor(
    ctx: BuildContext,
    readonly name: string,
    readonly inputShape: Shape,
    size: number,
    stride: number,
  ) {
    this.geometry = windowGeometry(inputShape, size, stride, 'valid');
    const g = this.geometry;
    this.outputShape = [g.outH, g.outW, g.inC];
    this.y = ctx.engine.alloc(ctx.maxBatch * sizeOf(this.outputShape));
    this.dx = ctx.engine.alloc(ctx.maxBatch * sizeOf(inputShape));
    this.image = ctx.engine.imageKernels();
  }

  abstract forward(x: Tensor, batch: number): Tensor;
  abstract backward(dy: Tensor, batch: number, needInputGrad: boolean): Tensor | null;
}

/**
 * MaxPool2D: y[b, oy, ox, c] = max over the size×size window at (oy·stride, ox·stride) of x[b, ·, ·, c].
 * Args: size, stride (default size). Shape: [batch, H, W, C] → [batch, ⌊(H − size)/stride⌋ + 1, …, C].
 * Backward routes ∂y to the argmax kept from forward: on ties the first maximum in (ky, kx) scan
 * order (PyTorch's CPU kernel picks the same); a NaN in the window wins, so NaNs propagate.
 * Overlapping windows (stride < size) add their gradients.
 */
export class MaxPool2D extends Pool2D {
  /** Flat input index (within the batch) of each output's maximum, as int32s in the slots of an engine tensor. */
  private readonly argmax: Tensor;
  private hasArgmax = false;

  constructor(ctx: BuildContext, name: string, inputShape: Shape, size: number, stride = size) {
    super(ctx, name, inputShape, size, stride);
    this.argmax = ctx.engine.alloc(ctx.maxBatch * sizeOf(this.outputShape));
  }

  forward(x: Tensor, batch: number): Tensor {
    this.hasArgmax = true;
    this.image.maxPool(x, this.y, this.argmax, this.geometry, batch);
    return this.y;
  }

  backward(dy: Tensor, batch: number, needInputGrad: boolean): Tensor | null {
    if (!this.hasArgmax) throw new Error(`${this.name}: backward before forward`);
    if (!needInputGrad) return null;
    this.image.maxPoolBackward(dy, this.argmax, this.dx, this.geometry, batch);
    return this.dx;
  }
}

/**
 * AvgPool2D: y[b, oy, ox, c] = mean over the size×size window at (oy·stride, ox·stride) of x[b, ·, ·, c].
 * Args: size, stride (default size). Shape as MaxPool2D. Backward spreads ∂y/size² over the window.
 */
export class AvgPool2D extends Pool2D {
  constructor(ctx: BuildContext, name: string, inputShape: Shape, size: number, stride = size) {
    super(ctx, name, inputShape, size, stride);
  }

  forward(x: Tensor, batch: number): Tensor {
    this.image.avgPool(x, this.y, this.geometry, batch);
    return this.y;
  }

  backward(dy: Tensor, batch: number, needInputGrad: boolean): Tensor | null {
    if (!needInputGrad) return null;
    this.image.avgPoolBackward(dy, this.dx, this.geometry, batch);
    return this.dx;
  }
}
