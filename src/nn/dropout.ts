// Inverted dropout: at training time each unit is kept with probability 1 − rate and scaled by
// 1/(1 − rate), so inference needs no change.
import type { Tensor } from '../engine/engine.js';
import { sizeOf, type BuildContext, type Layer, type Shape } from './layer.js';

/** Dropout(rate). Shape: output = input. Backward multiplies by the same mask. */
export class Dropout implements Layer {
  readonly outputShape: Shape;
  readonly params = [];
  private readonly mask: Tensor;
  private readonly y: Tensor;
  private readonly dx: Tensor;

  constructor(
    private readonly ctx: BuildContext,
    readonly name: string,
    readonly inputShape: Shape,
    readonly rate: number,
  ) {
    this.outputShape = inputShape;
    const n = ctx.maxBatch * sizeOf(inputShape);
    this.mask = ctx.engine.alloc(n);
    this.y = ctx.engine.alloc(n);
    this.dx = ctx.engine.alloc(n);
  }

  forward(x: Tensor, batch: number, training: boolean): Tensor {
    if (!training || this.rate === 0) return x;
    const e = this.ctx.engine;
    const n = batch * sizeOf(this.inputShape);
    const X = e.view(x, n), Y = e.view(this.y, n), M = e.view(this.mask, n);
    const scale = 1 / (1 - this.rate);
    for (let i = 0; i < n; i++) {
      M[i] = this.ctx.rng.next() < this.rate ? 0 : scale;
      Y[i] = X[i] * M[i];
    }
    return this.y;
  }

  backward(dy: Tensor, batch: number): Tensor {
    if (this.rate === 0) return dy;
    const e = this.ctx.engine;
    const n = batch * sizeOf(this.inputShape);
    const D = e.view(dy, n), M = e.view(this.mask, n), DX = e.view(this.dx, n);
    for (let i = 0; i < n; i++) DX[i] = D[i] * M[i];
    return this.dx;
  }
}
