// The arithmetic of Padé activation units P(x)/Q(x): value and every derivative at one x in one pass, free of
// overflow at large |x| (evaluated in t = 1/x there), and the real roots where a safe denominator has a kink.

/** How the denominator is kept away from 0 (Molina et al. 2020; their code's versions A, B, C). */
export type SafeVersion = 'A' | 'B' | 'C';

/** Q(x) for S(x) = Σ_{k=1..n} q_k·x^k: A 1 + Σ|q_k·x^k|, B 1 + |S(x)|, C 0.1 + |S(x)|. */
export const DENOMINATOR_FLOOR: Record<SafeVersion, number> = { A: 1, B: 1, C: 0.1 };

/** f, ∂f/∂x and ∂f/∂p_j (j = 0..m), ∂f/∂q_k (k = 1..n, at index k − 1), written into `out`. */
export interface RationalPoint {
  f: number;
  dfdx: number;
  dp: Float64Array;
  dq: Float64Array;
}

export function rationalPoint(m: number, n: number): RationalPoint {
  return { f: 0, dfdx: 0, dp: new Float64Array(m + 1), dq: new Float64Array(n) };
}

/**
 * x^e for |x| > 1 (or ±∞) and a small integer e of either sign, by repeated multiplication (Math.pow is slow here):
 * a product that overflows is ∞ as x^e is, and its reciprocal 0 as x^(−|e|) is.
 */
function power(x: number, e: number): number {
  let r = 1;
  for (let i = Math.abs(e); i > 0; i--) r *= x;
  return e < 0 ? 1 / r : r;
}

/** a·b, 0 where b is 0 and a is not NaN (a power that overflowed times a zero coefficient). */
const times = (a: number, b: number) => (b === 0 && a === a ? 0 : a * b);

/**
 * Evaluates at x with numerator p (m + 1 values) and denominator q (n values, q_1..q_n), reading them at
 * p[pAt + j], q[qAt + k − 1]. |x| ≤ 1 directly; beyond, with t = 1/x: P = x^m·P̃(t), S = x^n·S̃(t), and every
 * result as a power of x times a ratio of polynomials in t, so nothing overflows that has a finite value.
 */
export function evaluateRational(
  x: number, version: SafeVersion, p: ArrayLike<number>, pAt: number, m: number, q: ArrayLike<number>, qAt: number, n: number, out: RationalPoint,
): void {
  if (Math.abs(x) <= 1 || x !== x) evaluateNear(x, version, p, pAt, m, q, qAt, n, out);
  else evaluateFar(x, version, p, pAt, m, q, qAt, n, out);
}

function evaluateNear(x: number, version: SafeVersion, p: ArrayLike<number>, pAt: number, m: number, q: ArrayLike<number>, qAt: number, n: number, out: RationalPoint): void {
  let num = 0, dnum = 0;
  for (let j = m; j >= 0; j--) {
    dnum = dnum * x + num;
    num = num * x + p[pAt + j];
  }
  // s = S(x), ds = S'(x); for A, s = Σ|q_k||x|^k and ds = Σ k|q_k||x|^(k−1).
  const absolute = version === 'A', y = absolute ? Math.abs(x) : x;
  let s = 0, ds = 0;
  for (let k = n; k >= 1; k--) {
    ds = ds * y + s;
    s = s * y + (absolute ? Math.abs(q[qAt + k - 1]) : q[qAt + k - 1]);
  }
  // Horner gave Σ c_k·y^(k−1) and its derivative; one more factor y: S = y·s, S' = s + y·ds.
  ds = ds * y + s;
  s *= y;
  const sign = absolute ? 1 : Math.sign(s);
  const den = DENOMINATOR_FLOOR[version] + (absolute ? s : Math.abs(s));
  const dden = absolute ? Math.sign(x) * ds : sign * ds;
  out.f = num / den;
  out.dfdx = dnum / den - (out.f * dden) / den;
  let xj = 1;
  for (let j = 0; j <= m; j++, xj *= x) out.dp[j] = xj / den;
  let xk = x;
  for (let k = 1; k <= n; k++, xk *= x) {
    const dq = absolute ? Math.sign(q[qAt + k - 1]) * Math.abs(xk) : sign * xk;
    out.dq[k - 1] = (-out.f * dq) / den;
  }
}

function evaluateFar(x: number, version: SafeVersion, p: ArrayLike<number>, pAt: number, m: number, q: ArrayLike<number>, qAt: number, n: number, out: RationalPoint): void {
  const t = 1 / x, at = Math.abs(t), absolute = version === 'A';
  // P̃(t) = Σ p_j t^(m−j), P̃'(t) = Σ j·p_j t^(m−j) (so that P'(x) = x^(m−1)·P̃').
  let pt = 0, dpt = 0;
  for (let j = 0; j <= m; j++) {
    pt = pt * t + p[pAt + j];
    dpt = dpt * t + j * p[pAt + j];
  }
  // S̃(t) = Σ c_k t^(n−k) and S̃'(t) = Σ k·c_k t^(n−k), with c_k = |q_k| and |t| for A.
  let st = 0, dst = 0;
  for (let k = 1; k <= n; k++) {
    const c = absolute ? Math.abs(q[qAt + k - 1]) : q[qAt + k - 1];
    st = st * (absolute ? at : t) + c;
    dst = dst * (absolute ? at : t) + k * c;
  }
  const floorTerm = DENOMINATOR_FLOOR[version] * power(at, n);
  const qt = floorTerm + (absolute ? st : Math.abs(st));
  const slope = absolute ? dst : Math.sign(st) * dst;
  // sign(x)^n: Q = |x|^n·Q̃ = sn·x^n·Q̃.
  const sn = n % 2 === 0 || x > 0 ? 1 : -1;
  out.f = sn * times(power(x, m - n), pt / qt);
  out.dfdx = sn * times(power(x, m - n - 1), dpt / qt - (pt * slope) / (qt * qt));
  // x^(j−n) for j = 0..m by one multiplication each, from x^(−n); far out (x^n ≈ ∞) each power on its own.
  let xj = power(x, -n);
  const stepwise = Math.abs(x) < 1e30;
  for (let j = 0; j <= m; j++, xj *= x) out.dp[j] = (sn * (stepwise ? xj : power(x, j - n))) / qt;
  const sx = Math.sign(x), common = pt / (qt * qt);
  let xk = power(x, m + 1 - 2 * n);
  for (let k = 1; k <= n; k++, xk *= x) {
    // A: ∂Q/∂q_k = sign(q_k)·|x|^k = sign(q_k)·sign(x)^k·x^k; B, C: sign(S)·x^k = sn·sign(S̃)·x^k.
    const factor = absolute ? Math.sign(q[qAt + k - 1]) * (k % 2 === 0 ? 1 : sx) : sn * Math.sign(st);
    out.dq[k - 1] = -times(stepwise ? xk : power(x, m + k - 2 * n), factor * common);
  }
}

/** f alone: P/Q directly for |x| ≤ 1, else x^(m−n)·P̃(t)/Q̃(t) as evaluateFar. */
export function rationalValue(x: number, version: SafeVersion, p: ArrayLike<number>, pAt: number, m: number, q: ArrayLike<number>, qAt: number, n: number): number {
  const absolute = version === 'A', floor = DENOMINATOR_FLOOR[version];
  if (Math.abs(x) <= 1 || x !== x) {
    const y = absolute ? Math.abs(x) : x;
    let num = 0, s = 0;
    for (let j = m; j >= 0; j--) num = num * x + p[pAt + j];
    for (let k = n; k >= 1; k--) s = (s + (absolute ? Math.abs(q[qAt + k - 1]) : q[qAt + k - 1])) * y;
    return num / (floor + Math.abs(s));
  }
  const t = 1 / x, at = Math.abs(t);
  let pt = 0, st = 0;
  for (let j = 0; j <= m; j++) pt = pt * t + p[pAt + j];
  for (let k = 1; k <= n; k++) st = st * (absolute ? at : t) + (absolute ? Math.abs(q[qAt + k - 1]) : q[qAt + k - 1]);
  const sn = n % 2 === 0 || x > 0 ? 1 : -1;
  return sn * times(power(x, m - n), pt / (floor * power(at, n) + Math.abs(st)));
}

/** Real roots of Σ_{i=0..d} c_i·x^i (c in ascending order): sign changes on a grid inside Cauchy's bound, bisected. */
export function realRoots(c: readonly number[]): number[] {
  let d = c.length - 1;
  while (d > 0 && c[d] === 0) d--;
  if (d <= 0) return [];
  const bound = 1 + Math.max(...c.slice(0, d).map((v) => Math.abs(v / c[d])));
  const value = (x: number) => {
    let v = 0;
    for (let i = d; i >= 0; i--) v = v * x + c[i];
    return v;
  };
  const roots: number[] = [];
  const steps = 1024;
  let x0 = -bound, v0 = value(x0);
  for (let i = 1; i <= steps; i++) {
    const x1 = -bound + (2 * bound * i) / steps, v1 = value(x1);
    if (v1 === 0) roots.push(x1);
    else if (v0 !== 0 && Math.sign(v0) !== Math.sign(v1)) roots.push(bisect(value, x0, x1, v0));
    x0 = x1;
    v0 = v1;
  }
  return roots;
}

function bisect(value: (x: number) => number, lo: number, hi: number, vLo: number): number {
  for (let i = 0; i < 200 && lo < hi; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    const v = value(mid);
    if (v === 0) return mid;
    if (Math.sign(v) === Math.sign(vLo)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
