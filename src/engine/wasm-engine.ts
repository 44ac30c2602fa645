// The Engine over the WASM SIMD kernels: tensors live in the arena's memory, heavy loops (activations
// too, see activation-kernels.ts) run in the kernels, and large GEMMs are split over worker threads when
// a runner is given.
import { getElementwise } from '../activations/catalog.js';
import { acceleratedOp } from './activation-kernels.js';
import { viewActivationOp } from './activation-op.js';
import { Arena } from './arena.js';
import type { Engine, Tensor } from './engine.js';
import { imageKernels } from './image-kernels.js';
import type { GemmRunner } from './ops.js';
import type { Kernels } from './wasm.js';

export function wasmEngine(arena: Arena, kernels: Kernels, runner: GemmRunner | null, threads: number, dispose: () => void): Engine {
  const view = (t: Tensor, length = t.length) => arena.f32(t.ptr, length);
  return {
    name: 'wasm-simd',
    threads,
    alloc(length) {
      const ptr = arena.alloc(Math.max(1, length) * 4);
      arena.f32(ptr, length).fill(0);
      return { ptr, length };
    },
    view,
    gemm(layout, m, n, k, a, b, c, accumulate) {
      const beta = accumulate ? 1 : 0;
      if (runner !== null) runner.gemm(layout, a.ptr, b.ptr, c.ptr, m, n, k, beta);
      else kernels[`gemm_${layout}`](a.ptr, b.ptr, c.ptr, m, n, k, beta, 0, m);
    },
    addBias(x, bias, rows, cols) {
      kernels.bias_add(x.ptr, bias.ptr, rows, cols);
    },
    sumColumns(x, rows, cols, out, accumulate) {
      if (!accumulate) arena.f32(out.ptr, cols).fill(0);
      kernels.col_sums(x.ptr, out.ptr, rows, cols);
    },
    adam(w, g, m, v, n, lr, beta1, beta2, eps, step) {
      kernels.adam(w.ptr, g.ptr, m.ptr, v.ptr, n, lr, beta1, beta2, eps, 1 - beta1 ** step, 1 - beta2 ** step);
    },
    sgd(w, g, vel, n, lr, momentum, nesterov, l1, l2) {
      kernels.sgd(w.ptr, g.ptr, vel.ptr, n, lr, momentum, nesterov ? 1 : 0, l1, l2);
    },
    exp(x, y, n) {
      kernels.exp_values(x.ptr, y.ptr, n);
    },
    multiply(a, b, out, n) {
      kernels.multiply(a.ptr, b.ptr, out.ptr, n);
    },
    activation(activationName, period) {
      return acceleratedOp(activationName, arena, kernels, runner, period) ?? viewActivationOp(view, getElementwise(activationName).kernels, period);
    },
    dispose,
    imageKernels: () => imageKernels(arena, kernels, runner),
  };
}
