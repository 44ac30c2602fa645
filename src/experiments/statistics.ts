// Statistics for comparing activations over seeds: mean and sample standard deviation, Student's t interval of a mean,
// and the two-sided sign test of paired differences. Plain float64; exact enough for reports (≤ 1e-10 relative).

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n − 1 in the denominator); NaN for fewer than 2 values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error below 1e-15). */
export function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the incomplete beta function (modified Lentz), valid for x < (a + 1)/(a + b + 2). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    for (const num of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b), x in [0, 1]. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom (bisection on the CDF, to 1e-12). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`studentTQuantile needs 0 < p < 1 and df > 0, got p = ${p}, df = ${df}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  while (hi - lo > 1e-12 * Math.max(1, hi)) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A mean with its two-sided confidence interval. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
}

/** The mean of `values` and its Student t confidence interval at `level` (0.95: 95 %); low = high = NaN for n < 2. */
export function tInterval(values: readonly number[], level = 0.95): Interval {
  const m = mean(values);
  if (values.length < 2) return { mean: m, low: NaN, high: NaN };
  const half = studentTQuantile(1 - (1 - level) / 2, values.length - 1) * (sampleSd(values) / Math.sqrt(values.length));
  return { mean: m, low: m - half, high: m + half };
}

/** The sign test of paired differences: how many are above and below 0 (ties dropped), and the two-sided p-value. */
export interface SignTest {
  positive: number;
  negative: number;
  ties: number;
  p: number;
}

/** Two-sided exact sign test: p = min(1, 2·P(X ≤ min(k⁺, k⁻))), X ~ Binomial(k⁺ + k⁻, ½); p = 1 when every pair ties. */
export function signTest(differences: readonly number[]): SignTest {
  const positive = differences.filter((d) => d > 0).length;
  const negative = differences.filter((d) => d < 0).length;
  const n = positive + negative;
  const k = Math.min(positive, negative);
  return { positive, negative, ties: differences.length - n, p: n === 0 ? 1 : Math.min(1, 2 * binomialLowerTail(k, n)) };
}

/** P(X ≤ k) for X ~ Binomial(n, ½): exact sums of binomial coefficients while they fit a float64, logs beyond. */
function binomialLowerTail(k: number, n: number): number {
  if (n > 1000) {
    let tail = 0;
    for (let i = 0; i <= k; i++) tail += Math.exp(lnGamma(n + 1) - lnGamma(i + 1) - lnGamma(n - i + 1) - n * Math.LN2);
    return tail;
  }
  let coefficient = 1;
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += coefficient;
    coefficient = (coefficient * (n - i)) / (i + 1);
  }
  return sum * 2 ** -n;
}
