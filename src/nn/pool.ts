// 2-D max and average pooling, channels-last, 'valid' windows (each window lies inside the input).
import type { Tensor } from '../engine/engine.js';
import type { ImageKernels } from '../engine/image-kernels.js';
import { windowGeometry, type WindowGeometry } from './im2col.js';
import { sizeOf, type BuildContext, type Layer, type Shape } from './layer.js';

/** What both pools share: geometry from (size, stride), output and input-gradient buffers. */
abstract class Pool2D implements Layer {
  readonly outputShape: Shape;
  readonly params = [];
  readonly geometry: WindowGeometry;
  protected readonly y: Tensor;
  protected readonly dx: Tensor;
  /** The engine's pooling kernels, or null for the TypeScript loops. */
  protected readonly image: ImageKernels | null;

  constructor(
    protected readonly ctx: BuildContext,
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
    this.image = ctx.engine.imageKernels?.() ?? null;
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
  /**
   * Flat input index (within the batch) of each output's maximum: in a JS array for the TypeScript
   * loops, else as int32s in the slots of an engine tensor, beside the kernels that use them.
   */
  private readonly argmax: Int32Array | { image: ImageKernels; slots: Tensor };
  private hasArgmax = false;

  constructor(ctx: BuildContext, name: string, inputShape: Shape, size: number, stride = size) {
    super(ctx, name, inputShape, size, stride);
    const outputs = ctx.maxBatch * sizeOf(this.outputShape);
    this.argmax = this.image === null ? new Int32Array(outputs) : { image: this.image, slots: ctx.engine.alloc(outputs) };
  }

  forward(x: Tensor, batch: number): Tensor {
    this.hasArgmax = true;
    const argmax = this.argmax;
    if (!(argmax instanceof Int32Array)) {
      argmax.image.maxPool(x, this.y, argmax.slots, this.geometry, batch);
      return this.y;
    }
    const e = this.ctx.engine;
    const { inH, inW, inC, kernel, stride, outH, outW } = this.geometry;
    const X = e.view(x, batch * sizeOf(this.inputShape)), Y = e.view(this.y, batch * sizeOf(this.outputShape));
    let at = 0;
    for (let b = 0; b < batch; b++) {
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
          const corner = ((b * inH + oy * stride) * inW + ox * stride) * inC;
          for (let c = 0; c < inC; c++, at++) {
            let best = corner + c, max = X[best];
            for (let ky = 0; ky < kernel; ky++) {
              for (let kx = 0; kx < kernel; kx++) {
                const i = corner + (ky * inW + kx) * inC + c;
                const v = X[i];
                if (v > max || (v !== v && max === max)) {
                  max = v;
                  best = i;
                }
              }
            }
            Y[at] = max;
            argmax[at] = best;
          }
        }
      }
    }
    return this.y;
  }

  backward(dy: Tensor, batch: number, needInputGrad: boolean): Tensor | null {
    if (!this.hasArgmax) throw new Error(`${this.name}: backward before forward`);
    if (!needInputGrad) return null;
    const argmax = this.argmax;
    if (!(argmax instanceof Int32Array)) {
      argmax.image.maxPoolBackward(dy, argmax.slots, this.dx, this.geometry, batch);
      return this.dx;
    }
    const e = this.ctx.engine;
    const n = batch * sizeOf(this.outputShape);
    const D = e.view(dy, n), DX = e.view(this.dx, batch * sizeOf(this.inputShape));
    DX.fill(0);
    for (let i = 0; i < n; i++) DX[argmax[i]] += D[i];
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
    if (this.image !== null) {
      this.image.avgPool(x, this.y, this.geometry, batch);
      return this.y;
    }
    const e = this.ctx.engine;
    const { inH, inW, inC, kernel, stride, outH, outW } = this.geometry;
    const X = e.view(x, batch * sizeOf(this.inputShape)), Y = e.view(this.y, batch * sizeOf(this.outputShape));
    const scale = 1 / (kernel * kernel);
    let at = 0;
    for (let b = 0; b < batch; b++) {
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
          const corner = ((b * inH + oy * stride) * inW + ox * stride) * inC;
          for (let c = 0; c < inC; c++, at++) {
            let sum = 0;
            for (let ky = 0; ky < kernel; ky++) {
              for (let kx = 0; kx < kernel; kx++) sum += X[corner + (ky * inW + kx) * inC + c];
            }
            Y[at] = sum * scale;
          }
        }
      }
    }
    return this.y;
  }

  backward(dy: Tensor, batch: number, needInputGrad: boolean): Tensor | null {
    if (!needInputGrad) return null;
    if (this.image !== null) {
      this.image.avgPoolBackward(dy, this.dx, this.geometry, batch);
      return this.dx;
    }
    const e = this.ctx.engine;
    const { inH, inW, inC, kernel, stride, outH, outW } = this.geometry;
    const D = e.view(dy, batch * sizeOf(this.outputShape)), DX = e.view(this.dx, batch * sizeOf(this.inputShape));
    const scale = 1 / (kernel * kernel);
    DX.fill(0);
    let at = 0;
    for (let b = 0; b < batch; b++) {
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
          const corner = ((b * inH + oy * stride) * inW + ox * stride) * inC;
          for (let c = 0; c < inC; c++, at++) {
            const share = D[at] * scale;
            for (let ky = 0; ky < kernel; ky++) {
              for (let kx = 0; kx < kernel; kx++) DX[corner + (ky * inW + kx) * inC + c] += share;
            }
          }
        }
      }
    }
    return this.dx;
  }
}
