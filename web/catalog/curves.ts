// The curves the catalog plots for one function: f, ∂f/∂x and each ∂f/∂p on a grid of x, from the float32 kernels
// (evaluateActivation) for elementwise functions; a row-wise function (softmax and kin) is shown as its first output
// for the row (x, 0), from its float64 reference.
import { evaluateActivation, type Activation } from 'actlab';

export interface Curves {
  x: Float64Array;
  y: ArrayLike<number>;
  dydx: ArrayLike<number>;
  /** ∂f/∂p by parameter name. */
  dparams: Record<string, ArrayLike<number>>;
}

/** Points per curve: smooth at chart widths, quick enough to redraw on every slider move. */
export const POINTS = 801;

/** Below this |∂f/∂x| a stretch of x is shaded: the function is saturated or dead there. */
export const FLAT_SLOPE = 0.01;

export function linspace(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** The first output of a row-wise function for the rows (x, 0), and its derivative in x. */
function rowCurves(a: Activation & { kind: 'vector' }, x: Float64Array): Curves {
  const y = x.map((v) => a.ref.f([v, 0])[0]);
  const dydx = x.map((v) => a.ref.vjp([v, 0], [1, 0])[0]);
  return { x, y, dydx, dparams: {} };
}

/** The curves of `a` (known by `name`, which may be a formula spec) with parameters `params` over [lo, hi]. */
export function curves(a: Activation, name: string, params: Readonly<Record<string, number>>, [lo, hi]: readonly [number, number]): Curves {
  const x = linspace(lo, hi, POINTS);
  if (a.kind === 'vector') return rowCurves(a, x);
  const r = evaluateActivation(name, x, params);
  return { x, y: r.y, dydx: r.dydx!, dparams: r.dparams ?? {} };
}

/** The stretches of x where |∂f/∂x| < FLAT_SLOPE, each as [from, to] reaching half a grid step past its points. */
export function flatStretches(x: ArrayLike<number>, dydx: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  const half = x.length > 1 ? (x[1] - x[0]) / 2 : 0;
  let start = -1;
  for (let i = 0; i <= x.length; i++) {
    const flat = i < x.length && Math.abs(dydx[i]) < FLAT_SLOPE;
    if (flat && start < 0) start = i;
    if (!flat && start >= 0) {
      out.push([x[start] - half, x[i - 1] + half]);
      start = -1;
    }
  }
  return out;
}
