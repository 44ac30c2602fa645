// An ActivationOp over typed-array kernels (a catalog entry's own): views of the tensors per call, nothing kept
// for backward. The JS engine's activations, and the WASM engine's for entries without WASM kernels.
import type { ElementwiseKernels } from '../activations/types.js';
import type { ActivationOp, Tensor } from './engine.js';

/** `kernels` over the tensors `view` maps to arrays, for parameter period `period`. */
export function viewActivationOp(view: (t: Tensor, length?: number) => Float32Array, kernels: ElementwiseKernels, period: number): ActivationOp {
  const views = (ts: readonly Tensor[]) => ts.map((t) => view(t, period));
  return {
    savedPerValue: 0,
    forward(x, y, p, n) {
      kernels.forward(view(x, n), view(y, n), views(p), period, n);
      return false;
    },
    backward(x, dy, dx, p, dp, n) {
      kernels.backward(view(x, n), view(dy, n), view(dx, n), views(p), dp.map((d) => (d === null ? null : view(d, period))), period, n);
    },
  };
}
