// Plain-TypeScript GEMM: the oracle for the kernel tests and the plain-JS peer in the benchmark. Not for real use.
import type { GemmLayout } from './engine.js';

export interface ReferenceGemmOptions {
  /** As Engine.gemm: 'nn' A·B, 'tn' Aᵀ·B (A stored K×M), 'nt' A·Bᵀ (B stored N×K). Default 'nn'. */
  layout?: GemmLayout;
  /** β = 1: add to C instead of overwriting it. */
  accumulate?: boolean;
}

/** C = βC + op(A)·op(B) over row-major arrays, a triple loop (i, k, j) accumulating each row in float64. */
export function referenceGemm(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  c: Float32Array | Float64Array,
  M: number,
  N: number,
  K: number,
  options: ReferenceGemmOptions = {},
): void {
  const { layout = 'nn', accumulate = false } = options;
  const transA = layout === 'tn', transB = layout === 'nt';
  const row = new Float64Array(N);
  for (let i = 0; i < M; i++) {
    row.fill(0);
    for (let k = 0; k < K; k++) {
      const aik = transA ? a[k * M + i] : a[i * K + k];
      if (transB) for (let j = 0; j < N; j++) row[j] += aik * b[j * K + k];
      else for (let j = 0; j < N; j++) row[j] += aik * b[k * N + j];
    }
    for (let j = 0; j < N; j++) c[i * N + j] = (accumulate ? c[i * N + j] : 0) + row[j];
  }
}
