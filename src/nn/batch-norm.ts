// Batch normalisation over the last axis (channels, or features for dense input), with learnable
// scale γ and shift β, batch statistics in training and moving statistics at inference.
import type { Tensor } from '../engine/engine.js';
import type { ImageKernels } from '../engine/image-kernels.js';
import { newParam, sizeOf, type BuildContext, type Layer, type Param, type Shape } from './layer.js';

export interface BatchNormOptions {
  /** Moving-average momentum: moving = momentum·moving + (1 − momentum)·batch. Default 0.99 (Keras). */
  momentum?: number;
  /** Added to the variance. Default 1e-3 (Keras). */
  epsilon?: number;
}

/**
 * BatchNorm: y = γ·(x − μ)/√(σ² + ε) + β per channel c = last axis, with μ, σ² the batch mean and
 * biased variance over batch·H·W in training, the moving averages at inference.
 *
 * Args: momentum (default 0.99), epsilon (default 1e-3): Keras' defaults and convention. PyTorch's
 * BatchNorm2d writes momentum the other way round (its 0.1 is Keras' 0.9), uses ε = 1e-5, and feeds
 * the unbiased variance N/(N − 1)·σ² into its running variance; here the biased σ² is used, as Keras does.
 *
 * Shape: output = input, [batch, …, C]. Params "<name>.gamma" [C] (group 'weight', init 1) and
 * "<name>.beta" [C] (group 'bias', init 0); state "<name>.movingMean" (init 0) and
 * "<name>.movingVariance" (init 1), updated by every training-mode forward.
 *
 * Backward (training, through the batch statistics, x̂ = (x − μ)/σ, N = rows):
 * ∂β = Σ ∂y, ∂γ = Σ ∂y·x̂, ∂x = γ/(N·σ)·(N·∂y − Σ∂y − x̂·Σ∂y·x̂).
 * After an inference-mode forward the statistics are constants: ∂x = γ·∂y/σ.
 */
export class BatchNorm implements Layer {
  readonly outputShape: Shape;
  readonly params: readonly Param[];
  readonly state: readonly { name: string; tensor: Tensor }[];
  readonly channels: number;
  readonly momentum: number;
  readonly epsilon: number;
  private readonly gamma: Param;
  private readonly beta: Param;
  private readonly movingMean: Tensor;
  private readonly movingVariance: Tensor;
  private readonly y: Tensor;
  private readonly dx: Tensor;
  /** The normalised input x̂ of the last forward. */
  private readonly xHat: Tensor;
  // Per-channel statistics of the last forward, in float64 so the sums over batch·H·W stay exact.
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;
  private readonly sumDy: Float64Array;
  private readonly sumDyXHat: Float64Array;
  /** Per-channel coefficients of the input gradient ∂x = a·∂y + b + k·x̂. */
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly k: Float64Array;
  /** The engine's per-channel kernels. */
  private readonly image: ImageKernels;
  /** Whether the last forward normalised with batch statistics (null before any forward). */
  private lastTraining: boolean | null = null;

  constructor(
    private readonly ctx: BuildContext,
    readonly name: string,
    readonly inputShape: Shape,
    options: BatchNormOptions = {},
  ) {
    const { momentum = 0.99, epsilon = 1e-3 } = options;
    if (!(momentum >= 0 && momentum <= 1)) throw new Error(`${name}: momentum must lie in [0, 1], got ${momentum}`);
    if (!(epsilon > 0)) throw new Error(`${name}: epsilon must be positive, got ${epsilon}`);
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.outputShape = inputShape;
    const C = inputShape[inputShape.length - 1];
    this.channels = C;
    const e = ctx.engine;
    this.gamma = newParam(ctx, `${name}.gamma`, [C], 'weight');
    this.beta = newParam(ctx, `${name}.beta`, [C], 'bias');
    this.params = [this.gamma, this.beta];
    e.view(this.gamma.value).fill(1);
    this.movingMean = e.alloc(C);
    this.movingVariance = e.alloc(C);
    e.view(this.movingVariance).fill(1);
    this.state = [
      { name: `${name}.movingMean`, tensor: this.movingMean },
      { name: `${name}.movingVariance`, tensor: this.movingVariance },
    ];
    const n = ctx.maxBatch * sizeOf(inputShape);
    this.y = e.alloc(n);
    this.dx = e.alloc(n);
    this.xHat = e.alloc(n);
    this.mean = new Float64Array(C);
    this.invStd = new Float64Array(C);
    this.sumDy = new Float64Array(C);
    this.sumDyXHat = new Float64Array(C);
    this.a = new Float64Array(C);
    this.b = new Float64Array(C);
    this.k = new Float64Array(C);
    this.image = e.imageKernels();
  }

  forward(x: Tensor, batch: number, training: boolean): Tensor {
    const e = this.ctx.engine, C = this.channels;
    const rows = (batch * sizeOf(this.inputShape)) / C;
    const movingMean = e.view(this.movingMean), movingVariance = e.view(this.movingVariance);
    const { mean, invStd } = this;
    if (training) {
      const variance = invStd;
      this.image.meanVariance(x, rows, C, mean, variance);
      for (let c = 0; c < C; c++) {
        movingMean[c] = this.momentum * movingMean[c] + (1 - this.momentum) * mean[c];
        movingVariance[c] = this.momentum * movingVariance[c] + (1 - this.momentum) * variance[c];
        invStd[c] = 1 / Math.sqrt(variance[c] + this.epsilon);
      }
    } else {
      for (let c = 0; c < C; c++) {
        mean[c] = movingMean[c];
        invStd[c] = 1 / Math.sqrt(movingVariance[c] + this.epsilon);
      }
    }
    this.lastTraining = training;
    this.image.normalize(x, this.xHat, this.y, rows, C, mean, invStd, this.gamma.value, this.beta.value);
    return this.y;
  }

  backward(dy: Tensor, batch: number, needInputGrad: boolean): Tensor | null {
    if (this.lastTraining === null) throw new Error(`${this.name}: backward before forward`);
    const e = this.ctx.engine, C = this.channels;
    const rows = (batch * sizeOf(this.inputShape)) / C;
    const { sumDy, sumDyXHat, invStd } = this;
    this.image.gradSums(dy, this.xHat, rows, C, sumDy, sumDyXHat);
    const gamma = e.view(this.gamma.value);
    e.view(this.gamma.grad).set(sumDyXHat);
    e.view(this.beta.grad).set(sumDy);
    if (!needInputGrad) return null;
    // ∂x = a·∂y + b + k·x̂ per channel: a = γ/σ; in training b = −a·Σ∂y/N and k = −a·Σ∂y·x̂/N carry
    // the gradient through the batch statistics, at inference the statistics are constants (b = k = 0).
    const { a, b, k } = this;
    for (let c = 0; c < C; c++) {
      a[c] = gamma[c] * invStd[c];
      b[c] = this.lastTraining ? (-a[c] * sumDy[c]) / rows : 0;
      k[c] = this.lastTraining ? (-a[c] * sumDyXHat[c]) / rows : 0;
    }
    this.image.affineGrad(dy, this.xHat, this.dx, rows, C, a, b, k);
    return this.dx;
  }
}
