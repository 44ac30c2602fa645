// A basis expansion in the spirit of Kolmogorov–Arnold networks (Liu et al. 2024), with Gaussian radial basis
// functions in place of B-splines as FastKAN does (Li 2024): f(x) = base·silu(x) + Σ_g w_g·exp(−((x − c_g)/h)²)
// on a fixed grid c_1..c_G over [−2, 2] with spacing h, the weights learned per slot (group w: w1..wG).
import { defineElementwise } from './define.js';
import { timesVanishing } from './math.js';
import type { ElementwiseActivation, ElementwiseKernels, ParamSpec, Params } from './types.js';

export const RBF_DEFAULT_GRID = 8;
const GRID_MIN = -2;
const GRID_MAX = 2;

/** The grid: G centres evenly over [−2, 2], and their spacing h, which is also each Gaussian's width. */
export function rbfGrid(size: number): { centres: number[]; width: number } {
  const width = (GRID_MAX - GRID_MIN) / (size - 1);
  return { centres: Array.from({ length: size }, (_, g) => GRID_MIN + g * width), width };
}

/** silu(x) = x·σ(x) and its derivative σ + x·σ(1 − σ), from e = e^(−|x|) (no overflow; x·0 = 0 at ±∞). */
function siluParts(x: number): { value: number; slope: number } {
  const e = Math.exp(-Math.abs(x));
  const sigma = x >= 0 ? 1 / (1 + e) : e / (1 + e);
  return { value: timesVanishing(x, sigma), slope: sigma + timesVanishing(x, e / ((1 + e) * (1 + e))) };
}

function rbfReference(size: number) {
  const { centres, width } = rbfGrid(size);
  const bump = (x: number, g: number) => Math.exp(-(((x - centres[g]) / width) ** 2));
  return {
    f(x: number, p: Params): number {
      let sum = timesVanishing(siluParts(x).value, p[0]);
      for (let g = 0; g < size; g++) sum += p[1 + g] * bump(x, g);
      return sum;
    },
    dfdx(x: number, p: Params): number {
      let sum = p[0] * siluParts(x).slope;
      // d/dx e^(−u²) = −2u/h·e^(−u²), u = (x − c)/h; u·e^(−u²) is 0 once the Gaussian vanishes (x = ±∞ too).
      for (let g = 0; g < size; g++) sum -= ((2 * p[1 + g]) / width) * timesVanishing((x - centres[g]) / width, bump(x, g));
      return sum;
    },
    dfdp: [(x: number) => siluParts(x).value, ...centres.map((_, g) => (x: number) => bump(x, g))],
  };
}

/** Gaussians further than this many widths from x count as 0 in the kernels (e^−81 < 1e-35). */
const REACH = 9;
const E_MINUS_2 = Math.exp(-2);

/**
 * φ_g = e^(−u_g²), u_g = (x − c_g)/h, for every centre into `phi` (0 beyond REACH), from three exps: φ at the nearest
 * centre, then outwards by the ratios φ_(g±1)/φ_g = e^(∓2u_g − 1), which shrink by e^−2 per step. Returns u at the
 * nearest centre's index `nearest` (written to `at[0]`, the index to `at[1]`), or false when no centre is in reach.
 */
function gaussians(x: number, size: number, width: number, phi: Float64Array, at: Float64Array): boolean {
  const u0 = (x - GRID_MIN) / width;
  const nearest = Math.min(size - 1, Math.max(0, Math.round(u0)));
  const v = u0 - nearest;
  if (!(Math.abs(v) <= REACH)) return false;
  at[0] = v;
  at[1] = nearest;
  let value = Math.exp(-v * v);
  phi[nearest] = value;
  let ratio = Math.exp(2 * v - 1);
  for (let g = nearest + 1; g < size; g++, ratio *= E_MINUS_2) phi[g] = value *= ratio;
  value = phi[nearest];
  ratio = Math.exp(-2 * v - 1);
  for (let g = nearest - 1; g >= 0; g--, ratio *= E_MINUS_2) phi[g] = value *= ratio;
  return true;
}

/** Float32 kernels: slot by slot, the weights read once per slot; silu inline and the Gaussians by gaussians(). */
function rbfKernels(size: number): ElementwiseKernels {
  const { width } = rbfGrid(size);
  const weights = new Float64Array(size + 1), sums = new Float64Array(size + 1);
  const phi = new Float64Array(size), at = new Float64Array(2);
  return {
    forward(x, y, p, period, n) {
      for (let k = 0; k < period; k++) {
        for (let j = 0; j <= size; j++) weights[j] = p[j][k];
        for (let i = k; i < n; i += period) {
          const xi = x[i];
          const e = Math.exp(-Math.abs(xi));
          let sum = timesVanishing(timesVanishing(xi, xi >= 0 ? 1 / (1 + e) : e / (1 + e)), weights[0]);
          if (gaussians(xi, size, width, phi, at)) for (let g = 0; g < size; g++) sum += weights[1 + g] * phi[g];
          y[i] = sum;
        }
      }
    },
    backward(x, dy, dx, p, dp, period, n) {
      for (let k = 0; k < period; k++) {
        for (let j = 0; j <= size; j++) weights[j] = p[j][k];
        sums.fill(0);
        for (let i = k; i < n; i += period) {
          const xi = x[i], dyi = dy[i];
          const e = Math.exp(-Math.abs(xi));
          const sigma = xi >= 0 ? 1 / (1 + e) : e / (1 + e);
          let slope = weights[0] * (sigma + timesVanishing(xi, e / ((1 + e) * (1 + e))));
          sums[0] += dyi * timesVanishing(xi, sigma);
          if (gaussians(xi, size, width, phi, at)) {
            const v = at[0], nearest = at[1];
            for (let g = 0; g < size; g++) {
              // u_g = v − (g − nearest); ∂φ/∂x = −2u_g·φ/h.
              slope -= ((2 * weights[1 + g]) / width) * (v - (g - nearest)) * phi[g];
              sums[1 + g] += dyi * phi[g];
            }
          }
          dx[i] = dyi * slope;
        }
        if (dp === null) continue;
        for (let j = 0; j <= size; j++) {
          const d = dp[j];
          if (d !== null) d[k] += sums[j];
        }
      }
    },
  };
}

function rbfSpecs(size: number): ParamSpec[] {
  const base: ParamSpec = {
    name: 'base',
    description: 'Weight of the silu(x) base term, which is all that is left outside the grid. Initial 1.',
    default: 1,
    min: -Infinity,
    max: Infinity,
    learnable: true,
    testValues: [-1, 0, 0.5, 1, 2],
  };
  const { centres } = rbfGrid(size);
  const weights = centres.map((c, g) => ({
    name: `w${g + 1}`,
    group: 'w',
    description: `Weight of the Gaussian at c${g + 1} = ${Number(c.toFixed(4))}. Initial 0.`,
    default: 0,
    min: -Infinity,
    max: Infinity,
    learnable: true,
    testValues: [-3, -0.5, 0, 0.5, 3],
  }));
  return [base, ...weights];
}

/** A Gaussian-RBF basis entry with a grid of `size` points over [−2, 2], named `name`. */
export function rbfActivation(size: number, name: string): ElementwiseActivation {
  const { width } = rbfGrid(size);
  return defineElementwise({
    name,
    aliases: size === RBF_DEFAULT_GRID ? ['rbfKan', 'fastKan', 'kanRbf'] : [],
    description: `KAN-style basis expansion: base·silu(x) plus ${size} learned Gaussian bumps on a fixed grid over [−2, 2].`,
    formula: `base·x·σ(x) + Σ_{g=1..${size}} w_g·exp(−((x − c_g)/h)²), c_g evenly on [−2, 2], h = ${Number(width.toFixed(4))}`,
    tex: String.raw`\mathrm{base} \cdot x\,\sigma(x) + \sum_{g=1}^{${size}} w_g\, e^{-\left((x - c_g)/h\right)^2}`,
    reference: 'Liu et al. 2024, "KAN: Kolmogorov-Arnold Networks" (arXiv:2404.19756); Gaussian RBFs as Li 2024, "Kolmogorov-Arnold Networks are Radial Basis Function Networks" (FastKAN, arXiv:2405.06721)',
    family: 'learnable',
    params: rbfSpecs(size),
    notes:
      `G = ${size} grid points (rbfBasis-G for another G ≥ 2); group w holds each slot's weights (--param w=v sets all). ` +
      'Starts as SiLU (w = 0). Outside [−2, 2] the bumps fade within a few widths h (e^(−9) ≈ 1e-4 at 3h past the last centre), ' +
      'so there f is base·silu(x): about base·x far right, 0 far left; the weights only shape f on the grid.',
    kinks: () => [],
    lengthScale: () => width,
    ref: rbfReference(size),
    kernels: rbfKernels(size),
  });
}

/** rbfBasis: G = 8. */
export const rbfBasis = rbfActivation(RBF_DEFAULT_GRID, 'rbfBasis');
