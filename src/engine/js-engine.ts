// The plain-TypeScript engine: the oracle the WASM kernels are tested against, and the fallback.
import { getElementwise } from '../activations/catalog.js';
import { viewActivationOp } from './activation-op.js';
import type { Engine, GemmLayout, Tensor } from './engine.js';
import { jsImageKernels, type IndexArray } from './js-image-kernels.js';

/**
 * A growable float32 memory with a bump allocator, as the WASM engine's arena but in JS.
 * `float64: true` keeps the memory in float64 behind the same interface (views index alike):
 * whole-network gradient checks use it so finite differences resolve 1e-7 relative errors.
 */
export function createJsEngine(initialFloats = 1 << 16, options: { float64?: boolean } = {}): Engine {
  const Memory = (options.float64 ? Float64Array : Float32Array) as unknown as Float32ArrayConstructor;
  let memory = new Memory(initialFloats);
  let top = 0; // next free float index, kept 4-float aligned (16 bytes) like the SIMD arena
  const view = (t: Tensor, length = t.length) => memory.subarray(t.ptr / 4, t.ptr / 4 + length);
  // The max pool's argmax slots: int32s over a float32 memory's bytes; a float64 memory holds the indices exactly.
  const indices = (t: Tensor, length: number): IndexArray =>
    options.float64 ? (view(t, length) as unknown as Float64Array) : new Int32Array(memory.buffer, t.ptr, length);
  const image = jsImageKernels(view, indices);
  const engine: Engine = {
    name: 'js',
    threads: 1,
    dispose() {},
    alloc(length) {
      const start = top;
      top += Math.ceil(length / 4) * 4;
      if (top > memory.length) {
        const grown = new Memory(Math.max(top, memory.length * 2));
        grown.set(memory);
        memory = grown;
      }
      return { ptr: start * 4, length };
    },
    view,
    gemm(layout: GemmLayout, m, n, k, a, b, c, accumulate) {
      const A = view(a), B = view(b), C = view(c);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) {
            const av = layout === 'tn' ? A[p * m + i] : A[i * k + p];
            const bv = layout === 'nt' ? B[j * k + p] : B[p * n + j];
            s += av * bv;
          }
          C[i * n + j] = accumulate ? C[i * n + j] + s : s;
        }
      }
    },
    affine(x, w, bias, y, m, n, k) {
      engine.gemm('nn', m, n, k, x, w, y, false);
      const Y = view(y), b = view(bias);
      for (let r = 0; r < m; r++) for (let c = 0; c < n; c++) Y[r * n + c] += b[c];
    },
    sumColumns(x, rows, cols, out, accumulate) {
      const X = view(x), o = view(out);
      if (!accumulate) o.fill(0, 0, cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) o[c] += X[r * cols + c];
    },
    adam(w, g, m, v, n, lr, beta1, beta2, eps, step) {
      const W = view(w), G = view(g), M = view(m), V = view(v);
      const c1 = 1 - beta1 ** step, c2 = 1 - beta2 ** step;
      for (let i = 0; i < n; i++) {
        M[i] = beta1 * M[i] + (1 - beta1) * G[i];
        V[i] = beta2 * V[i] + (1 - beta2) * G[i] * G[i];
        W[i] -= (lr * (M[i] / c1)) / (Math.sqrt(V[i] / c2) + eps);
      }
    },
    exp(x, y, n) {
      const X = view(x, n), Y = view(y, n);
      for (let i = 0; i < n; i++) Y[i] = Math.exp(X[i]);
    },
    multiply(a, b, out, n) {
      const A = view(a, n), B = view(b, n), O = view(out, n);
      for (let i = 0; i < n; i++) O[i] = A[i] * B[i];
    },
    activation(activationName, period) {
      return viewActivationOp(view, getElementwise(activationName).kernels, period);
    },
    imageKernels: () => image,
    sgdGroup(slots) {
      return (lr, momentum, nesterov, l1, l2) => {
        for (const { w, g, vel, n } of slots) {
          const W = view(w), G = view(g), U = view(vel);
          for (let i = 0; i < n; i++) {
            const grad = G[i] + l1 * Math.sign(W[i]) + 2 * l2 * W[i];
            U[i] = momentum * U[i] + grad;
            W[i] -= lr * (nesterov ? grad + momentum * U[i] : U[i]);
          }
        }
      };
    },
  };
  return engine;
}
