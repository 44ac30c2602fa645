// The gradient check: an activation's ∂f/∂x and every ∂f/∂p against central differences of its float64 f, over a
// grid of [−50, 50] and special values. `formulaActivation` and `defineActivation` refuse derivatives that fail it;
// `actlab activations check` prints its report; the catalog tests run it strictly on every entry.
import { UsageError } from '../errors.js';
import { linspace } from './math.js';
import type { ElementwiseActivation, Params } from './types.js';

/** The inputs every entry is checked at, beside a uniform grid: small, near 1, and far out. */
export const SPECIAL_X = [0, 1e-3, 0.25, 1, Math.PI, 501, 1001.2, 13437.7, 4988429.2, 1e20].flatMap((v) =>
  v === 0 ? [0] : [v, -v],
);

/** Where checkGradients looks by default: [−50, 50] in steps of 1/40, the special values, and ±1e-8. */
export const CHECK_X = [...linspace(-50, 50, 4000), ...SPECIAL_X, 1e-8, -1e-8];
const describeX = (v: number) => (v === Math.PI ? 'π' : v < 1e-2 || v >= 1e7 ? v.toExponential().replace('e+', 'e') : String(v));
/** CHECK_X in words, for help texts. */
export const CHECK_X_TEXT = `[-50, 50] in steps of 0.025 and 0, ${[1e-8, ...SPECIAL_X.filter((v) => v > 0)].map((v) => `±${describeX(v)}`).join(', ')}`;

/** Default largest relative error of a derivative. */
export const GRADIENT_TOLERANCE = 1e-6;
/** Default scale below which derivatives are compared absolutely: float32 training cannot tell the difference. */
export const ABSOLUTE_BELOW = 1e-4;

const EPS = 2.220446049250313e-16;

interface FivePoint {
  d: number;
  noise: number;
  slope: number;
}

/**
 * Five-point central difference of g at t with step h: its truncation error is O(h⁴), its
 * rounding error about 1.5·eps·max|g|/h, which is returned as `noise` (with |g| at least `termScale`,
 * the size of the terms g may be a sum of). `slope`, the secant over the stencil, is the local scale
 * of g' where g' itself is 0.
 */
function fivePoint(g: (t: number) => number, t: number, h: number, termScale: number): FivePoint {
  const f1 = g(t + h), f_1 = g(t - h), f2 = g(t + 2 * h), f_2 = g(t - 2 * h);
  const d = (8 * (f1 - f_1) - (f2 - f_2)) / (12 * h);
  const scale = Math.max(Math.abs(f1), Math.abs(f_1), Math.abs(f2), Math.abs(f_2), termScale);
  // Below 1e-300 values lose digits to underflow: their rounding is absolute, not relative.
  return { d, noise: (8 * Math.max(EPS * scale, 1e-300)) / h, slope: Math.abs(f2 - f_2) / (4 * h) };
}

/** Error beyond rounding, relative to the derivative, the secant where the derivative is 0, or `absoluteBelow`. */
function relError(analytic: number, fd: FivePoint, absoluteBelow: number): number {
  const diff = Math.abs(analytic - fd.d) - fd.noise;
  if (diff <= 0) return 0;
  return diff / Math.max(Math.abs(analytic), Math.abs(fd.d), fd.slope, absoluteBelow);
}

export interface Difference {
  relError: number;
  /** The central difference at the step that agreed best. */
  numeric: number;
}

/**
 * Smallest relative error of `analytic` against five-point differences with steps h, h/4, …, h/4⁷
 * (down to `floor`): truncation error falls as h⁴ where f varies on a scale shorter than h (the
 * exponential tails), rounding error grows as 1/h; a wrong derivative disagrees at every step.
 */
export function compareWithDifferences(
  analytic: number,
  g: (t: number) => number,
  t: number,
  h: number,
  floor: number,
  { absoluteBelow = 0, termScale = 0 } = {},
): Difference {
  let relErr = Infinity;
  let numeric = NaN;
  for (let step = h, k = 0; k < 8 && step >= floor && relErr > 0; step /= 4, k++) {
    const fd = fivePoint(g, t, step, termScale);
    if (!Number.isFinite(fd.d)) continue;
    const e = relError(analytic, fd, absoluteBelow);
    if (e < relErr || Number.isNaN(numeric)) {
      relErr = Math.min(e, relErr);
      numeric = fd.d;
    }
  }
  return { relError: relErr, numeric };
}

/**
 * Whether g has a kink or a jump at t: the one-sided derivatives from the left and the right differ by about as
 * much at step h/16 as at h (at a smooth point the gap shrinks as the step², down to rounding).
 */
function isKink(g: (t: number) => number, t: number, h: number, termScale: number): boolean {
  const gap = (s: number) => {
    const g0 = g(t), l1 = g(t - s), l2 = g(t - 2 * s), r1 = g(t + s), r2 = g(t + 2 * s);
    const left = (3 * g0 - 4 * l1 + l2) / (2 * s);
    const right = (-3 * g0 + 4 * r1 - r2) / (2 * s);
    const noise = (16 * EPS * Math.max(Math.abs(g0), Math.abs(l1), Math.abs(l2), Math.abs(r1), Math.abs(r2), termScale)) / s;
    return { gap: Math.abs(left - right), noise };
  };
  const coarse = gap(h);
  const fine = gap(h / 16);
  // A stencil that leaves the finite part of f (a domain edge) is treated as a kink too.
  if (!Number.isFinite(coarse.gap) || !Number.isFinite(fine.gap)) return true;
  return fine.gap > 0.25 * coarse.gap && fine.gap > 10 * fine.noise;
}

/** One point of a derivative: where, the derivative there, the central difference, and their relative error. */
export interface PointValues {
  x: number;
  params: number[];
  analytic: number;
  numeric: number;
  relError: number;
}

export interface DerivativeCheck {
  /** 'x', or the parameter's name. */
  variable: string;
  maxRelError: number;
  worst: PointValues | null;
  /** Points compared with differences. */
  checked: number;
  /** Points where f is finite but the derivative is NaN, and the first of them. */
  nan: number;
  firstNaN: { x: number; f: number } | null;
  /** Points not compared: at kinks or jumps, where the stencil leaves f's domain, or the derivative is infinite. */
  skipped: number;
  passed: boolean;
}

export interface GradientReport {
  activation: string;
  params: number[];
  tolerance: number;
  absoluteBelow: number;
  /** Inputs where f is finite, and where it is not (outside its domain, or overflowing). */
  points: number;
  undefinedPoints: number;
  derivatives: DerivativeCheck[];
  passed: boolean;
}

export interface GradientCheckOptions {
  /** Parameter values; default the declared defaults. */
  params?: Params;
  xs?: readonly number[];
  tolerance?: number;
  /** Derivatives smaller than this are compared absolutely against it (0: strictly relative, as the catalog tests). */
  absoluteBelow?: number;
  /**
   * Allow for f being a sum of terms as large as |x| that cancel (|x − c| + min(x, −1) is c at x = −1e20, but
   * float64 keeps none of it), whose rounding the differences cannot see in f itself. Default true; the catalog
   * tests, whose entries avoid such cancellation, check strictly.
   */
  cancellingTerms?: boolean;
}

function newCheck(variable: string): DerivativeCheck {
  return { variable, maxRelError: 0, worst: null, checked: 0, nan: 0, firstNaN: null, skipped: 0, passed: true };
}

/** Checks ∂f/∂x and every ∂f/∂p of `a`'s float64 reference at each x for one parameter vector. */
export function checkGradients(a: ElementwiseActivation, options: GradientCheckOptions = {}): GradientReport {
  const p = Array.from(options.params ?? a.params.map((s) => s.default));
  const { xs = CHECK_X, tolerance = GRADIENT_TOLERANCE, absoluteBelow = ABSOLUTE_BELOW } = options;
  const checks = [newCheck('x'), ...a.params.map((s) => newCheck(s.name))];
  const settings = { tolerance, absoluteBelow, cancellingTerms: options.cancellingTerms ?? true };
  let points = 0;
  let undefinedPoints = 0;
  const length = a.lengthScale?.(p) ?? 1;
  for (const x of xs) {
    // Periodic entries are checked where their phase is still resolvable in float64.
    if (a.noLimitAtInfinity && Math.abs(x) > 1e6 * length) continue;
    const fx = a.ref.f(x, p);
    if (!Number.isFinite(fx)) {
      undefinedPoints++;
      continue;
    }
    points++;
    checkInput(a, p, x, fx, checks[0], settings);
    a.params.forEach((_, j) => checkParameter(a, p, j, x, fx, checks[j + 1], settings));
  }
  for (const c of checks) c.passed = c.nan === 0 && c.maxRelError <= tolerance;
  return { activation: a.name, params: p, tolerance, absoluteBelow, points, undefinedPoints, derivatives: checks, passed: checks.every((c) => c.passed) };
}

interface Settings {
  tolerance: number;
  absoluteBelow: number;
  cancellingTerms: boolean;
}

/** Compares with differences, and skips the point (false) where they cannot judge or f has a kink there. */
function compare(check: DerivativeCheck, s: Settings, analytic: number, g: (t: number) => number, t: number, h: number, floor: number, x: number): Difference | null {
  const termScale = s.cancellingTerms ? Math.abs(x) : 0;
  const d = compareWithDifferences(analytic, g, t, h, floor, { absoluteBelow: s.absoluteBelow, termScale });
  if (!Number.isFinite(d.relError) || (d.relError > s.tolerance && isKink(g, t, Math.max(h, 16 * floor), termScale))) {
    check.skipped++;
    return null;
  }
  return d;
}

/** Counts a NaN derivative; true when the derivative can be compared (finite). */
function comparable(check: DerivativeCheck, analytic: number, x: number, fx: number): boolean {
  if (Number.isNaN(analytic)) {
    check.nan++;
    check.firstNaN ??= { x, f: fx };
    return false;
  }
  if (!Number.isFinite(analytic)) check.skipped++;
  return Number.isFinite(analytic);
}

function record(check: DerivativeCheck, d: Difference, point: Omit<PointValues, 'numeric' | 'relError'>): void {
  check.checked++;
  if (d.relError > check.maxRelError) {
    check.maxRelError = d.relError;
    check.worst = { ...point, numeric: d.numeric, relError: d.relError };
  }
}

function checkInput(a: ElementwiseActivation, p: number[], x: number, fx: number, check: DerivativeCheck, s: Settings): void {
  const analytic = a.ref.dfdx(x, p);
  if (!comparable(check, analytic, x, fx)) return;
  const length = a.lengthScale?.(p) ?? 1;
  const kinkDistance = Math.min(Infinity, ...a.kinks(p).map((k) => Math.abs(x - k)));
  const h = Math.min(1e-3 * length * (a.noLimitAtInfinity ? 1 : Math.max(1, Math.abs(x) / length)), kinkDistance / 3);
  const floor = 1e-9 * Math.max(1, Math.abs(x));
  const g = (t: number) => a.ref.f(t, p);
  if (h < floor) {
    check.skipped++;
    return;
  }
  const d = compare(check, s, analytic, g, x, h, floor, x);
  if (d !== null) record(check, d, { x, params: p, analytic });
}

function checkParameter(a: ElementwiseActivation, p: number[], j: number, x: number, fx: number, check: DerivativeCheck, s: Settings): void {
  const analytic = a.ref.dfdp[j](x, p);
  if (!comparable(check, analytic, x, fx)) return;
  const spec = a.params[j];
  const pj = p[j];
  let hp = 1e-4 * Math.max(1, Math.abs(pj));
  // Keep the stencil inside the valid range, and the kinks (which move with p) away from x.
  const room = Math.min(pj - spec.min, spec.max - pj);
  if (room <= 2 * hp) hp = room / 3;
  const floor = 1e-12 * Math.max(1, Math.abs(pj));
  if (!(hp > floor) || kinkSweepsPast(a, p, j, x, hp)) {
    check.skipped++;
    return;
  }
  const q = p.slice();
  const g = (t: number) => {
    q[j] = t;
    return a.ref.f(x, q);
  };
  const d = compare(check, s, analytic, g, pj, hp, floor, x);
  if (d !== null) record(check, d, { x, params: p, analytic });
}

/** Whether a kink sweeps past x while parameter j moves across the stencil (threshold/β moves by 2hp·threshold/β²). */
function kinkSweepsPast(a: ElementwiseActivation, p: number[], j: number, x: number, hp: number): boolean {
  const kinks = a.kinks(p);
  if (kinks.length === 0) return false;
  const moved = p.slice();
  moved[j] = p[j] + 2 * hp;
  const above = a.kinks(moved);
  moved[j] = p[j] - 2 * hp;
  const below = a.kinks(moved);
  return kinks.some((k, i) => {
    const lo = Math.min(k, above[i], below[i]);
    const hi = Math.max(k, above[i], below[i]);
    return x >= lo - 3 * hp - 1e-12 && x <= hi + 3 * hp + 1e-12;
  });
}

/** A derivative refused by the gradient check: exit code 2 (the definition is the user's input). */
export class GradientCheckError extends UsageError {
  constructor(
    message: string,
    readonly report: GradientReport,
  ) {
    super(message);
  }
}

const formatParams = (a: ElementwiseActivation, p: readonly number[]) => a.params.map((s, j) => `${s.name} = ${p[j]}`).join(', ');

/** What is wrong with derivative check `c` of `report`, in words: where it is NaN, or its worst point and both values. */
export function describeDerivative(a: ElementwiseActivation, report: GradientReport, c: DerivativeCheck): string {
  const where = (x: number) => `x = ${x}${a.params.length > 0 ? ` (${formatParams(a, report.params)})` : ''}`;
  if (c.firstNaN !== null) {
    return `∂f/∂${c.variable} is NaN at ${where(c.firstNaN.x)}, where f = ${c.firstNaN.f} (${c.nan} such point${c.nan === 1 ? '' : 's'})`;
  }
  if (c.worst === null) return `∂f/∂${c.variable} was compared nowhere`;
  const w = c.worst;
  return (
    `∂f/∂${c.variable} disagrees with central differences of f: at ${where(w.x)} it is ${w.analytic}, the differences give ${w.numeric} ` +
    `(relative error ${w.relError.toPrecision(3)}, tolerance ${report.tolerance.toExponential()})`
  );
}

/** checkGradients, throwing a GradientCheckError that names the worst point and both values when a derivative fails. */
export function assertGradients(a: ElementwiseActivation, options: GradientCheckOptions = {}): GradientReport {
  const report = checkGradients(a, options);
  if (!report.passed) {
    // A NaN first (it stops training), else the largest error.
    const failed = report.derivatives.filter((c) => !c.passed);
    const c = failed.find((d) => d.nan > 0) ?? failed.reduce((u, v) => (v.maxRelError > u.maxRelError ? v : u));
    throw new GradientCheckError(`${a.name}: ${describeDerivative(a, report, c)}`, report);
  }
  return report;
}
