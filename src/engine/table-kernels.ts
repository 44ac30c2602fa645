// WASM kernels of activations with more parameters than the two-pointer exports carry (assembly/hinges.ts): the
// parameters' pointers go in a table in the arena. APL (apl, apl-S) for now; one thread, whole calls.
import { getElementwise } from '../activations/catalog.js';
import type { Arena } from './arena.js';
import type { ActivationOp, Tensor } from './engine.js';
import type { Kernels } from './wasm.js';

type TableForward = (x: number, y: number, table: number, segments: number, period: number, n: number) => void;
type TableBackward = (x: number, dy: number, dx: number, table: number, dtable: number, scratch: number, segments: number, period: number, n: number) => void;

/** Whether catalog entry `name` is an APL (apl, or apl-S built from its name). */
const isApl = (name: string) => /^apl(-\d+)?$/i.test(name);

/** APL `name`'s table kernels as a layer's ActivationOp for `period` (null for other entries, or a module without them). */
export function tableActivationOp(name: string, arena: Arena, kernels: Kernels, period: number): ActivationOp | null {
  if (!isApl(name) || !Number.isInteger(period) || period < 1) return null;
  const exports = kernels as unknown as Record<string, unknown>;
  const forward = exports.activation_apl_table_forward as TableForward | undefined;
  const backward = exports.activation_apl_table_backward as TableBackward | undefined;
  if (typeof forward !== 'function' || typeof backward !== 'function') return null;
  const count = getElementwise(name).params.length, segments = count / 2;
  const table = arena.alloc(4 * count), dtable = arena.alloc(4 * count), scratch = arena.alloc(16 * count);
  /** Writes the tensors' byte offsets (0 for none) into a table. */
  const fill = (at: number, ts: readonly (Tensor | null)[]) => arena.i32(at, count).set(Array.from({ length: count }, (_, j) => ts[j]?.ptr ?? 0));
  return {
    savedPerValue: 0,
    forward(x, y, p, n) {
      fill(table, p);
      forward(x.ptr, y.ptr, table, segments, period, n);
      return false;
    },
    backward(x, dy, dx, p, dp, n) {
      fill(table, p);
      fill(dtable, dp);
      backward(x.ptr, dy.ptr, dx.ptr, table, dtable, scratch, segments, period, n);
    },
  };
}
