// Dense (fully connected) layer: y = x·W + b with W stored [in × out], row-major.
import type { Tensor } from '../engine/engine.js';
import { fillUniform, uniformLimit, type Initializer } from './init.js';
import { newParam, type BuildContext, type Layer, type Param, type Shape } from './layer.js';

/**
 * Dense(in → out). Args: units (out), init (glorot | he | lecun, uniform; bias starts at 0).
 * Shape: input [batch, in], output [batch, out].
 * Backward: ∂W = xᵀ·∂y, ∂b = Σ_rows ∂y, ∂x = ∂y·Wᵀ.
 */
export class Dense implements Layer {
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly params: readonly Param[];
  private readonly weight: Param;
  private readonly bias: Param;
  private readonly y: Tensor;
  private readonly dx: Tensor;
  private x: Tensor | null = null;

  constructor(
    private readonly ctx: BuildContext,
    readonly name: string,
    private readonly inFeatures: number,
    private readonly units: number,
    init: Initializer,
  ) {
    this.inputShape = [inFeatures];
    this.outputShape = [units];
    this.weight = newParam(ctx, `${name}.weight`, [inFeatures, units], 'weight');
    this.bias = newParam(ctx, `${name}.bias`, [units], 'bias');
    this.params = [this.weight, this.bias];
    this.y = ctx.engine.alloc(ctx.maxBatch * units);
    this.dx = ctx.engine.alloc(ctx.maxBatch * inFeatures);
    fillUniform(ctx.engine.view(this.weight.value), uniformLimit(init, inFeatures, units), ctx.rng);
  }

  forward(x: Tensor, batch: number): Tensor {
    const e = this.ctx.engine;
    this.x = x;
    e.affine(x, this.weight.value, this.bias.value, this.y, batch, this.units, this.inFeatures);
    return this.y;
  }

  backward(dy: Tensor, batch: number, needInputGrad: boolean): Tensor | null {
    const e = this.ctx.engine;
    if (this.x === null) throw new Error(`${this.name}: backward before forward`);
    e.gemm('tn', this.inFeatures, this.units, batch, this.x, dy, this.weight.grad, false);
    e.sumColumns(dy, batch, this.units, this.bias.grad, false);
    if (!needInputGrad) return null;
    e.gemm('nt', batch, this.inFeatures, this.units, dy, this.weight.value, this.dx, false);
    return this.dx;
  }
}
