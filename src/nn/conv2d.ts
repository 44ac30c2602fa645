// 2-D convolution, channels-last, as one GEMM over im2col columns: Y = cols·W + b.
import type { Tensor } from '../engine/engine.js';
import type { ImageKernels } from '../engine/image-kernels.js';
import { patchSize, windowGeometry, type Padding, type WindowGeometry } from '../engine/window.js';
import { fillUniform, uniformLimit, type Initializer } from './init.js';
import { newParam, sizeOf, type BuildContext, type Layer, type Param, type Shape } from './layer.js';

export interface Conv2DOptions {
  /** Output channels. */
  filters: number;
  /** Square kernel side k. */
  kernel: number;
  /** Default 1. */
  stride?: number;
  /** Default 'valid'. */
  padding?: Padding;
  /** Default 'glorot' (as Keras), with fan-in k·k·inC and fan-out k·k·filters. */
  init?: Initializer;
}

/**
 * Conv2D (cross-correlation, as every framework computes it).
 *
 * Args: filters (out channels), kernel (k, square), stride (default 1), padding ('valid' | 'same',
 * default 'valid'; 'same' as TensorFlow: out = ⌈in/stride⌉, the odd extra pad at the bottom/right),
 * init (glorot | he | lecun uniform, default glorot; fan-in k·k·inC, fan-out k·k·filters; bias 0).
 *
 * Shape: input [batch, H, W, inC], output [batch, outH, outW, filters] (channels-last, batch-major).
 * Weight [k, k, inC, filters] (TensorFlow's HWIO; PyTorch stores [filters, inC, k, k]), bias [filters].
 *
 * Backward: ∂W = colsᵀ·∂Y, ∂b = Σ_rows ∂Y, ∂x = col2im(∂Y·Wᵀ). The column buffer holds the input's
 * columns from forward until ∂W is taken, then is reused for ∂cols: one backward per forward.
 * ∂Y·Wᵀ runs as a plain product with a transposed copy of W: its inner dimension is the filter count,
 * too short for fast dot products (~35 vs ~46 GFLOP/s at 50 filters).
 */
export class Conv2D implements Layer {
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly params: readonly Param[];
  readonly geometry: WindowGeometry;
  private readonly weight: Param;
  private readonly bias: Param;
  private readonly filters: number;
  /** [maxBatch·outH·outW, k·k·inC]: the input's columns after forward, ∂cols during backward. */
  private readonly cols: Tensor;
  private readonly y: Tensor;
  private readonly dx: Tensor;
  /** Wᵀ [filters, k·k·inC], refreshed by each backward that needs ∂x. */
  private readonly weightT: Tensor;
  private colsHoldInput = false;
  /** The engine's im2col/col2im kernels. */
  private readonly image: ImageKernels;

  constructor(
    private readonly ctx: BuildContext,
    readonly name: string,
    inputShape: Shape,
    options: Conv2DOptions,
  ) {
    const { filters, kernel, stride = 1, padding = 'valid', init = 'glorot' } = options;
    if (!(Number.isInteger(filters) && filters >= 1)) throw new Error(`${name}: filters must be a positive integer, got ${filters}`);
    this.inputShape = inputShape;
    this.filters = filters;
    this.geometry = windowGeometry(inputShape, kernel, stride, padding);
    const g = this.geometry;
    this.outputShape = [g.outH, g.outW, filters];
    const e = ctx.engine;
    this.image = e.imageKernels();
    this.weight = newParam(ctx, `${name}.weight`, [kernel, kernel, g.inC, filters], 'weight');
    this.bias = newParam(ctx, `${name}.bias`, [filters], 'bias');
    this.params = [this.weight, this.bias];
    const positions = ctx.maxBatch * g.outH * g.outW;
    this.cols = e.alloc(positions * patchSize(g));
    this.y = e.alloc(positions * filters);
    this.dx = e.alloc(ctx.maxBatch * sizeOf(inputShape));
    this.weightT = e.alloc(patchSize(g) * filters);
    const fanIn = patchSize(g), fanOut = kernel * kernel * filters;
    fillUniform(e.view(this.weight.value), uniformLimit(init, fanIn, fanOut), ctx.rng);
  }

  forward(x: Tensor, batch: number): Tensor {
    const e = this.ctx.engine, g = this.geometry;
    const rows = batch * g.outH * g.outW, k = patchSize(g);
    this.image.im2col(x, this.cols, g, batch);
    this.colsHoldInput = true;
    e.affine(this.cols, this.weight.value, this.bias.value, this.y, rows, this.filters, k);
    return this.y;
  }

  backward(dy: Tensor, batch: number, needInputGrad: boolean): Tensor | null {
    const e = this.ctx.engine, g = this.geometry;
    if (!this.colsHoldInput) throw new Error(`${this.name}: backward without a forward since the last backward`);
    const rows = batch * g.outH * g.outW, k = patchSize(g);
    e.gemm('tn', k, this.filters, rows, this.cols, dy, this.weight.grad, false);
    e.sumColumns(dy, rows, this.filters, this.bias.grad, false);
    if (!needInputGrad) return null;
    this.colsHoldInput = false;
    transpose(e.view(this.weight.value), e.view(this.weightT), k, this.filters);
    e.gemm('nn', rows, k, this.filters, dy, this.weightT, this.cols, false);
    this.image.col2im(this.cols, this.dx, g, batch);
    return this.dx;
  }
}

/** to[j, i] = from[i, j] for a row-major rows×cols `from`. */
function transpose(from: Float32Array, to: Float32Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) to[j * rows + i] = from[i * cols + j];
  }
}
