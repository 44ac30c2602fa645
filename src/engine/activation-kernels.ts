// The WASM SIMD activation kernels (assembly/activations.ts) behind the ElementwiseKernels interface: views
// into the arena's memory go to the WASM, any other array to the catalog entry's own (JS) kernels.
import { getElementwise } from '../activations/catalog.js';
import type { ElementwiseKernels } from '../activations/types.js';
import type { Arena } from './arena.js';
import type { Kernels } from './wasm.js';

/** Catalog name → export stem in assembly/activations.ts (leakyRelu is prelu with a fixed slope). */
const EXPORT_STEMS = new Map<string, string>([
  ['relu', 'relu'],
  ['leakyRelu', 'prelu'],
  ['prelu', 'prelu'],
  ['learnableLinear', 'learnable_linear'],
  ['sigmoid', 'sigmoid'],
  ['tanh', 'tanh'],
  ['swish', 'swish'],
  ['adaptiveRelu', 'adaptive_relu'],
  ['adaptiveGumbel', 'adaptive_gumbel'],
  ['softExponential', 'soft_exponential'],
]);

/** Names of the activations with WASM kernels. */
export const ACCELERATED_ACTIVATIONS: readonly string[] = [...EXPORT_STEMS.keys()];

/** y = f(x; p) over n values: byte offsets into the memory; unused parameter pointers are 0. */
type ForwardExport = (x: number, y: number, p0: number, p1: number, period: number, n: number) => void;
/** dx = dy·∂f/∂x, dpj[k] += Σ dy·∂f/∂pj; a dp pointer of 0 is not written. */
type BackwardExport = (x: number, dy: number, dx: number, p0: number, p1: number, dp0: number, dp1: number, period: number, n: number) => void;

/**
 * The WASM kernels of catalog entry `name` over `arena` (null where it has none, or the loaded module
 * predates them). Calls whose arrays all lie in the arena's memory, with a positive integer period, run
 * in the WASM; any other call runs the entry's own kernels, so the result never depends on where arrays live.
 */
export function acceleratedKernels(name: string, arena: Arena, kernels: Kernels): ElementwiseKernels | null {
  const stem = EXPORT_STEMS.get(name);
  if (stem === undefined) return null;
  const exports = kernels as unknown as Record<string, unknown>;
  const forwardWasm = exports[`activation_${stem}_forward`] as ForwardExport | undefined;
  const backwardWasm = exports[`activation_${stem}_backward`] as BackwardExport | undefined;
  if (typeof forwardWasm !== 'function' || typeof backwardWasm !== 'function') return null;
  const entry = getElementwise(name);
  const fallback = entry.kernels;
  const paramCount = entry.params.length;
  const memory = arena.memory;

  /** True when `v` views at least `length` floats of the arena's current buffer. */
  const inArena = (v: Float32Array, length: number) => v.buffer === memory.buffer && v.length >= length;
  const paramsInArena = (p: readonly Float32Array[], period: number) => {
    for (let j = 0; j < paramCount; j++) if (!inArena(p[j], period)) return false;
    return true;
  };
  const gradsInArena = (dp: readonly (Float32Array | null)[] | null, period: number) => {
    if (dp === null) return true;
    for (let j = 0; j < paramCount; j++) {
      const d = dp[j];
      if (d !== null && !inArena(d, period)) return false;
    }
    return true;
  };
  const pointer = (views: readonly (Float32Array | null)[] | null, j: number) => (j < paramCount ? (views?.[j]?.byteOffset ?? 0) : 0);
  const runnable = (period: number) => Number.isInteger(period) && period >= 1;

  return {
    forward(x, y, p, period, n) {
      if (!(runnable(period) && inArena(x, n) && inArena(y, n) && paramsInArena(p, period))) {
        fallback.forward(x, y, p, period, n);
        return;
      }
      forwardWasm(x.byteOffset, y.byteOffset, pointer(p, 0), pointer(p, 1), period, n);
    },
    backward(x, dy, dx, p, dp, period, n) {
      if (!(runnable(period) && inArena(x, n) && inArena(dy, n) && inArena(dx, n) && paramsInArena(p, period) && gradsInArena(dp, period))) {
        fallback.backward(x, dy, dx, p, dp, period, n);
        return;
      }
      backwardWasm(x.byteOffset, dy.byteOffset, dx.byteOffset, pointer(p, 0), pointer(p, 1), pointer(dp, 0), pointer(dp, 1), period, n);
    },
  };
}
