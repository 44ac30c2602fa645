// What the layers and optimizers need from the compute engine: float32 tensors in one memory, and
// the few heavy operations. Two implementations: WASM SIMD (the default, wasm-engine.ts) and plain
// TypeScript (js-engine.ts: the oracle in tests, and the fallback where WebAssembly SIMD is missing).
import type { ElementwiseKernels } from '../activations/types.js';
import type { ImageKernels } from './image-kernels.js';

/** A float32 tensor: `length` values at byte offset `ptr` of the engine's memory. */
export interface Tensor {
  readonly ptr: number;
  readonly length: number;
}

export type GemmLayout = 'nn' | 'nt' | 'tn';

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
  /** x[r, c] += bias[c] for a row-major rows×cols x. */
  addBias(x: Tensor, bias: Tensor, rows: number, cols: number): void;
  /** out[c] (+)= Σ_r x[r, c]. */
  sumColumns(x: Tensor, rows: number, cols: number, out: Tensor, accumulate: boolean): void;
  /**
   * One Adam step over n values: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
   * w −= lr·(m/(1−β1^t)) / (√(v/(1−β2^t)) + ε).
   */
  adam(w: Tensor, g: Tensor, m: Tensor, v: Tensor, n: number, lr: number, beta1: number, beta2: number, eps: number, step: number): void;
  /**
   * One SGD step over n values (PyTorch's form, dampening 0), the penalty's gradient added first:
   * g' = g + l1·sign(w) + 2·l2·w; vel = μ·vel + g'; w −= lr·(nesterov ? g' + μ·vel : vel). g itself is left as it was.
   */
  sgd(w: Tensor, g: Tensor, vel: Tensor, n: number, lr: number, momentum: number, nesterov: boolean, l1: number, l2: number): void;
  /**
   * The engine's own kernels for catalog activation `activationName` (fast paths over its memory), or
   * null where it has none; callers then use the entry's own kernels. `period`: the parameter period the
   * caller will use (a layer's slot count), which lets large calls split over threads.
   */
  elementwise?(activationName: string, period?: number): ElementwiseKernels | null;
  /** Stops worker threads, if any. */
  dispose(): void;
  /** The engine's kernels for im2col, pooling and batch norm (image-kernels.ts), where it has them; layers otherwise loop in TypeScript. */
  imageKernels?(): ImageKernels;
}
