// The WASM SIMD activation kernels (assembly/activations.ts): a layer's ActivationOp over arena tensors, by byte
// offsets with no views in between (acceleratedOp), and the ElementwiseKernels interface over typed arrays
// (acceleratedKernels): views into the arena's memory go to the WASM, any other array to the entry's own kernels.
import { getElementwise } from '../activations/catalog.js';
import type { ElementwiseKernels } from '../activations/types.js';
import { ACTIVATION_EXPORT_STEMS, type ActivationRowKernel } from './activation-exports.js';
import type { Arena } from './arena.js';
import type { ActivationOp, Tensor } from './engine.js';
import type { GemmRunner } from './pool.js';
import type { Kernels } from './wasm.js';

/** Names of the activations with WASM kernels. */
export const ACCELERATED_ACTIVATIONS: readonly string[] = Object.keys(ACTIVATION_EXPORT_STEMS);

/** Parameter-gradient blocks of one backward call at most; each holds `period` partial sums per parameter. */
const MAX_BLOCKS = 64;
/** About this many values per block: one block for a small call (a Table 1 layer), several to split a large one. */
const BLOCK_VALUES = 2048;
/** Calls of at least this many values are split over the runner's threads (a hand-off costs ~5–15 µs). */
const MIN_SPLIT_VALUES = 8192;

/**
 * Rows per parameter-gradient block for a call of `rows` rows of `period` values: a multiple of 4 (the kernels'
 * row unrolling) that depends on the shape only, never on the thread count, so the sums are the same for any.
 */
export function gradientBlockRows(rows: number, period: number): number {
  const blocks = Math.min(MAX_BLOCKS, Math.max(1, Math.floor((rows * period) / BLOCK_VALUES)));
  return Math.ceil(Math.ceil(rows / blocks) / 4) * 4;
}

/**
 * The smallest period whose saving kernels walk 4-slot columns row by row; below it (a Table 1 layer of 10) a
 * partial or short column costs what the saving saves (measured), so calls too small to split take the flat
 * kernels, which see the values as one run of whole vectors.
 */
const MIN_SAVING_PERIOD = 16;

/**
 * The flat saving kernels' exports (not split over threads); `scratch` holds flatScratchBytes(period): what the
 * forward derives from the parameters, which the saved backward reads.
 */
type FlatForwardExport = (x: number, y: number, saved: number, planeBytes: number, p0: number, period: number, n: number, scratch: number) => void;
type FlatBackwardExport = (x: number, dy: number, dx: number, saved: number, planeBytes: number, dp0: number, period: number, n: number, scratch: number) => void;

/** The flat kernels' scratch: what they derive from the parameters (two vectors) per vector of the slot pattern, lcm(period, 4)/4 vectors. */
function flatScratchBytes(period: number): number {
  const patternVectors = period % 4 === 0 ? period / 4 : period % 2 === 0 ? period / 2 : period;
  return 32 * patternVectors;
}

/** Stems with saving kernels, and the floats they keep per value. */
const SAVED_PER_VALUE: Partial<Record<string, number>> = { adaptive_gumbel: 3 };

/** Floats per value that the WASM op of catalog activation `name` may keep between forward and backward (0: none). */
export function savedFloatsPerValue(name: string): number {
  const stem = (ACTIVATION_EXPORT_STEMS as Record<string, string | undefined>)[name];
  return stem === undefined ? 0 : (SAVED_PER_VALUE[stem] ?? 0);
}

/** y = f(x; p) over n values: byte offsets into the memory; unused parameter pointers are 0. */
type ForwardExport = (x: number, y: number, p0: number, p1: number, period: number, n: number) => void;
/** dx = dy·∂f/∂x, dpj[k] += Σ dy·∂f/∂pj; a dp pointer of 0 is not written. */
type BackwardExport = (x: number, dy: number, dx: number, p0: number, p1: number, dp0: number, dp1: number, period: number, n: number) => void;

/** The one-call (whole array, any period, never split) exports of catalog entry `name`, or null where it has none. */
function wholeArrayExports(name: string, kernels: Kernels): { stem: string; forward: ForwardExport; backward: BackwardExport } | null {
  const stem = (ACTIVATION_EXPORT_STEMS as Record<string, (typeof ACTIVATION_EXPORT_STEMS)[keyof typeof ACTIVATION_EXPORT_STEMS]>)[name];
  if (stem === undefined) return null;
  const exports = kernels as unknown as Record<string, unknown>;
  const forward = exports[`activation_${stem}_forward`] as ForwardExport | undefined;
  const backward = exports[`activation_${stem}_backward`] as BackwardExport | undefined;
  // A loaded module that predates these kernels has none.
  if (typeof forward !== 'function' || typeof backward !== 'function') return null;
  return { stem, forward, backward };
}

/**
 * Catalog entry `name`'s WASM kernels as a layer's ActivationOp for parameter period `period` (null where it has none):
 * calls of whole rows run by rows, large ones split over `runner`'s threads with their parameter gradients summed
 * per block of rows in a scratch block, then added up in block order; adaptiveGumbel keeps its parts for backward.
 */
export function acceleratedOp(name: string, arena: Arena, kernels: Kernels, runner: GemmRunner | null, period: number): ActivationOp | null {
  const whole = wholeArrayExports(name, kernels);
  if (whole === null || !Number.isInteger(period) || period < 1) return null;
  const { stem } = whole;
  const forwardRows = `activation_${stem}_forward_rows` as ActivationRowKernel;
  const backwardRows = `activation_${stem}_backward_rows` as ActivationRowKernel;
  const forwardRowsExport = kernels[forwardRows];
  const paramCount = getElementwise(name).params.length;
  // One scratch block per parameter, MAX_BLOCKS rows of `period` partial sums each.
  const scratch = paramCount > 0 ? arena.alloc(MAX_BLOCKS * period * paramCount * 4) : 0;
  const scratchOf = (j: number) => scratch + j * MAX_BLOCKS * period * 4;
  const pointer = (ts: readonly (Tensor | null)[], j: number) => (j < paramCount ? (ts[j]?.ptr ?? 0) : 0);
  const split = (n: number) => runner !== null && n >= MIN_SPLIT_VALUES;

  /**
   * A *_rows backward over n values in gradient blocks: `leading` arguments, then one scratch pointer per parameter
   * (0: not wanted), period and blockRows; then each wanted parameter's block sums added into dp in block order.
   */
  const backwardByBlocks = (kernel: ActivationRowKernel, leading: number[], partials: number[], dp: readonly (Tensor | null)[], n: number) => {
    const rows = n / period, blockRows = gradientBlockRows(rows, period), blocks = Math.ceil(rows / blockRows);
    const args = [...leading, ...partials, period, blockRows];
    if (split(n)) runner!.run(kernel, args, rows, blockRows);
    else kernels[kernel](...args, 0, rows);
    partials.forEach((partial, j) => {
      if (partial !== 0) kernels.sum_blocks(partial, pointer(dp, j), blocks, period);
    });
  };

  const plain: ActivationOp = {
    savedPerValue: 0,
    forward(x, y, p, n) {
      // Values are computed one by one, so splitting changes no result.
      if (n % period !== 0) whole.forward(x.ptr, y.ptr, pointer(p, 0), pointer(p, 1), period, n);
      else if (split(n)) runner!.run(forwardRows, [x.ptr, y.ptr, pointer(p, 0), pointer(p, 1), period], n / period, 4);
      else forwardRowsExport(x.ptr, y.ptr, pointer(p, 0), pointer(p, 1), period, 0, n / period);
      return false;
    },
    backward(x, dy, dx, p, dp, n) {
      if (n % period !== 0) {
        whole.backward(x.ptr, dy.ptr, dx.ptr, pointer(p, 0), pointer(p, 1), pointer(dp, 0), pointer(dp, 1), period, n);
        return;
      }
      const partials = [0, 1].map((j) => (pointer(dp, j) === 0 ? 0 : scratchOf(j)));
      backwardByBlocks(backwardRows, [x.ptr, dy.ptr, dx.ptr, pointer(p, 0), pointer(p, 1)], partials, dp, n);
    },
  };
  const savedPerValue = SAVED_PER_VALUE[stem];
  const exports = kernels as unknown as Record<string, unknown>;
  const forwardFlat = exports[`activation_${stem}_forward_saving_flat`] as FlatForwardExport | undefined;
  const backwardFlat = exports[`activation_${stem}_backward_saved_flat`] as FlatBackwardExport | undefined;
  if (savedPerValue === undefined || paramCount === 0 || forwardFlat === undefined || backwardFlat === undefined) return plain;
  // Only stems in SAVED_PER_VALUE get here, and those have these exports.
  const forwardSavingRows = `activation_${stem}_forward_saving_rows` as ActivationRowKernel;
  const backwardSavedRows = `activation_${stem}_backward_saved_rows` as ActivationRowKernel;
  const flatScratch = period < MIN_SAVING_PERIOD ? arena.alloc(flatScratchBytes(period)) : 0;
  /** Which saving kernels a call takes, if any: by its shape only, so never by the thread count. */
  const savingForm = (n: number) => (n % period !== 0 ? null : period >= MIN_SAVING_PERIOD ? 'rows' : n < MIN_SPLIT_VALUES ? 'flat' : null);
  return {
    savedPerValue,
    forward(x, y, p, n, saved) {
      const form = saved === null ? null : savingForm(n);
      if (saved === null || form === null) return plain.forward(x, y, p, n, null);
      if (form === 'flat') forwardFlat(x.ptr, y.ptr, saved.ptr, 4 * n, p[0].ptr, period, n, flatScratch);
      else if (split(n)) runner!.run(forwardSavingRows, [x.ptr, y.ptr, saved.ptr, 4 * n, p[0].ptr, period], n / period, 4);
      else kernels[forwardSavingRows](x.ptr, y.ptr, saved.ptr, 4 * n, p[0].ptr, period, 0, n / period);
      return true;
    },
    backward(x, dy, dx, p, dp, n, saved) {
      if (saved === null) {
        plain.backward(x, dy, dx, p, dp, n, null);
        return;
      }
      const form = savingForm(n);
      if (form === null) throw new Error(`${name}: a backward from kept parts of ${n} values, which no forward keeps`);
      if (form === 'flat') {
        backwardFlat(x.ptr, dy.ptr, dx.ptr, saved.ptr, 4 * n, pointer(dp, 0), period, n, flatScratch);
        return;
      }
      const partials = [pointer(dp, 0) === 0 ? 0 : scratchOf(0)];
      backwardByBlocks(backwardSavedRows, [x.ptr, dy.ptr, dx.ptr, saved.ptr, 4 * n, p[0].ptr], partials, dp, n);
    },
  };
}

/**
 * Catalog entry `name`'s WASM kernels behind the ElementwiseKernels interface (null where it has none). Calls whose
 * arrays all lie in the arena's memory run in the WASM: with the `period` given here through acceleratedOp, with any
 * other in one whole-array call; any other call runs the entry's own kernels, so the result never depends on where
 * arrays live.
 */
export function acceleratedKernels(name: string, arena: Arena, kernels: Kernels, runner: GemmRunner | null = null, period?: number): ElementwiseKernels | null {
  const whole = wholeArrayExports(name, kernels);
  if (whole === null) return null;
  const op = period === undefined ? null : acceleratedOp(name, arena, kernels, runner, period);
  const entry = getElementwise(name);
  const fallback = entry.kernels, paramCount = entry.params.length;
  /** True when `v` views at least `length` floats of the arena's current buffer. */
  const inArena = (v: Float32Array, length: number) => v.buffer === arena.buffer && v.length >= length;
  const tensor = (v: Float32Array): Tensor => ({ ptr: v.byteOffset, length: v.length });
  const tensors = (vs: readonly (Float32Array | null)[] | null): (Tensor | null)[] =>
    Array.from({ length: paramCount }, (_, j) => (vs?.[j] == null ? null : tensor(vs[j]!)));
  const pointer = (ts: readonly (Tensor | null)[], j: number) => (j < paramCount ? (ts[j]?.ptr ?? 0) : 0);
  const runnable = (period: number) => Number.isInteger(period) && period >= 1;
  const allInArena = (values: Float32Array[], slots: readonly (Float32Array | null)[] | null, period: number, n: number) =>
    values.every((v) => inArena(v, n)) && (slots ?? []).slice(0, paramCount).every((v) => v === null || inArena(v, period));
  return {
    forward(x, y, p, callPeriod, n) {
      if (!(runnable(callPeriod) && allInArena([x, y], p, callPeriod, n))) {
        fallback.forward(x, y, p, callPeriod, n);
        return;
      }
      const ps = tensors(p) as Tensor[];
      if (op !== null && callPeriod === period) op.forward(tensor(x), tensor(y), ps, n, null);
      else whole.forward(x.byteOffset, y.byteOffset, pointer(ps, 0), pointer(ps, 1), callPeriod, n);
    },
    backward(x, dy, dx, p, dp, callPeriod, n) {
      if (!(runnable(callPeriod) && allInArena([x, dy, dx], p, callPeriod, n) && allInArena([], dp, callPeriod, n))) {
        fallback.backward(x, dy, dx, p, dp, callPeriod, n);
        return;
      }
      const ps = tensors(p) as Tensor[], dps = tensors(dp);
      if (op !== null && callPeriod === period) op.backward(tensor(x), tensor(dy), tensor(dx), ps, dps, n, null);
      else whole.backward(x.byteOffset, dy.byteOffset, dx.byteOffset, pointer(ps, 0), pointer(ps, 1), pointer(dps, 0), pointer(dps, 1), callPeriod, n);
    },
  };
}
