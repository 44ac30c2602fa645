// WASM kernels of activations with more parameters than the two-pointer exports carry (assembly/hinges.ts,
// assembly/rational.ts, assembly/s-shaped.ts, assembly/basis.ts): the parameters' pointers go in a table in the arena.
// APL (apl, apl-S), PAU (pau, pau-M-N-V-INIT), srelu and rbfBasis (rbfBasis-G); one thread, whole calls.
import { getElementwise } from '../activations/catalog.js';
import { rbfGrid } from '../activations/rbf-basis.js';
import type { Arena } from './arena.js';
import type { ActivationOp, Tensor } from './engine.js';
import type { Kernels } from './wasm.js';

/** An entry's table kernels: the exports, and the integer arguments they take after the pointers. */
interface TableKernels {
  forward: (x: number, y: number, table: number, ...rest: number[]) => void;
  backward: (x: number, dy: number, dx: number, table: number, dtable: number, scratch: number, ...rest: number[]) => void;
  /** Arguments between the pointers and (period, n): APL's S; PAU's m, n and version (0, 1, 2 = A, B, C); rbfBasis's G and h. */
  shape: number[];
}

/** The table kernels of catalog entry `name` in `kernels`, or null where it has none. */
function tableKernelsOf(name: string, kernels: Kernels): TableKernels | null {
  const exports = kernels as unknown as Record<string, TableKernels['forward'] | undefined>;
  const pick = (stem: string, shape: number[]): TableKernels | null => {
    const forward = exports[`activation_${stem}_table_forward`], backward = exports[`activation_${stem}_table_backward`];
    return typeof forward === 'function' && typeof backward === 'function' ? { forward, backward: backward as TableKernels['backward'], shape } : null;
  };
  const params = getElementwise(name).params;
  if (/^apl(-\d+)?$/i.test(name)) return pick('apl', [params.length / 2]);
  if (name === 'srelu') return pick('srelu', []);
  if (/^rbfBasis(-\d+)?$/i.test(name)) return pick('rbf', [params.length - 1, rbfGrid(params.length - 1).width]);
  // pau is pau-5-4-B-leakyRelu; the version is the third part of a sized name.
  const pau = /^pau(?:-\d+-\d+-([abc])-\w+)?$/i.exec(name);
  if (pau === null) return null;
  const numerator = params.filter((s) => s.group === 'p').length;
  const version = 'ABC'.indexOf((pau[1] ?? 'B').toUpperCase());
  return pick('pau', [numerator - 1, params.length - numerator, version]);
}

/** Table kernels of `name` as a layer's ActivationOp for `period` (null for other entries, or a module without them). */
export function tableActivationOp(name: string, arena: Arena, kernels: Kernels, period: number): ActivationOp | null {
  if (!Number.isInteger(period) || period < 1) return null;
  const found = tableKernelsOf(name, kernels);
  if (found === null) return null;
  const { forward, backward, shape } = found;
  const count = getElementwise(name).params.length;
  const table = arena.alloc(4 * count), dtable = arena.alloc(4 * count), scratch = arena.alloc(16 * count);
  /** Writes the tensors' byte offsets (0 for none) into a table. */
  const fill = (at: number, ts: readonly (Tensor | null)[]) => arena.i32(at, count).set(Array.from({ length: count }, (_, j) => ts[j]?.ptr ?? 0));
  return {
    savedPerValue: 0,
    forward(x, y, p, n) {
      fill(table, p);
      forward(x.ptr, y.ptr, table, ...shape, period, n);
      return false;
    },
    backward(x, dy, dx, p, dp, n) {
      fill(table, p);
      fill(dtable, dp);
      backward(x.ptr, dy.ptr, dx.ptr, table, dtable, scratch, ...shape, period, n);
    },
  };
}
