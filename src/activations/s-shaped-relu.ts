// S-shaped ReLU (Jin et al. 2015): three lines, the identity between two learned thresholds and learned slopes
// outside them. The thresholds are read as an unordered pair: the lower of tLeft, tRight is the left threshold,
// the higher the right one. So f stays an S-shaped function for every value the optimiser reaches, and an update
// that carries tLeft past tRight is continuous in f (at tLeft = tRight both readings agree): it amounts to the two
// names swapping roles. Values a user gives must be ordered (validate).
import { defineElementwise } from './define.js';
import { timesVanishing } from './math.js';
import type { ElementwiseKernels, Params } from './types.js';

/** The thresholds in order: [left, right]. */
const lower = (p: Params) => Math.min(p[0], p[2]);
const upper = (p: Params) => Math.max(p[0], p[2]);

/** Which segment x falls in: -1 left (x ≤ left), 1 right (x ≥ right, when not left), 0 the identity between. */
function segment(x: number, left: number, right: number): -1 | 0 | 1 {
  if (x <= left) return -1;
  return x >= right ? 1 : 0;
}

/** t + a·(x − t) with a·(x − t) = 0 for a = 0 (no ∞·0 at x = ±∞). */
const line = (x: number, t: number, a: number) => t + timesVanishing(x - t, a);

function sreluValue(x: number, p: Params): number {
  if (x !== x) return x;
  const left = lower(p), right = upper(p);
  const s = segment(x, left, right);
  return s < 0 ? line(x, left, p[1]) : s > 0 ? line(x, right, p[3]) : x;
}

function sreluDx(x: number, p: Params): number {
  if (x !== x) return x;
  const s = segment(x, lower(p), upper(p));
  return s < 0 ? p[1] : s > 0 ? p[3] : 1;
}

/** ∂f/∂t for the threshold `j` (0: tLeft, 2: tRight): 1 − slope on the side whose threshold it currently is. */
function thresholdDerivative(j: 0 | 2) {
  return (x: number, p: Params): number => {
    if (x !== x) return x;
    const other = p[2 - j];
    const isLeft = p[j] < other || (p[j] === other && j === 0);
    const s = segment(x, lower(p), upper(p));
    if (s < 0 && isLeft) return 1 - p[1];
    if (s > 0 && !isLeft) return 1 - p[3];
    return 0;
  };
}

/** ∂f/∂a on side `side`: x − t there, 0 elsewhere. */
function slopeDerivative(side: -1 | 1) {
  return (x: number, p: Params): number => {
    if (x !== x) return x;
    const left = lower(p), right = upper(p);
    if (segment(x, left, right) !== side) return 0;
    return side < 0 ? x - left : x - right;
  };
}

/**
 * Float32 kernels, written out rather than derived from the reference: slot by slot, the slot's thresholds and
 * slopes held in locals and its gradient sums in float64, then down its column; the three segments need no calls.
 */
const sreluKernels: ElementwiseKernels = {
  forward(x, y, p, period, n) {
    for (let k = 0; k < period; k++) {
      const left = Math.min(p[0][k], p[2][k]), right = Math.max(p[0][k], p[2][k]), al = p[1][k], ar = p[3][k];
      for (let i = k; i < n; i += period) {
        const xi = x[i];
        y[i] = xi <= left ? line(xi, left, al) : xi >= right ? line(xi, right, ar) : xi;
      }
    }
  },
  backward(x, dy, dx, p, dp, period, n) {
    for (let k = 0; k < period; k++) {
      const leftIsTl = p[0][k] <= p[2][k];
      const left = leftIsTl ? p[0][k] : p[2][k], right = leftIsTl ? p[2][k] : p[0][k], al = p[1][k], ar = p[3][k];
      let dLeft = 0, dal = 0, dRight = 0, dar = 0;
      for (let i = k; i < n; i += period) {
        const xi = x[i], g = dy[i];
        if (xi <= left) {
          dx[i] = g * al;
          if (g === 0) continue;
          dLeft += g * (1 - al);
          dal += g * (xi - left);
        } else if (xi >= right) {
          dx[i] = g * ar;
          if (g === 0) continue;
          dRight += g * (1 - ar);
          dar += g * (xi - right);
        } else {
          // NaN lands here: dx is NaN, no parameter gradient.
          dx[i] = xi === xi ? g : NaN;
        }
      }
      if (dp === null) continue;
      // The lower threshold's gradient goes to whichever of tLeft, tRight holds it.
      const dtl = dp[0], dalArray = dp[1], dtr = dp[2], darArray = dp[3];
      if (dtl !== null) dtl[k] += leftIsTl ? dLeft : dRight;
      if (dalArray !== null) dalArray[k] += dal;
      if (dtr !== null) dtr[k] += leftIsTl ? dRight : dLeft;
      if (darArray !== null) darArray[k] += dar;
    }
  },
};

const thresholdSpec = (name: string, description: string, value: number, testValues: number[]) => ({
  name,
  description,
  default: value,
  min: -Infinity,
  max: Infinity,
  learnable: true,
  testValues,
});

const slopeSpec = (name: string, description: string, value: number) => ({
  ...thresholdSpec(name, description, value, [-1, 0, 0.01, 0.2, 1, 3]),
});

/**
 * srelu: tRight + aRight·(x − tRight) for x ≥ tRight, x between, tLeft + aLeft·(x − tLeft) for x ≤ tLeft.
 * ∂f/∂x is the segment's slope (the outer one at a threshold); ∂f/∂t = 1 − a and ∂f/∂a = x − t on the own side.
 */
export const srelu = defineElementwise({
  name: 'srelu',
  aliases: ['SReLU', 'sShapedRelu'],
  description: 'S-shaped ReLU: identity between two learned thresholds, learned slopes outside them.',
  formula: 'tᵣ + aᵣ·(x − tᵣ) if x ≥ tᵣ, x if tₗ < x < tᵣ, tₗ + aₗ·(x − tₗ) if x ≤ tₗ',
  tex: String.raw`\begin{cases} t_{\mathrm{right}} + a_{\mathrm{right}} (x - t_{\mathrm{right}}) & x \ge t_{\mathrm{right}} \\ x & t_{\mathrm{left}} < x < t_{\mathrm{right}} \\ t_{\mathrm{left}} + a_{\mathrm{left}} (x - t_{\mathrm{left}}) & x \le t_{\mathrm{left}} \end{cases}`,
  reference: 'Jin, Xu, Feng, Wei, Xiong & Yan 2016, "Deep Learning with S-shaped Rectified Linear Activation Units" (AAAI; arXiv:1512.07030)',
  family: 'learnable',
  params: [
    thresholdSpec('tLeft', 'Left threshold tₗ (≤ tRight when given). Initial 0.', 0, [-5, -1, -0.1, 0, 0.5, 1]),
    slopeSpec('aLeft', 'Slope aₗ left of tₗ. Initial 0.01, so srelu starts as leaky ReLU.', 0.01),
    thresholdSpec('tRight', 'Right threshold tᵣ (≥ tLeft when given). Initial 1.', 1, [0, 0.5, 1, 2, 10]),
    slopeSpec('aRight', 'Slope aᵣ right of tᵣ. Initial 1 (the identity, so tRight has no effect at first).', 1),
  ],
  notes:
    'Thresholds are kept ordered by reading them as an unordered pair: f uses min(tLeft, tRight) as tₗ and the max as tᵣ, ' +
    'so a training step that crosses them leaves f continuous (the names swap roles); given values must satisfy tLeft ≤ tRight. ' +
    'At a threshold the outer segment is taken (∂f/∂x = aₗ at tₗ, aᵣ at tᵣ, as the paper’s ≤ and ≥).',
  validate: (p) => (p[0] <= p[2] ? null : `tLeft (${p[0]}) must be at most tRight (${p[2]})`),
  kinks: (p) => [lower(p), upper(p)],
  lengthScale: (p) => Math.max(1e-3, Math.min(1, upper(p) - lower(p))),
  ref: {
    f: sreluValue,
    dfdx: sreluDx,
    dfdp: [thresholdDerivative(0), slopeDerivative(-1), thresholdDerivative(2), slopeDerivative(1)],
  },
  kernels: sreluKernels,
});
