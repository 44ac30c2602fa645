// The Engine over the WASM SIMD kernels: tensors live in the arena's memory, heavy loops (activations
// too, see activation-kernels.ts) run in the kernels, and large GEMMs are split over worker threads when
// a runner is given.
import { getElementwise } from '../activations/catalog.js';
import { acceleratedOp } from './activation-kernels.js';
import { viewActivationOp } from './activation-op.js';
import { tableActivationOp } from './table-kernels.js';
import { Arena } from './arena.js';
import type { Engine, Tensor } from './engine.js';
import { imageKernels } from './image-kernels.js';
import type { GemmRunner } from './pool.js';
import type { Kernels } from './wasm.js';

export function wasmEngine(arena: Arena, kernels: Kernels, runner: GemmRunner | null, threads: number, dispose: () => void): Engine {
  const view = (t: Tensor, length = t.length) => arena.f32(t.ptr, length);
  // By layout without building the export's name per call (small GEMMs are a hot path).
  const gemmKernels = { nn: kernels.gemm_nn, nt: kernels.gemm_nt, tn: kernels.gemm_tn };
  return {
    name: 'wasm-simd',
    threads,
    bytesInUse: () => arena.bytesInUse,
    alloc(length) {
      const ptr = arena.alloc(Math.max(1, length) * 4);
      arena.f32(ptr, length).fill(0);
      return { ptr, length };
    },
    view,
    gemm(layout, m, n, k, a, b, c, accumulate) {
      const beta = accumulate ? 1 : 0;
      if (runner !== null) runner.gemm(layout, a.ptr, b.ptr, c.ptr, m, n, k, beta);
      else gemmKernels[layout](a.ptr, b.ptr, c.ptr, m, n, k, beta, 0, m);
    },
    affine(x, w, bias, y, m, n, k) {
      if (runner !== null) runner.gemmBias(x.ptr, w.ptr, y.ptr, m, n, k, bias.ptr);
      else kernels.gemm_nn_bias(x.ptr, w.ptr, y.ptr, m, n, k, bias.ptr, 0, m);
    },
    sumColumns(x, rows, cols, out, accumulate) {
      kernels.col_sums(x.ptr, out.ptr, rows, cols, accumulate ? 1 : 0);
    },
    adam(w, g, m, v, n, lr, beta1, beta2, eps, step) {
      kernels.adam(w.ptr, g.ptr, m.ptr, v.ptr, n, lr, beta1, beta2, eps, 1 - beta1 ** step, 1 - beta2 ** step);
    },
    sgdGroup(slots) {
      // One row of four int32s per tensor: w, g, vel (byte offsets) and n.
      const table = arena.alloc(Math.max(1, slots.length) * 16);
      arena.i32(table, 4 * slots.length).set(slots.flatMap((s) => [s.w.ptr, s.g.ptr, s.vel.ptr, s.n]));
      return (lr, momentum, nesterov, l1, l2) => kernels.sgd_table(table, slots.length, lr, momentum, nesterov ? 1 : 0, l1, l2);
    },
    exp(x, y, n) {
      kernels.exp_values(x.ptr, y.ptr, n);
    },
    multiply(a, b, out, n) {
      kernels.multiply(a.ptr, b.ptr, out.ptr, n);
    },
    activation(activationName, period) {
      return (
        acceleratedOp(activationName, arena, kernels, runner, period) ??
        tableActivationOp(activationName, arena, kernels, period) ??
        viewActivationOp(view, getElementwise(activationName).kernels, period)
      );
    },
    dispose,
    imageKernels: () => imageKernels(arena, kernels, runner),
  };
}
