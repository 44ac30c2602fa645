// GEMM checks shared by the engine tests: the WASM engine's GEMMs (one thread or many), or its kernels on a range of
// rows, against the float64 reference.
import type { Rng } from '../rng.js';
import type { WasmEngineParts } from './create.js';
import type { GemmLayout, Tensor } from './engine.js';
import { referenceGemm } from './reference.js';

const U = 2 ** -24; // unit roundoff of float32

export interface GemmCase {
  /** As Engine.gemm; default 'nn'. */
  layout?: GemmLayout;
  accumulate?: boolean;
  /** Only rows m0..m1 (end exclusive) of C, by the kernel itself on this thread; default the whole GEMM through the engine. */
  rows?: readonly [number, number];
}

/**
 * Runs C = βC + op(A)·op(B) on random M×N×K operands on `wasm` and checks every element against the float64
 * reference within the standard bound |ĉ − c| ≤ γ_{K+1}·(|A|·|B| + |C_old|), γ_n = nu/(1 − nu), which holds for
 * any summation order; rows outside `rows` must stay untouched. With β = 0, C starts as NaN, so a kernel that reads
 * it fails. Returns the computed C and the largest error as a fraction of the bound; throws on a violation.
 */
export function checkGemm(wasm: WasmEngineParts, rng: Rng, M: number, N: number, K: number, gemmCase: GemmCase): { c: Float32Array; worst: number } {
  const { layout = 'nn', accumulate = false } = gemmCase;
  const a = Float32Array.from({ length: M * K }, () => rng.uniform(-1, 1));
  const b = Float32Array.from({ length: K * N }, () => rng.uniform(-1, 1));
  const cOld = Float32Array.from({ length: M * N }, () => (accumulate ? rng.uniform(-1, 1) : NaN));
  const { engine, arena, kernels } = wasm;
  const [ta, tb, tc] = [a, b, cOld].map((values) => {
    const t = engine.alloc(values.length);
    engine.view(t).set(values);
    return t;
  });
  try {
    if (gemmCase.rows === undefined) engine.gemm(layout, M, N, K, ta, tb, tc, accumulate);
    else kernels[`gemm_${layout}`](ta.ptr, tb.ptr, tc.ptr, M, N, K, accumulate ? 1 : 0, ...gemmCase.rows);
    const got = engine.view(tc).slice();
    const want = Float64Array.from(cOld, (v) => (accumulate ? v : 0));
    referenceGemm(a, b, want, M, N, K, { layout, accumulate });
    const bound = new Float64Array(M * N);
    referenceGemm(a.map(Math.abs), b.map(Math.abs), bound, M, N, K, { layout });
    const [m0, m1] = gemmCase.rows ?? [0, M];
    const what = `${M}×${N}×${K} ${JSON.stringify(gemmCase)}`;
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
    for (const t of [ta, tb, tc] as Tensor[]) arena.release(t.ptr);
  }
}
