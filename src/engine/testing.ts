// GEMM checks shared by the engine tests: kernels (one thread or many) against the float64 reference.
import type { Rng } from '../rng.js';
import type { GemmOptions, Ops } from './ops.js';
import { referenceGemm } from './reference.js';

const U = 2 ** -24; // unit roundoff of float32

/**
 * Runs C = βC + op(A)·op(B) on random M×N×K operands through `ops` and checks every element against the
 * float64 reference within the standard bound |ĉ − c| ≤ γ_{K+1}·(|A|·|B| + |C_old|), γ_n = nu/(1 − nu), which
 * holds for any summation order; rows outside options.rows must stay untouched. With β = 0, C starts as NaN,
 * so a kernel that reads it fails.
 * Returns the computed C and the largest error as a fraction of the bound; throws on a violation.
 */
export function checkGemm(ops: Ops, rng: Rng, M: number, N: number, K: number, options: GemmOptions): { c: Float32Array; worst: number } {
  const { transA = false, transB = false, accumulate = false } = options;
  const a = Float32Array.from({ length: M * K }, () => rng.uniform(-1, 1));
  const b = Float32Array.from({ length: K * N }, () => rng.uniform(-1, 1));
  const cOld = Float32Array.from({ length: M * N }, () => (accumulate ? rng.uniform(-1, 1) : NaN));
  const { arena } = ops;
  const ta = arena.tensorFrom(transA ? [K, M] : [M, K], a);
  const tb = arena.tensorFrom(transB ? [N, K] : [K, N], b);
  const tc = arena.tensorFrom([M, N], cOld);
  try {
    ops.gemm(ta, tb, tc, options);
    const got = arena.view(tc).slice();
    const want = Float64Array.from(cOld, (v) => (accumulate ? v : 0));
    referenceGemm(a, b, want, M, N, K, { transA, transB, accumulate });
    const bound = new Float64Array(M * N);
    referenceGemm(a.map(Math.abs), b.map(Math.abs), bound, M, N, K, { transA, transB });
    const [m0, m1] = options.rows ?? [0, M];
    const what = `${M}×${N}×${K} ${JSON.stringify(options)}`;
    const gamma = ((K + 1) * U) / (1 - (K + 1) * U);
    let worst = 0;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        const at = i * N + j;
        if (i < m0 || i >= m1) {
          if (!Object.is(got[at], cOld[at])) throw new Error(`${what}: row ${i} outside [${m0}, ${m1}) was written`);
          continue;
        }
        const tol = gamma * (bound[at] + (accumulate ? Math.abs(cOld[at]) : 0)) + 1e-30;
        const err = Math.abs(got[at] - want[at]);
        if (!(err <= tol)) throw new Error(`${what}: C[${i},${j}] = ${got[at]}, want ${want[at]} ± ${tol}`);
        worst = Math.max(worst, err / tol);
      }
    }
    return { c: got, worst };
  } finally {
    arena.free(ta);
    arena.free(tb);
    arena.free(tc);
  }
}
