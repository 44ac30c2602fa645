// The WASM SIMD activation kernels (assembly/activations.ts) behind the ElementwiseKernels interface: views
// into the arena's memory go to the WASM, any other array to the catalog entry's own (JS) kernels.
import { getElementwise } from '../activations/catalog.js';
import type { ElementwiseKernels, SavingKernels } from '../activations/types.js';
import { ACTIVATION_EXPORT_STEMS, type ActivationRowKernel } from './activation-exports.js';
import type { Arena } from './arena.js';
import type { GemmRunner } from './ops.js';
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

/** The flat saving kernels' exports (not split over threads). */
type FlatForwardExport = (x: number, y: number, saved: number, planeBytes: number, p0: number, period: number, n: number) => void;
type FlatBackwardExport = (x: number, dy: number, dx: number, saved: number, planeBytes: number, p0: number, dp0: number, period: number, n: number) => void;

/** Stems with saving kernels, and the floats they keep per value. */
const SAVED_PER_VALUE: Partial<Record<string, number>> = { adaptive_gumbel: 3 };

/** y = f(x; p) over n values: byte offsets into the memory; unused parameter pointers are 0. */
type ForwardExport = (x: number, y: number, p0: number, p1: number, period: number, n: number) => void;
/** dx = dy·∂f/∂x, dpj[k] += Σ dy·∂f/∂pj; a dp pointer of 0 is not written. */
type BackwardExport = (x: number, dy: number, dx: number, p0: number, p1: number, dp0: number, dp1: number, period: number, n: number) => void;

/**
 * The WASM kernels of catalog entry `name` over `arena` (null where it has none, or the loaded module
 * predates them). Calls whose arrays all lie in the arena's memory, with a positive integer period, run
 * in the WASM; any other call runs the entry's own kernels, so the result never depends on where arrays live.
 * Given the `period` a layer will use, calls of whole rows run by rows: large ones split over `runner`'s threads,
 * their parameter gradients summed per block of rows in a scratch block, then added up in block order.
 */
export function acceleratedKernels(name: string, arena: Arena, kernels: Kernels, runner: GemmRunner | null = null, period?: number): ElementwiseKernels | null {
  const stem = (ACTIVATION_EXPORT_STEMS as Record<string, (typeof ACTIVATION_EXPORT_STEMS)[keyof typeof ACTIVATION_EXPORT_STEMS]>)[name];
  if (stem === undefined) return null;
  const exports = kernels as unknown as Record<string, unknown>;
  const forwardWasm = exports[`activation_${stem}_forward`] as ForwardExport | undefined;
  const backwardWasm = exports[`activation_${stem}_backward`] as BackwardExport | undefined;
  if (typeof forwardWasm !== 'function' || typeof backwardWasm !== 'function') return null;
  const forwardRows: ActivationRowKernel = `activation_${stem}_forward_rows`;
  const backwardRows: ActivationRowKernel = `activation_${stem}_backward_rows`;
  const entry = getElementwise(name);
  const fallback = entry.kernels;
  const paramCount = entry.params.length;
  // One scratch block per parameter, MAX_BLOCKS rows of `period` partial sums each.
  const scratchPeriod = period !== undefined && Number.isInteger(period) && period >= 1 && paramCount > 0 ? period : 0;
  const scratch = scratchPeriod > 0 ? arena.alloc(MAX_BLOCKS * scratchPeriod * paramCount * 4) : 0;
  const scratchOf = (j: number) => scratch + j * MAX_BLOCKS * scratchPeriod * 4;

  /** True when `v` views at least `length` floats of the arena's current buffer. */
  const inArena = (v: Float32Array, length: number) => v.buffer === arena.buffer && v.length >= length;
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
  /** kernel(...args, r0, r1) over `rows` rows of a call of n values: split over the threads when the call is large. */
  const runRows = (kernel: ActivationRowKernel, args: number[], rows: number, grain: number, n: number) => {
    if (runner !== null && n >= MIN_SPLIT_VALUES) runner.run(kernel, args, rows, grain);
    else kernels[kernel](...args, 0, rows);
  };
  /**
   * A *_rows backward over n values in gradient blocks: `leading` arguments, then one scratch pointer per parameter
   * (0: not wanted), period and blockRows; then each wanted parameter's block sums added into dp in block order.
   */
  const backwardByBlocks = (kernel: ActivationRowKernel, leading: number[], partials: number[], dp: readonly (Float32Array | null)[] | null, period: number, n: number) => {
    const rows = n / period, blockRows = gradientBlockRows(rows, period), blocks = Math.ceil(rows / blockRows);
    runRows(kernel, [...leading, ...partials, period, blockRows], rows, blockRows, n);
    partials.forEach((partial, j) => {
      if (partial !== 0) kernels.sum_blocks(partial, pointer(dp, j), blocks, period);
    });
  };

  const kernelsOf: ElementwiseKernels = {
    forward(x, y, p, period, n) {
      if (!(runnable(period) && inArena(x, n) && inArena(y, n) && paramsInArena(p, period))) {
        fallback.forward(x, y, p, period, n);
        return;
      }
      // Values are computed one by one, so splitting changes no result.
      if (n % period === 0) runRows(forwardRows, [x.byteOffset, y.byteOffset, pointer(p, 0), pointer(p, 1), period], n / period, 4, n);
      else forwardWasm(x.byteOffset, y.byteOffset, pointer(p, 0), pointer(p, 1), period, n);
    },
    backward(x, dy, dx, p, dp, period, n) {
      if (!(runnable(period) && inArena(x, n) && inArena(dy, n) && inArena(dx, n) && paramsInArena(p, period) && gradsInArena(dp, period))) {
        fallback.backward(x, dy, dx, p, dp, period, n);
        return;
      }
      // Parameter gradients need the scratch block made for this period; without any, rows may go anywhere.
      let wantsGradients = false;
      for (let j = 0; j < paramCount; j++) if (pointer(dp, j) !== 0) wantsGradients = true;
      if ((wantsGradients && period !== scratchPeriod) || n % period !== 0) {
        backwardWasm(x.byteOffset, dy.byteOffset, dx.byteOffset, pointer(p, 0), pointer(p, 1), pointer(dp, 0), pointer(dp, 1), period, n);
        return;
      }
      const partials = [0, 1].map((j) => (pointer(dp, j) === 0 ? 0 : scratchOf(j)));
      backwardByBlocks(backwardRows, [x.byteOffset, dy.byteOffset, dx.byteOffset, pointer(p, 0), pointer(p, 1)], partials, dp, period, n);
    },
  };
  const savedPerValue = SAVED_PER_VALUE[stem];
  const forwardFlat = exports[`activation_${stem}_forward_saving_flat`] as FlatForwardExport | undefined;
  const backwardFlat = exports[`activation_${stem}_backward_saved_flat`] as FlatBackwardExport | undefined;
  if (savedPerValue === undefined || scratchPeriod === 0 || forwardFlat === undefined || backwardFlat === undefined) return kernelsOf;
  // Only stems in SAVED_PER_VALUE get here, and those have these exports.
  const forwardSavingRows = `activation_${stem}_forward_saving_rows` as ActivationRowKernel;
  const backwardSavedRows = `activation_${stem}_backward_saved_rows` as ActivationRowKernel;
  /** Which saving kernels a call takes, if any: by its shape only, so never by the thread count. */
  const savingForm = (period: number, n: number) => (period >= MIN_SAVING_PERIOD ? 'rows' : n < MIN_SPLIT_VALUES ? 'flat' : null);
  // The saving kernels take whole rows of the layer's period.
  const savable = (x: Float32Array, saved: Float32Array, p: readonly Float32Array[], period: number, n: number) =>
    period === scratchPeriod && n % period === 0 && inArena(x, n) && inArena(saved, savedPerValue * n) && paramsInArena(p, period);
  const saving: SavingKernels = {
    ...kernelsOf,
    savedPerValue,
    forwardSaving(x, y, saved, p, period, n) {
      const form = savingForm(period, n);
      if (!(savable(x, saved, p, period, n) && inArena(y, n)) || form === null) {
        kernelsOf.forward(x, y, p, period, n);
        return false;
      }
      if (form === 'flat') forwardFlat(x.byteOffset, y.byteOffset, saved.byteOffset, 4 * n, pointer(p, 0), period, n);
      else runRows(forwardSavingRows, [x.byteOffset, y.byteOffset, saved.byteOffset, 4 * n, pointer(p, 0), period], n / period, 4, n);
      return true;
    },
    backwardSaved(x, dy, dx, saved, p, dp, period, n) {
      const form = savingForm(period, n);
      if (!(savable(x, saved, p, period, n) && inArena(dy, n) && inArena(dx, n) && gradsInArena(dp, period)) || form === null) {
        throw new Error(`${name}: backwardSaved without a forwardSaving of the same shape`);
      }
      if (form === 'flat') {
        backwardFlat(x.byteOffset, dy.byteOffset, dx.byteOffset, saved.byteOffset, 4 * n, pointer(p, 0), pointer(dp, 0), period, n);
        return;
      }
      const partials = [pointer(dp, 0) === 0 ? 0 : scratchOf(0)];
      backwardByBlocks(backwardSavedRows, [x.byteOffset, dy.byteOffset, dx.byteOffset, saved.byteOffset, 4 * n, pointer(p, 0)], partials, dp, period, n);
    },
  };
  return saving;
}
