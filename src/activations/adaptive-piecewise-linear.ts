// Adaptive piecewise linear units (Agostinelli, Hoffman, Sadowski & Baldi 2015): ReLU plus S learned hinges,
// max(0, x) + Σ_s a_s·max(0, b_s − x). Each slot holds the vectors a and b (groups 'a', 'b': a1..aS, b1..bS).
import { defineElementwise } from './define.js';
import { linspace, timesVanishing } from './math.js';
import type { ElementwiseActivation, ElementwiseKernels, ParamSpec, Params } from './types.js';

/** The catalog's apl: S = 5, as the paper's CIFAR experiments (S ∈ {1, 2, 5}). */
export const APL_DEFAULT_SEGMENTS = 5;

/** Hinges start at evenly spaced b over [−2, 2] (0 for S = 1), with a = 0: the unit starts as ReLU. */
function initialHinges(segments: number): number[] {
  return segments === 1 ? [0] : linspace(-2, 2, segments - 1);
}

/**
 * f from the sums over the active hinges (b_s > x): A = Σ a_s, B = Σ a_s·b_s, f = max(0, x) + B − x·A,
 * where x·A is 0 for A = 0 even at x = −∞ (no ∞ − ∞ from hinges of opposite signs that cancel).
 */
function aplValue(x: number, p: Params, segments: number): number {
  if (x !== x) return x;
  let slopes = 0, offsets = 0;
  for (let s = 0; s < segments; s++) {
    const b = p[segments + s];
    if (b > x) {
      slopes += p[s];
      offsets += p[s] * b;
    }
  }
  return (x > 0 ? x : 0) + offsets - timesVanishing(x, slopes);
}

/** ∂f/∂x = [x > 0] − Σ_{b_s > x} a_s (the hinges' and ReLU's derivative 0 at their kinks). */
function aplDx(x: number, p: Params, segments: number): number {
  if (x !== x) return x;
  let d = x > 0 ? 1 : 0;
  for (let s = 0; s < segments; s++) if (p[segments + s] > x) d -= p[s];
  return d;
}

/** ∂f/∂a_s = max(0, b_s − x); ∂f/∂b_s = a_s·[b_s > x]. */
function aplParamDerivatives(segments: number): ((x: number, p: Params) => number)[] {
  const da = Array.from({ length: segments }, (_, s) => (x: number, p: Params) => (x !== x ? x : Math.max(0, p[segments + s] - x)));
  const db = Array.from({ length: segments }, (_, s) => (x: number, p: Params) => (x !== x ? x : p[segments + s] > x ? p[s] : 0));
  return [...da, ...db];
}

/** Float32 kernels: slot by slot, the slot's a and b read once into float64, its gradient sums kept in float64. */
function aplKernels(segments: number): ElementwiseKernels {
  const w = new Float64Array(2 * segments), sums = new Float64Array(2 * segments);
  const load = (p: readonly Float32Array[], k: number) => {
    for (let j = 0; j < 2 * segments; j++) w[j] = p[j][k];
  };
  return {
    forward(x, y, p, period, n) {
      for (let k = 0; k < period; k++) {
        load(p, k);
        for (let i = k; i < n; i += period) {
          const xi = x[i];
          let slopes = 0, offsets = 0;
          for (let s = 0; s < segments; s++) {
            const b = w[segments + s];
            if (b > xi) {
              slopes += w[s];
              offsets += w[s] * b;
            }
          }
          y[i] = xi !== xi ? xi : (xi > 0 ? xi : 0) + offsets - timesVanishing(xi, slopes);
        }
      }
    },
    backward(x, dy, dx, p, dp, period, n) {
      for (let k = 0; k < period; k++) {
        load(p, k);
        sums.fill(0);
        for (let i = k; i < n; i += period) {
          const xi = x[i], g = dy[i];
          let d = xi > 0 ? 1 : xi === xi ? 0 : NaN;
          for (let s = 0; s < segments; s++) {
            const b = w[segments + s];
            if (!(b > xi)) continue;
            d -= w[s];
            if (g === 0) continue;
            sums[s] += g * (b - xi);
            sums[segments + s] += g * w[s];
          }
          dx[i] = g * d;
        }
        if (dp === null) continue;
        for (let j = 0; j < 2 * segments; j++) {
          const d = dp[j];
          if (d !== null) d[k] += sums[j];
        }
      }
    },
  };
}

function hingeSpecs(segments: number): ParamSpec[] {
  const b0 = initialHinges(segments);
  const a = Array.from({ length: segments }, (_, s) => ({
    name: `a${s + 1}`,
    group: 'a',
    description: `Slope of hinge ${s + 1} (left of b${s + 1}, the slope changes by −a${s + 1}). Initial 0.`,
    default: 0,
    min: -Infinity,
    max: Infinity,
    learnable: true,
    testValues: [-2, -0.5, 0.2, 1, 3],
  }));
  const b = b0.map((v, s) => ({
    name: `b${s + 1}`,
    group: 'b',
    description: `Location of hinge ${s + 1}. Initial ${Number(v.toFixed(6))} (evenly over [−2, 2]).`,
    default: v,
    min: -Infinity,
    max: Infinity,
    learnable: true,
    testValues: [-5, -1, 0.5, 2, 10],
  }));
  return [...a, ...b];
}

/** An APL entry with S hinges, named `name`. */
export function aplActivation(segments: number, name: string): ElementwiseActivation {
  return defineElementwise({
    name,
    aliases: segments === APL_DEFAULT_SEGMENTS ? ['APL', 'adaptivePiecewiseLinear'] : [],
    description: `Adaptive piecewise linear unit: ReLU plus ${segments} learned hinges a_s·max(0, b_s − x).`,
    formula: `max(0, x) + Σ_{s=1..${segments}} a_s·max(0, b_s − x)`,
    tex: String.raw`\max(0, x) + \sum_{s=1}^{${segments}} a_s \max(0, b_s - x)`,
    reference: 'Agostinelli, Hoffman, Sadowski & Baldi 2015, "Learning Activation Functions to Improve Deep Neural Networks" (ICLR workshop)',
    family: 'learnable',
    params: hingeSpecs(segments),
    notes:
      `S = ${segments} hinges (apl-S for another S); groups a and b hold each slot's vectors (--param a=v sets a1..a${segments}). ` +
      'Starts as ReLU (a = 0); the paper adds an L2 penalty of 0.001 on a (--act-l2). Each max(0, u) has derivative 0 at u = 0, as relu at 0.',
    kinks: (p) => [0, ...Array.from({ length: segments }, (_, s) => p[segments + s])],
    ref: {
      f: (x, p) => aplValue(x, p, segments),
      dfdx: (x, p) => aplDx(x, p, segments),
      dfdp: aplParamDerivatives(segments),
    },
    kernels: aplKernels(segments),
  });
}

/** apl: S = 5. */
export const apl = aplActivation(APL_DEFAULT_SEGMENTS, 'apl');
