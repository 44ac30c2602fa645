// The table-pointer WASM kernels (APL) against the float64 reference, through the catalog's kernel check, for
// period 1, whole and partial 4-slot columns, and rows cut short.
import { beforeAll, describe, expect, it } from 'vitest';
import { getElementwise } from '../activations/catalog.js';
import { checkKernels, linspace, parameterSweep } from '../activations/testing.js';
import type { ElementwiseKernels, Params } from '../activations/types.js';
import { Arena } from './arena.js';
import { tableActivationOp } from './table-kernels.js';
import { instantiateKernels, kernelModule, type Kernels } from './wasm.js';

const GRID = linspace(-20, 20, 10_000);
const EXTREMES = [1e4, 1e30, 3e38, 1e-30, 1e-40, 0].flatMap((v) => [v, -v]);
const PERIODS = [1, 4, 7, 128];

let arena: Arena;
let wasm: Kernels;

beforeAll(async () => {
  arena = new Arena({ initialBytes: 16 << 20 });
  wasm = instantiateKernels(await kernelModule(arena.shared), arena.memory);
});

/** The op for `name` and `period` behind the ElementwiseKernels interface, for arrays that are views into the arena. */
function viaTable(name: string, period: number): ElementwiseKernels {
  const op = tableActivationOp(name, arena, wasm, period);
  if (op === null) throw new Error(`${name} has no table kernels`);
  const t = (v: Float32Array) => ({ ptr: v.byteOffset, length: v.length });
  return {
    forward: (x, y, p, _period, n) => void op.forward(t(x), t(y), p.map(t), n, null),
    backward: (x, dy, dx, p, dp, _period, n) => op.backward(t(x), t(dy), t(dx), p.map(t), (dp ?? p.map(() => null)).map((d) => (d === null ? null : t(d))), n, null),
  };
}

const alloc = (length: number) => arena.f32(arena.alloc(Math.max(1, length) * 4), length).fill(0);

describe.each(['srelu', 'rbfBasis', 'rbfBasis-3', 'apl', 'apl-3', 'apl-1', 'pau', 'pau-3-2-A-tanh', 'pau-4-4-C-relu', 'pau-2-3-B-identity'])('%s table kernels', (name) => {
  it('match the float64 reference for every period, at finite extremes too', () => {
    const a = getElementwise(name);
    const sweep = parameterSweep(a);
    // Every hinge active with slopes of both signs, besides the sweep.
    const mixed: Params = a.params.map((s, j) => (s.group === 'b' ? s.default : j % 2 === 0 ? 0.7 : -1.3));
    for (const period of PERIODS) {
      const slots = Array.from({ length: period }, (_, k) => (k % 3 === 0 ? mixed : sweep[k % sweep.length]));
      for (const xs of [GRID, EXTREMES]) {
        const r = checkKernels(a, slots, xs, { kernels: viaTable(name, period), alloc });
        expect(r.maxValueError, `period ${period}: ${r.worst}`).toBeLessThan(1e-5);
        expect(r.maxDerivativeError, `period ${period}: ${r.worst}`).toBeLessThan(2e-3);
      }
    }
  });

  it('gives NaN for NaN and the reference’s limits at ±∞, adding nothing where dy = 0', () => {
    const a = getElementwise(name);
    const p = a.params.map((s) => [s.group === 'a' ? 0 : s.default]);
    const kernels = viaTable(name, 1);
    const x = alloc(3), y = alloc(3), dy = alloc(3), dx = alloc(3);
    x.set([NaN, Infinity, -Infinity]);
    const params = p.map((v) => { const t = alloc(1); t.set(v); return t; });
    const grads = p.map(() => alloc(1));
    kernels.forward(x, y, params, 1, 3);
    kernels.backward(x, dy, dx, params, grads, 1, 3);
    expect(y[0]).toBeNaN();
    expect(dx[0]).toBeNaN();
    // ±∞: APL's limits with a = 0 (ReLU); PAU's, x^(m − n) times the ratio of the leading coefficients, as its reference.
    if (name.startsWith('apl')) expect(Array.from(y.subarray(1))).toEqual([Infinity, 0]);
    else expect(Array.from(y.subarray(1))).toEqual([Math.fround(a.ref.f(Infinity, p.map((v) => v[0]))), Math.fround(a.ref.f(-Infinity, p.map((v) => v[0])))]);
    expect(grads.every((g) => g[0] === 0)).toBe(true);
  });
});

it('has no table kernels for other entries', () => {
  expect(tableActivationOp('relu', arena, wasm, 4)).toBeNull();
  expect(tableActivationOp('swish', arena, wasm, 4)).toBeNull();
});

it('srelu: crossed thresholds swap roles as in the reference, slot by slot', () => {
  const a = getElementwise('srelu');
  const slots = [[2, 0.1, -1, 0.5], [-1, 0.1, 2, 0.5], [0.5, -1, 0.5, 3], [3, 2, -4, -0.5], [0, 0, 0, 0]];
  for (const period of [1, 5]) {
    const r = checkKernels(a, slots.slice(0, period), GRID, { kernels: viaTable('srelu', period), alloc });
    expect(r.maxValueError, r.worst).toBeLessThan(1e-5);
    expect(r.maxDerivativeError, r.worst).toBeLessThan(2e-3);
  }
});
