// Typed wrappers over the WASM kernels: check shapes and dtypes with readable errors, then pass pointers.
import type { Arena, Tensor } from './arena.js';
import type { SplittableKernel } from './pool.js';
import type { Kernels } from './wasm.js';

/** A tensor whose shape, dtype or placement does not fit the operation. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** Which operands are stored transposed: nn = A·B, tn = Aᵀ·B, nt = A·Bᵀ. */
export type GemmLayout = 'nn' | 'tn' | 'nt';

/** Runs a whole GEMM, or another kernel that ends in a range of rows, with its rows split over threads (see pool.ts). */
export interface GemmRunner {
  readonly threads: number;
  gemm(layout: GemmLayout, a: number, b: number, c: number, M: number, N: number, K: number, beta: number): void;
  /** C = A·B + bias row (gemm_nn_bias). */
  gemmBias(a: number, b: number, c: number, M: number, N: number, K: number, bias: number): void;
  /** kernel(...args, r0, r1) over the range 0..count, split in whole multiples of `grain`. */
  run(name: SplittableKernel, args: readonly number[], count: number, grain?: number): void;
  close(): void;
}

export interface GemmOptions {
  /** A is stored K×M and used as Aᵀ. */
  transA?: boolean;
  /** B is stored N×K and used as Bᵀ. */
  transB?: boolean;
  /** Add to C (β = 1) instead of overwriting it (β = 0; C's old contents are then never read). */
  accumulate?: boolean;
  /** Only rows m0..m1 (end exclusive) of C, on this thread; default all rows, split over the runner's threads. */
  rows?: readonly [number, number];
}

export interface AdamOptions {
  lr: number;
  /** 1-based step count t, for the bias corrections 1 − βᵗ. */
  step: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Ops {
  /** `runner` splits large GEMMs over threads; without one every GEMM runs on the calling thread. */
  constructor(
    readonly arena: Arena,
    readonly kernels: Kernels,
    private readonly runner?: GemmRunner,
  ) {}

  /** Threads a GEMM may use. */
  get threads(): number {
    return this.runner?.threads ?? 1;
  }

  /** Stops the GEMM threads, if any; the ops keep working on the calling thread. */
  close(): void {
    this.runner?.close();
  }

  /** C = βC + op(A)·op(B), row-major float32; op(A) is M×K, op(B) K×N, C M×N. C must not overlap A or B. */
  gemm(a: Tensor, b: Tensor, c: Tensor, options: GemmOptions = {}): void {
    const { transA = false, transB = false, accumulate = false } = options;
    if (transA && transB) throw new ShapeError('gemm: Aᵀ·Bᵀ is not supported (compute (B·A)ᵀ instead)');
    const [M, K] = matrix('gemm', 'A', a, transA);
    const [Kb, N] = matrix('gemm', 'B', b, transB);
    if (K !== Kb) {
      throw new ShapeError(`gemm: op(A) is ${M}×${K} but op(B) is ${Kb}×${N}: inner dimensions differ (${K} ≠ ${Kb})`);
    }
    const [Mc, Nc] = matrix('gemm', 'C', c, false);
    if (Mc !== M || Nc !== N) throw new ShapeError(`gemm: C is ${Mc}×${Nc} but op(A)·op(B) is ${M}×${N}`);
    disjoint('gemm', 'C', c, 'A', a);
    disjoint('gemm', 'C', c, 'B', b);
    const layout: GemmLayout = transA ? 'tn' : transB ? 'nt' : 'nn';
    const beta = accumulate ? 1 : 0;
    if (options.rows === undefined && this.runner !== undefined) {
      this.runner.gemm(layout, a.ptr, b.ptr, c.ptr, M, N, K, beta);
      return;
    }
    const [m0, m1] = options.rows ?? [0, M];
    if (!Number.isInteger(m0) || !Number.isInteger(m1) || m0 < 0 || m0 > m1 || m1 > M) {
      throw new ShapeError(`gemm: rows [${m0}, ${m1}) are not a range inside 0..${M}`);
    }
    this.kernels[`gemm_${layout}`](a.ptr, b.ptr, c.ptr, M, N, K, beta, m0, m1);
  }

  /** x[r, :] += bias for every row of the rows×cols matrix x; bias has cols elements. */
  biasAdd(x: Tensor, bias: Tensor): void {
    const [rows, cols] = matrix('biasAdd', 'x', x, false);
    lengthIs('biasAdd', 'bias', bias, cols);
    this.kernels.bias_add(x.ptr, bias.ptr, rows, cols);
  }

  /** out[j] += Σ_r x[r, j]: accumulates the column sums of the rows×cols matrix x (a bias gradient). */
  colSums(x: Tensor, out: Tensor): void {
    const [rows, cols] = matrix('colSums', 'x', x, false);
    lengthIs('colSums', 'out', out, cols);
    this.kernels.col_sums(x.ptr, out.ptr, rows, cols, 1);
  }

  /** y = max(x, 0); y may be x. */
  relu(x: Tensor, y: Tensor): void {
    sameLength('relu', [x, y]);
    this.kernels.relu(x.ptr, y.ptr, x.length);
  }

  /** dx = dy · [x > 0] (0 at x = 0, as PyTorch); dx may be dy. */
  reluBackward(x: Tensor, dy: Tensor, dx: Tensor): void {
    sameLength('reluBackward', [x, dy, dx]);
    this.kernels.relu_backward(x.ptr, dy.ptr, dx.ptr, x.length);
  }

  /** y = s·x; y may be x. */
  scale(x: Tensor, y: Tensor, s: number): void {
    sameLength('scale', [x, y]);
    this.kernels.scale(x.ptr, y.ptr, x.length, s);
  }

  /** y += alpha·x. */
  axpy(x: Tensor, y: Tensor, alpha: number): void {
    sameLength('axpy', [x, y]);
    this.kernels.axpy(x.ptr, y.ptr, x.length, alpha);
  }

  /**
   * One Adam step on parameters w with gradient g and moments m, v (PyTorch's Adam: defaults β1 0.9,
   * β2 0.999, ε 1e-8, ε added to √v̂): m ← β1m + (1−β1)g, v ← β2v + (1−β2)g², w ← w − lr·m̂/(√v̂ + ε).
   */
  adam(w: Tensor, g: Tensor, m: Tensor, v: Tensor, options: AdamOptions): void {
    sameLength('adam', [w, g, m, v]);
    const { lr, step, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = options;
    if (!Number.isInteger(step) || step < 1) throw new RangeError(`adam: step must be an integer ≥ 1, got ${step}`);
    const bc1 = 1 - beta1 ** step;
    const bc2 = 1 - beta2 ** step;
    this.kernels.adam(w.ptr, g.ptr, m.ptr, v.ptr, w.length, lr, beta1, beta2, eps, bc1, bc2);
  }

  /**
   * Softmax cross-entropy of rows×cols logits against int32 labels, forward and backward at once:
   * losses[r] = logΣexp(z_r) − z_{r,label}, dlogits = (softmax(z) − onehot)·gradScale (default 1/rows, the
   * gradient of the mean loss). Returns the mean loss. dlogits may be logits.
   */
  softmaxXent(logits: Tensor, labels: Tensor, dlogits: Tensor, losses: Tensor, gradScale?: number): number {
    const [rows, cols] = matrix('softmaxXent', 'logits', logits, false);
    if (rows === 0 || cols === 0) throw new ShapeError(`softmaxXent: logits is ${rows}×${cols}: need at least 1×1`);
    if (labels.dtype !== 'i32') throw new ShapeError(`softmaxXent: labels must be an i32 tensor, got ${labels.dtype}`);
    lengthIs('softmaxXent', 'labels', labels, rows);
    lengthIs('softmaxXent', 'losses', losses, rows);
    sameLength('softmaxXent', [logits, dlogits]);
    const bad = this.arena.view(labels).findIndex((y) => y < 0 || y >= cols);
    if (bad >= 0) {
      throw new RangeError(`softmaxXent: label ${this.arena.view(labels)[bad]} of row ${bad} is outside 0..${cols - 1}`);
    }
    const sum = this.kernels.softmax_xent(logits.ptr, labels.ptr, dlogits.ptr, losses.ptr, rows, cols, gradScale ?? 1 / rows);
    return sum / rows;
  }
}

/** The dimensions of op(t) for a 2-D float32 tensor t. */
function matrix(op: string, name: string, t: Tensor, transposed: boolean): [number, number] {
  if (t.dtype !== 'f32') throw new ShapeError(`${op}: ${name} must be an f32 tensor, got ${t.dtype}`);
  if (t.shape.length !== 2) throw new ShapeError(`${op}: ${name} must be 2-D, got shape [${t.shape.join(', ')}]`);
  const [rows, cols] = t.shape;
  return transposed ? [cols, rows] : [rows, cols];
}

function lengthIs(op: string, name: string, t: Tensor, length: number): void {
  if (t.length !== length) {
    throw new ShapeError(`${op}: ${name} has ${t.length} elements (shape [${t.shape.join(', ')}]), expected ${length}`);
  }
}

function sameLength(op: string, tensors: readonly Tensor[]): void {
  for (const t of tensors) {
    if (t.dtype !== 'f32') throw new ShapeError(`${op}: operands must be f32 tensors, got ${t.dtype}`);
  }
  if (tensors.some((t) => t.length !== tensors[0].length)) {
    const shapes = tensors.map((t) => `[${t.shape.join(', ')}]`).join(', ');
    throw new ShapeError(`${op}: operands must have equal lengths, got shapes ${shapes}`);
  }
}

/** The GEMM kernels read A and B while writing C, so an overlap would corrupt the result. */
function disjoint(op: string, nameA: string, a: Tensor, nameB: string, b: Tensor): void {
  if (a.length > 0 && b.length > 0 && a.ptr < b.ptr + 4 * b.length && b.ptr < a.ptr + 4 * a.length) {
    throw new ShapeError(`${op}: ${nameA} overlaps ${nameB} in memory`);
  }
}
