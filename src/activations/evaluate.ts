// An activation evaluated with its float32 kernels at given inputs: y, ∂y/∂x and ∂y/∂p per element, as
// `actlab activations eval` prints them and the library's evaluateActivation returns them.
import { getActivation, parseActivationSpec, resolveParams } from './catalog.js';
import type { Activation } from './types.js';

/** Kernel outputs at x; dydx and dparams only for elementwise entries. */
export interface Evaluation {
  x: Float32Array;
  y: Float32Array;
  dydx?: Float32Array;
  /** ∂y[i]/∂p_j(x[i]) per parameter j, in declaration order. */
  dparams?: Float32Array[];
}

/**
 * Runs the entry's float32 kernels at xs with parameters shared (period 1). Per-element ∂y/∂p comes from one backward
 * pass with dy = 1 and period = n, each parameter repeated n times: slot i then accumulates element i alone.
 */
export function evaluate(a: Activation, params: readonly number[], xs: ArrayLike<number>): Evaluation {
  const n = xs.length;
  const x = Float32Array.from(xs);
  const y = new Float32Array(n);
  if (a.kind === 'vector') {
    a.kernels.forward(x, y, n, n);
    return { x, y };
  }
  a.kernels.forward(x, y, params.map((v) => Float32Array.of(v)), 1, n);
  const dydx = new Float32Array(n);
  const dparams = params.map(() => new Float32Array(n));
  const perElement = params.map((v) => new Float32Array(n).fill(v));
  a.kernels.backward(x, new Float32Array(n).fill(1), dydx, perElement, dparams, n, n);
  return { x, y, dydx, dparams };
}

/** What evaluateActivation returns: the inputs as float32, outputs, ∂y/∂x and ∂y/∂p by parameter name. */
export interface ActivationValues {
  name: string;
  params: Record<string, number>;
  x: Float32Array;
  y: Float32Array;
  dydx?: Float32Array;
  dparams?: Record<string, Float32Array>;
}

/**
 * `activation` (a name, "name:p=v,...", or a formula spec) at inputs `xs`, with its float32 kernels: y, ∂y/∂x and,
 * element by element, ∂y/∂p for each parameter. `params` overrides parameters by name (checked against their ranges).
 */
export function evaluateActivation(activation: string, xs: ArrayLike<number>, params: Readonly<Record<string, number>> = {}): ActivationValues {
  const spec = parseActivationSpec(activation);
  const a = getActivation(spec.activation.name);
  const given = Object.fromEntries(a.params.map((p, j) => [p.name, spec.params[j]]));
  const values = resolveParams(a, { ...given, ...params });
  const r = evaluate(a, values, xs);
  return {
    name: a.name,
    params: Object.fromEntries(a.params.map((p, j) => [p.name, values[j]])),
    x: r.x,
    y: r.y,
    ...(r.dydx === undefined ? {} : { dydx: r.dydx }),
    ...(r.dparams === undefined ? {} : { dparams: Object.fromEntries(a.params.map((p, j) => [p.name, r.dparams![j]])) }),
  };
}
