// What the layers and optimizers need from the compute engine: float32 tensors in one memory, and
// the few heavy operations. Two implementations: WASM SIMD (the default, wasm-engine.ts) and plain
// TypeScript (js-engine.ts: the oracle in tests, and the fallback where WebAssembly SIMD is missing).
import type { ImageKernels } from './image-kernels.js';

/** A float32 tensor: `length` values at byte offset `ptr` of the engine's memory. */
export interface Tensor {
  readonly ptr: number;
  readonly length: number;
}

export type GemmLayout = 'nn' | 'nt' | 'tn';

/** One tensor an SGD step updates: weights, gradient and velocity, n values each. */
export interface SgdSlot {
  w: Tensor;
  g: Tensor;
  vel: Tensor;
  n: number;
}

/**
 * One activation layer's elementwise work over the engine's tensors, for a fixed parameter period (engine.activation):
 * element i of a call uses slot i % period of each parameter tensor p[j] (natural values: p, not θ).
 */
export interface ActivationOp {
  /** Floats per value a training forward can keep for backward (0: it never keeps any). */
  readonly savedPerValue: number;
  /**
   * y = f(x; p) over n values. Given `saved` (savedPerValue·n floats), keeps there what backward needs and returns
   * true, or returns false where it kept nothing (then backward must be given null).
   */
  forward(x: Tensor, y: Tensor, p: readonly Tensor[], n: number, saved: Tensor | null): boolean;
  /**
   * dx = dy·∂f/∂x, and dp[j][k] += Σ_{i % period = k} dy·∂f/∂pj for each non-null dp[j]. `saved`: what the last
   * forward over these x and p kept (it returned true), else null.
   */
  backward(x: Tensor, dy: Tensor, dx: Tensor, p: readonly Tensor[], dp: readonly (Tensor | null)[], n: number, saved: Tensor | null): void;
}

export interface Engine {
  readonly name: string;
  /** Threads large GEMMs are split over. */
  readonly threads: number;
  /** A new zero-filled tensor. May grow the memory: take views again after allocating. */
  alloc(length: number): Tensor;
  /** A typed-array view of `t` (or of its first `length` values), valid until the next alloc. */
  view(t: Tensor, length?: number): Float32Array;
  /**
   * Row-major C[m×n] (+)= op(A)·op(B) with layout 'nn': A[m×k]·B[k×n], 'nt': A[m×k]·B[n×k]ᵀ,
   * 'tn': A[k×m]ᵀ·B[k×n]. `accumulate` adds to C instead of overwriting it.
   */
  gemm(layout: GemmLayout, m: number, n: number, k: number, a: Tensor, b: Tensor, c: Tensor, accumulate: boolean): void;
  /** y[m×n] = x[m×k]·w[k×n] + bias[n] added to each row after the product (a dense or convolution layer's forward). */
  affine(x: Tensor, w: Tensor, bias: Tensor, y: Tensor, m: number, n: number, k: number): void;
  /** out[c] (+)= Σ_r x[r, c]. */
  sumColumns(x: Tensor, rows: number, cols: number, out: Tensor, accumulate: boolean): void;
  /**
   * One Adam step over n values: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
   * w −= lr·(m/(1−β1^t)) / (√(v/(1−β2^t)) + ε).
   */
  adam(w: Tensor, g: Tensor, m: Tensor, v: Tensor, n: number, lr: number, beta1: number, beta2: number, eps: number, step: number): void;
  /**
   * One SGD step (PyTorch's form, dampening 0) over each of a fixed list of tensors, prepared once (one kernel call
   * per step on WASM), the penalty's gradient added first: g' = g + l1·sign(w) + 2·l2·w; vel = μ·vel + g';
   * w −= lr·(nesterov ? g' + μ·vel : vel). g itself is left as it was.
   */
  sgdGroup(slots: readonly SgdSlot[]): (lr: number, momentum: number, nesterov: boolean, l1: number, l2: number) => void;
  /** y = eˣ over n values (y may be x). */
  exp(x: Tensor, y: Tensor, n: number): void;
  /** out = a·b over n values (out may be a or b). */
  multiply(a: Tensor, b: Tensor, out: Tensor, n: number): void;
  /**
   * Elementwise catalog activation `activationName` over this engine's tensors for parameter period `period` (a
   * layer's slot count): the engine's own kernels where it has them (large calls split over threads), else the entry's.
   */
  activation(activationName: string, period: number): ActivationOp;
  /** Stops worker threads, if any. */
  dispose(): void;
  /** Bytes of the engine's memory its tensors and kernels' scratch hold now, where it keeps count. */
  bytesInUse?(): number;
  /** The engine's kernels for im2col, pooling and batch norm (image-kernels.ts; the JS engine's: js-image-kernels.ts). */
  imageKernels(): ImageKernels;
}
