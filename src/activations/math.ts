// Float64 special functions shared by the activation families: erf/erfc (after Sun's fdlibm
// s_erf.c, relative error below 1e-15), the normal distribution, and overflow-free logistic
// helpers. Every function maps NaN to NaN and has its limit at ±∞.

// fdlibm s_erf.c coefficients (Copyright 1993 Sun Microsystems; freely distributable).
const ERX = 8.45062911510467529297e-1; // erf(1) rounded to single precision
const EFX = 1.28379167095512586316e-1; // 2/√π − 1
// erf(x) = x + x·P(x²)/Q(x²) on |x| < 0.84375
const PP = [1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const QQ = [1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.9602282787753681232e-6];
// erf(1 + s) = ERX + P(s)/Q(s) on 0.84375 ≤ |x| < 1.25
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1,
  3.54783043256182359371e-2, -2.166375594868790843e-3,
];
const QA = [
  1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2,
  1.1984499846799107417e-2,
];
// erfc(x) = exp(−x² − 0.5625 + R(1/x²)/S(1/x²))/x on 1.25 ≤ |x| < 1/0.35 (RA, SA) and beyond (RB, SB)
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2,
  -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592,
];
const SA = [
  1, 1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2,
  1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2,
];
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2,
  -1.02509513161107724954e3, -4.83519191608651397019e2,
];
const SB = [
  1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3,
  4.74528541206955367215e2, -2.24409524465858183362e1,
];

/** c[0] + c[1]·t + c[2]·t² + … by Horner's rule. */
function poly(c: readonly number[], t: number): number {
  let acc = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) acc = acc * t + c[i];
  return acc;
}

/**
 * erfc(a) for 1.25 ≤ a < 28. exp(−a²) is taken as exp(−z²)·exp((z − a)(z + a)) with z = a rounded
 * to single precision, so z² is exact in double and no relative error of a² reaches the tail.
 */
function erfcTail(a: number): number {
  const s = 1 / (a * a);
  const ratio = a < 1 / 0.35 ? poly(RA, s) / poly(SA, s) : poly(RB, s) / poly(SB, s);
  const z = Math.fround(a);
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - a) * (z + a) + ratio)) / a;
}

/** erf(x) = 2/√π ∫₀ˣ e^{−t²} dt; odd, erf(±∞) = ±1. */
export function erf(x: number): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -28) return x + EFX * x;
    const z = x * x;
    return x + x * (poly(PP, z) / poly(QQ, z));
  }
  const sign = x < 0 ? -1 : 1;
  if (a < 1.25) {
    const s = a - 1;
    return sign * (ERX + poly(PA, s) / poly(QA, s));
  }
  if (a >= 6) return sign; // 1 − erf(6) < 2.2e-17: rounds to 1
  return sign * (1 - erfcTail(a));
}

/** erfc(x) = 1 − erf(x), without cancellation for large x: erfc(10) = 2.09e-45; erfc(−∞) = 2. */
export function erfc(x: number): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  if (a < 0.84375) {
    if (a < 2 ** -56) return 1 - x;
    const z = x * x;
    const xr = x * (poly(PP, z) / poly(QQ, z));
    // Above 1/4, 1 − x would lose bits: fold the 1/2 into x first.
    return x < 0.25 ? 1 - (x + xr) : 0.5 - (x - 0.5 + xr);
  }
  if (a < 1.25) {
    const r = poly(PA, a - 1) / poly(QA, a - 1);
    return x > 0 ? 1 - ERX - r : 1 + (ERX + r);
  }
  if (x > 0) return x < 28 ? erfcTail(x) : 0; // erfc(27.3) is below the smallest subnormal
  return x > -6 ? 2 - erfcTail(a) : 2;
}

/** Standard normal density φ(x) = e^{−x²/2}/√(2π). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2, accurate in the left tail (Φ(−30) = 4.9e-198). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** Logistic sigmoid σ(x) = 1/(1 + e^{−x}), with no overflow of e^{−x} for negative x. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** σ'(x) = σ(x)·σ(−x) = e^{−|x|}/(1 + e^{−|x|})², symmetric and free of overflow. */
export function sigmoidDerivative(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return e / ((1 + e) * (1 + e));
}

/** softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}); softplus'(x) = σ(x). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * x·g for a factor g that vanishes faster than x grows (x·σ(x) as x → −∞): where g is 0 the
 * product is 0, also at x = ±∞ where IEEE gives ∞·0 = NaN. NaN in either stays NaN.
 */
export function timesVanishing(x: number, g: number): number {
  return g === 0 && x === x ? 0 : x * g;
}

/** n + 1 evenly spaced points from lo to hi. */
export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
}
