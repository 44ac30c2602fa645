// Activation functions and their derivatives over float32 arrays in linear memory, four lanes at a time.
// Each activation exports
//   activation_<name>_forward(x, y, p0, p1, period, n):   y[i] = f(x[i]; p0[i % period], p1[i % period])
//   activation_<name>_backward(x, dy, dx, p0, p1, dp0, dp1, period, n):
//     dx[i] = dy[i]·∂f/∂x and dpj[k] += Σ_{i % period = k} dy[i]·∂f/∂pj (dpj = 0: not wanted),
// with byte-offset pointers and element counts, the contract of ElementwiseKernels (src/activations/types.ts).
// Terms with dy = 0 add nothing, even where ∂f/∂p is infinite, as in the JS kernels. y may alias x and dx dy.
//
// Period 1 (one parameter set per layer) splats the parameters and runs over x as one column of 4-lane rows;
// a longer period runs over columns of 4 slots, down the rows, so the parameters, what is derived from them
// (ln α, 1/α) and the dp sums stay in registers for a whole column. The formulas follow the float64
// references in src/activations/ branch for branch, in the same overflow- and cancellation-free forms.
import { loadPartial, storePartial } from './simd';
import { ROUNDING_SHIFT_BITS, exp, expNonPositive, expm1Reduced, reduceByLn2, roundingShifted, scaleNonPositive } from './exp';

// ─── Vector math. No lookup tables: the module must stay free of static data. ───

// @ts-ignore: decorator
@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** Lanes where x is NaN. */
// @ts-ignore: decorator
@inline function isNaN(x: v128): v128 {
  return f32x4.ne(x, x);
}

/** x where x is NaN, v elsewhere: the references' `x !== x ? x : …`. */
// @ts-ignore: decorator
@inline function keepNaN(x: v128, v: v128): v128 {
  return v128.bitselect(x, v, isNaN(x));
}

/** x·g, but 0 where g is 0 and x is not NaN (also at x = ±∞, where IEEE gives NaN): math.ts's timesVanishing. */
// @ts-ignore: decorator
@inline function timesVanishing(x: v128, g: v128): v128 {
  return v128.andnot(f32x4.mul(x, g), v128.and(f32x4.eq(g, splat(0)), f32x4.eq(x, x)));
}

/** a·b + c: one Horner step. */
// @ts-ignore: decorator
@inline function mulAdd(a: v128, b: v128, c: f32): v128 {
  return f32x4.add(f32x4.mul(a, b), f32x4.splat(c));
}

/** eᶻ − 1 given ez = eᶻ: its Taylor polynomial for |z| < 0.35, where ez − 1 would cancel (truncation < 1e-8). */
// @ts-ignore: decorator
@inline function expm1From(z: v128, ez: v128): v128 {
  let p = splat(<f32>(1.0 / 40320));
  p = mulAdd(p, z, <f32>(1.0 / 5040));
  p = mulAdd(p, z, <f32>(1.0 / 720));
  p = mulAdd(p, z, <f32>(1.0 / 120));
  p = mulAdd(p, z, <f32>(1.0 / 24));
  p = mulAdd(p, z, <f32>(1.0 / 6));
  p = mulAdd(p, z, 0.5);
  const series = f32x4.add(z, f32x4.mul(f32x4.mul(z, z), p));
  return v128.bitselect(series, f32x4.sub(ez, splat(1)), f32x4.lt(f32x4.abs(z), splat(0.35)));
}

/** e·ln2 + ln(1 + f) for f ∈ [√½ − 1, √2 − 1] (Cephes logf's polynomial, ln2 split in two); relative error ~1e-7. */
// @ts-ignore: decorator
@inline function logReduced(f: v128, e: v128): v128 {
  const z = f32x4.mul(f, f);
  let p = splat(7.0376836292e-2);
  p = mulAdd(p, f, -1.1514610310e-1);
  p = mulAdd(p, f, 1.1676998740e-1);
  p = mulAdd(p, f, -1.2420140846e-1);
  p = mulAdd(p, f, 1.4249322787e-1);
  p = mulAdd(p, f, -1.6668057665e-1);
  p = mulAdd(p, f, 2.0000714765e-1);
  p = mulAdd(p, f, -2.4999993993e-1);
  p = mulAdd(p, f, 3.3333331174e-1);
  let y = f32x4.mul(f32x4.mul(p, f), z);
  y = f32x4.add(y, f32x4.mul(e, splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, splat(0.5)));
  return f32x4.add(f32x4.add(f, y), f32x4.mul(e, splat(0.693359375)));
}

/**
 * ln x as Cephes logf: x = m·2ᵉ with m ∈ [√½, √2) and a polynomial in m − 1; relative error ~1e-7, subnormals
 * included. ln 0 = −∞, ln ∞ = ∞, NaN for x < 0 and for NaN.
 */
// @ts-ignore: decorator
@inline function log(x: v128): v128 {
  // Subnormals are scaled by 2²⁵ first, so that their exponent field is meaningful.
  const tiny = f32x4.lt(x, splat(1.17549435e-38));
  const bits = v128.bitselect(f32x4.mul(x, splat(33554432.0)), x, tiny);
  let e = i32x4.sub(i32x4.shr_u(bits, 23), v128.bitselect(i32x4.splat(151), i32x4.splat(126), tiny));
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000)); // in [½, 1)
  // Below √½ take 2m and e − 1, so the polynomial's argument stays within [√½ − 1, √2 − 1].
  const low = f32x4.lt(m, splat(0.707106781186547524));
  e = i32x4.add(e, low);
  m = f32x4.sub(f32x4.add(m, v128.and(m, low)), splat(1));
  const r = logReduced(m, f32x4.convert_i32x4_s(e));
  // 0 → −∞; x < 0 → all bits set, a NaN; ∞ and NaN → themselves.
  const special = v128.bitselect(splat(-Infinity), v128.or(x, f32x4.lt(x, splat(0))), f32x4.eq(x, splat(0)));
  return v128.bitselect(r, special, v128.and(f32x4.gt(x, splat(0)), f32x4.lt(x, splat(Infinity))));
}

/**
 * log1p(v) for v ∈ [0, 1] (NaN passes): 1 + v = 2ᵉ(1 + f) with f = v, or (v − 1)/2 above √2 − 1, both formed
 * without rounding 1 + v, so small v keep their digits; then logReduced.
 */
// @ts-ignore: decorator
@inline function log1pUnit(v: v128): v128 {
  const halve = f32x4.gt(v, splat(0.41421356237309505));
  const f = v128.bitselect(f32x4.mul(f32x4.sub(v, splat(1)), splat(0.5)), v, halve);
  return logReduced(f, v128.and(splat(1), halve));
}

/**
 * log1p(v)/v from u = 1 + v rounded and lnU = ln u: ln(u)/(u − 1), which cancels the rounding of u (Goldberg's
 * log1p; a few ulps for any v > −1), and 1 where u rounds to 1. Not for u = ∞.
 */
// @ts-ignore: decorator
@inline function log1pRatio(u: v128, lnU: v128): v128 {
  return v128.bitselect(splat(1), f32x4.div(lnU, f32x4.sub(u, splat(1))), f32x4.eq(u, splat(1)));
}

/** Σ c_k·w^k for c = (−1)^k (k + 1)/(k + 2): ψ(w) = (log1p(w) − w/(1 + w))/w², truncated for |w| < 0.1 (soft-exponential.ts). */
// @ts-ignore: decorator
@inline function logRemainderSeries(w: v128): v128 {
  let p = splat(<f32>(-8.0 / 9));
  p = mulAdd(p, w, <f32>(7.0 / 8));
  p = mulAdd(p, w, <f32>(-6.0 / 7));
  p = mulAdd(p, w, <f32>(5.0 / 6));
  p = mulAdd(p, w, <f32>(-4.0 / 5));
  p = mulAdd(p, w, <f32>(3.0 / 4));
  p = mulAdd(p, w, <f32>(-2.0 / 3));
  return mulAdd(p, w, 0.5);
}

/** ((z − 1)eᶻ + 1)/z² = Σ_{m≥2} (m − 1)/m!·z^{m−2}, truncated for |z| < 0.1 (soft-exponential.ts). */
// @ts-ignore: decorator
@inline function expCurvatureSeries(z: v128): v128 {
  let p = splat(<f32>(7.0 / 40320));
  p = mulAdd(p, z, <f32>(6.0 / 5040));
  p = mulAdd(p, z, <f32>(5.0 / 720));
  p = mulAdd(p, z, <f32>(4.0 / 120));
  p = mulAdd(p, z, <f32>(3.0 / 24));
  p = mulAdd(p, z, <f32>(2.0 / 6));
  return mulAdd(p, z, 0.5);
}

/** y = eˣ elementwise (a parameter trained as θ = ln p read as p); y may alias x. */
export function exp_values(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + (<usize>i << 2), exp(v128.load(x + (<usize>i << 2))));
  if (i < n) storePartial(y + (<usize>i << 2), exp(loadPartial(x + (<usize>i << 2), n - i)), n - i);
}

// ─── The activations. ───
//
// Each is a class used only as a type: the drivers call its @inline methods on changetype<A>(0), so nothing
// is allocated and everything inlines into the loops. Methods:
//   paramCount(): parameters it reads (0..2);
//   prepareA/prepareB(q0, q1): per-slot values derived from the parameter vectors, hoisted out of the rows;
//   variant(q0, q1, valid): the code for these four slots (lanes in `valid`): VARIANT_MAIN, VARIANT_OTHER (a
//     second specialisation) or VARIANT_RARE (general code for rare columns, run a row at a time);
//   apply(x, q0, q1, a, b, variant, backward): f(x) when backward is false; else ∂f/∂x, leaving ∂f/∂p0 and
//   ∂f/∂p1 in the globals below (wasm has no second return value without memory).
// backward and variant are compile-time constants at every call, so each instantiation keeps only its branch.

const VARIANT_MAIN = 0;
const VARIANT_OTHER = 1;
const VARIANT_RARE = 2;

let gradP0: v128 = f32x4.splat(0);
let gradP1: v128 = f32x4.splat(0);
/** adaptiveGumbel's σ, left by gumbelTail beside the tail it returns. */
let gumbelSigma: v128 = f32x4.splat(0);

/** relu: max(0, x); ∂/∂x = [x > 0] (0 at 0). */
class Relu {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 0;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return q0;
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return q1;
  }
  // @ts-ignore: decorator
  @inline variant(q0: v128, q1: v128, valid: v128): i32 {
    return VARIANT_MAIN;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, q0: v128, q1: v128, a: v128, b: v128, variant: i32, backward: bool): v128 {
    if (!backward) return v128.andnot(x, f32x4.le(x, splat(0)));
    return keepNaN(x, v128.and(splat(1), f32x4.gt(x, splat(0))));
  }
}

/** prelu (and leakyRelu): x for x > 0, a·x otherwise (0, not NaN, for a = 0 at x = −∞); ∂/∂x = 1 or a, ∂/∂a = x for x ≤ 0. */
class Prelu {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 1;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return q0;
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return q1;
  }
  // @ts-ignore: decorator
  @inline variant(q0: v128, q1: v128, valid: v128): i32 {
    return VARIANT_MAIN;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, slope: v128, q1: v128, a: v128, b: v128, variant: i32, backward: bool): v128 {
    const positive = f32x4.gt(x, splat(0));
    if (!backward) return v128.bitselect(x, timesVanishing(x, slope), positive);
    gradP0 = v128.andnot(x, positive);
    return keepNaN(x, v128.bitselect(splat(1), slope, positive));
  }
}

/** learnableLinear: k0 + k1·x (k1·x = 0 for k1 = 0 at x = ±∞); ∂/∂x = k1, ∂/∂k0 = 1, ∂/∂k1 = x. */
class LearnableLinear {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 2;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return q0;
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return q1;
  }
  // @ts-ignore: decorator
  @inline variant(q0: v128, q1: v128, valid: v128): i32 {
    return VARIANT_MAIN;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, k0: v128, k1: v128, a: v128, b: v128, variant: i32, backward: bool): v128 {
    if (!backward) return f32x4.add(k0, timesVanishing(x, k1));
    gradP0 = keepNaN(x, splat(1));
    gradP1 = x;
    return keepNaN(x, k1);
  }
}

/** sigmoid: σ(x) = 1/(1 + e^(−x)) from e = e^(−|x|), so nothing overflows; ∂/∂x = e/(1 + e)². */
class Sigmoid {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 0;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return q0;
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return q1;
  }
  // @ts-ignore: decorator
  @inline variant(q0: v128, q1: v128, valid: v128): i32 {
    return VARIANT_MAIN;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, q0: v128, q1: v128, a: v128, b: v128, variant: i32, backward: bool): v128 {
    const e = expNonPositive(f32x4.neg(f32x4.abs(x)));
    const d = f32x4.add(splat(1), e);
    if (!backward) return f32x4.div(v128.bitselect(splat(1), e, f32x4.ge(x, splat(0))), d);
    return f32x4.div(e, f32x4.mul(d, d));
  }
}

/** tanh: sign(x)·(1 − t)/(1 + t) with t = e^(−2|x|), 1 − t taken as −expm1; ∂/∂x = 4t/(1 + t)² (no 1 − tanh² cancellation). */
class Tanh {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 0;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return q0;
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return q1;
  }
  // @ts-ignore: decorator
  @inline variant(q0: v128, q1: v128, valid: v128): i32 {
    return VARIANT_MAIN;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, q0: v128, q1: v128, a: v128, b: v128, variant: i32, backward: bool): v128 {
    const z = f32x4.mul(f32x4.abs(x), splat(-2));
    const t = expNonPositive(z);
    const d = f32x4.add(splat(1), t);
    if (backward) return f32x4.div(f32x4.mul(splat(4), t), f32x4.mul(d, d));
    const magnitude = f32x4.abs(f32x4.div(f32x4.neg(expm1From(z, t)), d));
    return v128.or(magnitude, v128.and(x, i32x4.splat(0x80000000)));
  }
}

/**
 * swish: x·σ(u), u = βx (u = 0 for β = 0, where swish is x/2 even at x = ±∞); ∂/∂x = σ(u) + u·σ'(u),
 * ∂/∂β = x·(x·σ'(u)), σ' = e/(1 + e)² with e = e^(−|u|); products with a vanished factor are 0.
 */
class Swish {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 1;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return q0;
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return q1;
  }
  // @ts-ignore: decorator
  @inline variant(q0: v128, q1: v128, valid: v128): i32 {
    return VARIANT_MAIN;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, beta: v128, q1: v128, a: v128, b: v128, variant: i32, backward: bool): v128 {
    const u = timesVanishing(x, beta);
    const e = expNonPositive(f32x4.neg(f32x4.abs(u)));
    const inv = f32x4.div(splat(1), f32x4.add(splat(1), e));
    const sigma = f32x4.mul(v128.bitselect(splat(1), e, f32x4.ge(u, splat(0))), inv);
    if (!backward) return timesVanishing(x, sigma);
    const slope = f32x4.mul(f32x4.mul(e, inv), inv);
    gradP0 = timesVanishing(x, timesVanishing(x, slope));
    return f32x4.add(sigma, timesVanishing(u, slope));
  }
}

/** Keeps v where x > 0 or x is NaN, else 0: the x ≤ 0 side of adaptiveRelu (v is NaN wherever x is). */
// @ts-ignore: decorator
@inline function positiveSide(x: v128, v: v128): v128 {
  return v128.and(v, v128.or(f32x4.gt(x, splat(0)), isNaN(x)));
}

/**
 * adaptiveRelu: −x·expm1(−αx) for x > 0, else 0; ∂/∂x = −expm1(−αx) + αx·e^(−αx), ∂/∂α = x·(x·e^(−αx)),
 * each 0 for x ≤ 0 and with vanished products 0 (no ∞·0 at x = ∞).
 */
class AdaptiveRelu {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 1;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return q0;
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return q1;
  }
  // @ts-ignore: decorator
  @inline variant(q0: v128, q1: v128, valid: v128): i32 {
    return VARIANT_MAIN;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, alpha: v128, q1: v128, a: v128, b: v128, variant: i32, backward: bool): v128 {
    const ax = f32x4.mul(alpha, x);
    const z = f32x4.neg(ax);
    const decay = expNonPositive(z); // z > 0 only where x ≤ 0, whose lanes are discarded
    const em1 = expm1From(z, decay);
    if (!backward) return positiveSide(x, f32x4.neg(f32x4.mul(x, em1)));
    gradP0 = positiveSide(x, timesVanishing(x, timesVanishing(x, decay)));
    return positiveSide(x, f32x4.sub(timesVanishing(ax, decay), em1));
  }
}

/**
 * pelu: (a/b)·x for x ≥ 0, a·expm1(x/b) for x < 0, as parametric-elu.ts; ∂/∂x = a/b or (a/b)·eᵘ (u = x/b),
 * ∂/∂a = u or expm1(u), ∂/∂b = −(a/b)·u or −(a/b)·u·eᵘ (0 once eᵘ vanishes). prepareA = a/b, prepareB = 1/b.
 */
class Pelu {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 2;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return f32x4.div(q0, q1);
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return f32x4.div(splat(1), q1);
  }
  // @ts-ignore: decorator
  @inline variant(q0: v128, q1: v128, valid: v128): i32 {
    return VARIANT_MAIN;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, scale: v128, q1: v128, slope: v128, invB: v128, variant: i32, backward: bool): v128 {
    const linear = f32x4.ge(x, splat(0));
    const u = f32x4.mul(x, invB);
    // u > 0 only where x ≥ 0, whose lanes take the linear branch.
    const e = expNonPositive(f32x4.pmin(u, splat(0)));
    const em1 = expm1From(u, e);
    if (!backward) return v128.bitselect(f32x4.mul(slope, x), f32x4.mul(scale, em1), linear);
    gradP0 = v128.bitselect(u, em1, linear);
    gradP1 = f32x4.neg(f32x4.mul(slope, v128.bitselect(u, timesVanishing(u, e), linear)));
    return keepNaN(x, v128.bitselect(slope, f32x4.mul(slope, e), linear));
  }
}

/**
 * adaptiveGumbel: 1 − (1 + αeˣ)^(−1/α) = −expm1(−E), as adaptive.ts, with E = softplus(t)/α, t = x + ln α,
 * softplus(t) = max(t, 0) + log1p(v) and v = e^(−|t|) (αeˣ below t = 0, its inverse above): one exp serves
 * both sides, and nothing overflows. (adaptive.ts keeps αeˣ itself below t = 0 so that the rounding of t
 * stays out of the far left tail; in float32 that rounding, ≤ ulp(x)·σ, is far inside the tolerances.)
 * ∂/∂x = e^(−E)·σ(t)/α with σ(t) = (v or 1)/(1 + v) — the references' exp(x − (1 + 1/α)·s) without
 * another exp; ∂/∂α = −e^(−E)·e^(2x)·ψ(αeˣ) for αeˣ < 0.1, else −e^(−E)·(softplus(t) − σ(t))/α², 0 once e^(−E)
 * vanishes. prepareA = ln α, prepareB = 1/α.
 */
class AdaptiveGumbel {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 1;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return log(q0);
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return f32x4.div(splat(1), q0);
  }
  // @ts-ignore: decorator
  @inline variant(q0: v128, q1: v128, valid: v128): i32 {
    return VARIANT_MAIN;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, alpha: v128, q1: v128, logAlpha: v128, invAlpha: v128, variant: i32, backward: bool): v128 {
    const t = f32x4.add(x, logAlpha);
    const v = gumbelV(t), softplusT = gumbelSoftplus(t, v);
    const tail = gumbelTail(softplusT, invAlpha);
    if (!backward) return gumbelSigma;
    return gumbelSlopeFromParts(t, v, softplusT, tail, invAlpha);
  }
}

// adaptiveGumbel in two halves, so that a training forward can keep the first for backward: the parts of
// t = x + ln α (v = e^(−|t|), s = softplus(t), tail = e^(−s/α) = 1 − σ), then σ or its derivatives from them.

// @ts-ignore: decorator
@inline function gumbelV(t: v128): v128 {
  return expNonPositive(f32x4.neg(f32x4.abs(t)));
}

/** softplus(t) = max(t, 0) + log1p(v); NaN t passes on (the comparison is false for NaN). */
// @ts-ignore: decorator
@inline function gumbelSoftplus(t: v128, v: v128): v128 {
  return f32x4.add(v128.andnot(t, f32x4.lt(t, splat(0))), log1pUnit(v));
}

/**
 * tail = e^(−s/α) as expNonPositive computes it, leaving σ = 1 − tail = −expm1(−s/α) in gumbelSigma: where the
 * reduction leaves n = 0 (s/α ≤ ln2/2) expm1 is the reduced polynomial r + r²·P(r) itself, before the 1 is added,
 * so small σ keep their digits without a series of their own; elsewhere 1 − tail does not cancel.
 */
// @ts-ignore: decorator
@inline function gumbelTail(softplusT: v128, invAlpha: v128): v128 {
  const z = f32x4.neg(f32x4.mul(softplusT, invAlpha));
  // expNonPositive(z), keeping em1 and n.
  const zc = f32x4.pmax(z, splat(-87.3));
  const shifted = roundingShifted(zc);
  const em1 = expm1Reduced(reduceByLn2(zc, shifted));
  const tail = scaleNonPositive(z, shifted, em1);
  gumbelSigma = v128.bitselect(f32x4.neg(em1), f32x4.sub(splat(1), tail), i32x4.eq(shifted, i32x4.splat(ROUNDING_SHIFT_BITS)));
  return tail;
}

/** ∂σ/∂x, leaving ∂σ/∂α in gradP0. */
// @ts-ignore: decorator
@inline function gumbelSlopeFromParts(t: v128, v: v128, softplusT: v128, tail: v128, invAlpha: v128): v128 {
  const below = f32x4.lt(t, splat(0));
  const sigmaT = f32x4.div(v128.bitselect(v, splat(1), below), f32x4.add(splat(1), v));
  const slope = f32x4.mul(f32x4.mul(tail, sigmaT), invAlpha);
  const closed = timesVanishing(f32x4.mul(f32x4.mul(f32x4.sub(softplusT, sigmaT), invAlpha), invAlpha), tail);
  // Below t = ln 0.1, v = αeˣ and e^(2x) = (v/α)².
  const ex = f32x4.mul(v, invAlpha);
  const series = f32x4.mul(f32x4.mul(tail, f32x4.mul(ex, ex)), logRemainderSeries(v));
  gradP0 = f32x4.neg(v128.bitselect(series, closed, v128.and(below, f32x4.lt(v, splat(0.1)))));
  return slope;
}

/**
 * softExponential for α > 0, z = αx: f = (eᶻ + (α − 1)(α + 1))/α for z < −ln 2, expm1(z)/α + α above;
 * ∂/∂x = eᶻ; ∂/∂α = 1 + x²·Σ(z) for |z| < 0.1, else 1 + ((z − 1)eᶻ + 1)/α/α (the curvature as z·eᶻ − expm1(z) for z ≤ 1).
 */
// @ts-ignore: decorator
@inline function softExpPositive(x: v128, alpha: v128, invAlpha: v128, backward: bool): v128 {
  const z = f32x4.mul(alpha, x);
  const ez = exp(z);
  const em1 = expm1From(z, ez);
  if (!backward) {
    const low = f32x4.mul(f32x4.add(ez, f32x4.mul(f32x4.sub(alpha, splat(1)), f32x4.add(alpha, splat(1)))), invAlpha);
    const high = f32x4.add(f32x4.mul(em1, invAlpha), alpha);
    return v128.bitselect(low, high, f32x4.lt(z, splat(-0.693147180559945309)));
  }
  const aboveOne = f32x4.add(f32x4.mul(f32x4.sub(z, splat(1)), ez), splat(1));
  // e^z = 0 (z = −∞): the curvature is 1, not −∞·0.
  const belowOne = v128.bitselect(splat(1), f32x4.sub(f32x4.mul(z, ez), em1), f32x4.eq(ez, splat(0)));
  const curvature = v128.bitselect(aboveOne, belowOne, f32x4.gt(z, splat(1)));
  const closed = f32x4.mul(f32x4.mul(curvature, invAlpha), invAlpha);
  const series = f32x4.mul(f32x4.mul(x, x), expCurvatureSeries(z));
  gradP0 = f32x4.add(splat(1), v128.bitselect(series, closed, f32x4.lt(f32x4.abs(z), splat(0.1))));
  return ez;
}

/**
 * softExponential for α < 0: f = −ln(u)/α with u = (1 − α)(1 + α) − αx (prepared as c = (1 − α)(1 + α)), ln u as
 * log1p(w), w = −α(x + α), for |w| < 0.5; u clamped at 1e-6 (f = −ln(1e-6)/α, ∂/∂x = 0, ∂/∂α = ln(1e-6)/α²).
 * ∂/∂x = 1/u; ∂/∂α = s²ψ(w) + 1/u (s = x + α) for |w| < 0.1, else (ln u − w/u)/α/α + 1/u (w/u = 1 at u = ∞).
 */
// @ts-ignore: decorator
@inline function softExpNegative(x: v128, alpha: v128, invAlpha: v128, c: v128, backward: bool): v128 {
  const LN_FLOOR: f32 = -13.815510557964274; // ln(1e-6), soft-exponential.ts's LOG_ARGUMENT_FLOOR
  const u = f32x4.sub(c, f32x4.mul(alpha, x));
  const clamped = f32x4.lt(u, splat(1e-6));
  const s = f32x4.add(x, alpha);
  const w = f32x4.neg(f32x4.mul(alpha, s));
  const absW = f32x4.abs(w);
  const nearOne = f32x4.lt(absW, splat(0.5));
  const logArgument = v128.bitselect(f32x4.add(splat(1), w), u, nearOne);
  const logOfArgument = log(logArgument);
  const lnU = v128.bitselect(f32x4.mul(w, log1pRatio(logArgument, logOfArgument)), logOfArgument, nearOne);
  if (!backward) return f32x4.mul(v128.bitselect(splat(-LN_FLOOR), f32x4.neg(lnU), clamped), invAlpha);
  const invU = f32x4.div(splat(1), u);
  const wOverU = v128.bitselect(splat(1), f32x4.mul(w, invU), f32x4.eq(u, splat(Infinity)));
  const closed = f32x4.add(f32x4.mul(f32x4.mul(f32x4.sub(lnU, wOverU), invAlpha), invAlpha), invU);
  const series = f32x4.add(f32x4.mul(f32x4.mul(s, s), logRemainderSeries(w)), invU);
  const unclamped = v128.bitselect(series, closed, f32x4.lt(absW, splat(0.1)));
  gradP0 = v128.bitselect(f32x4.mul(f32x4.mul(splat(LN_FLOOR), invAlpha), invAlpha), unclamped, clamped);
  return v128.andnot(invU, clamped);
}

/** softExponential for α = 0: f = x, ∂/∂x = 1, ∂/∂α = 1 + x²/2. */
// @ts-ignore: decorator
@inline function softExpZero(x: v128, backward: bool): v128 {
  if (!backward) return x;
  gradP0 = f32x4.add(splat(1), f32x4.mul(f32x4.mul(x, x), splat(0.5)));
  return keepNaN(x, splat(1));
}

/**
 * softExponential: −ln(1 − α(x + α))/α for α < 0, x for α = 0, (e^(αx) − 1)/α + α for α > 0, as
 * soft-exponential.ts. Four slots that share the sign of α run only that branch; mixed slots (or α = 0) all three.
 * prepareA = 1/α, prepareB = (1 − α)(1 + α).
 */
class SoftExponential {
  // @ts-ignore: decorator
  @inline paramCount(): i32 {
    return 1;
  }
  // @ts-ignore: decorator
  @inline prepareA(q0: v128, q1: v128): v128 {
    return f32x4.div(splat(1), q0);
  }
  // @ts-ignore: decorator
  @inline prepareB(q0: v128, q1: v128): v128 {
    return f32x4.mul(f32x4.sub(splat(1), q0), f32x4.add(splat(1), q0));
  }
  // @ts-ignore: decorator
  @inline variant(alpha: v128, q1: v128, valid: v128): i32 {
    if (i32x4.all_true(v128.or(f32x4.gt(alpha, splat(0)), v128.not(valid)))) return VARIANT_MAIN; // α > 0
    if (i32x4.all_true(v128.or(f32x4.lt(alpha, splat(0)), v128.not(valid)))) return VARIANT_OTHER; // α < 0
    return VARIANT_RARE;
  }
  // @ts-ignore: decorator
  @inline apply(x: v128, alpha: v128, q1: v128, invAlpha: v128, c: v128, variant: i32, backward: bool): v128 {
    if (variant == VARIANT_MAIN) return softExpPositive(x, alpha, invAlpha, backward);
    if (variant == VARIANT_OTHER) return softExpNegative(x, alpha, invAlpha, c, backward);
    const positive = f32x4.gt(alpha, splat(0)), negative = f32x4.lt(alpha, splat(0));
    const pos = softExpPositive(x, alpha, invAlpha, backward);
    const posGrad = gradP0;
    const neg = softExpNegative(x, alpha, invAlpha, c, backward);
    const negGrad = gradP0;
    const zero = softExpZero(x, backward);
    if (backward) gradP0 = v128.bitselect(posGrad, v128.bitselect(negGrad, gradP0, negative), positive);
    return v128.bitselect(pos, v128.bitselect(neg, zero, negative), positive);
  }
}

// ─── Drivers: rows × slots loops shared by every activation. ───
//
// A column is `rows` vectors of k ∈ 1..4 lanes, `stride` bytes apart from byte offset o, then `tail` (< k, may
// be ≤ 0) lanes of a last, partial row. Period 1 is a single column of stride 16; a longer period is ⌈period/4⌉
// columns of stride 4·period. The column functions are generic but not inlined: one instance per activation
// and variant keeps the module small. The formulas are long dependency chains (an exp is some twenty dependent
// operations), so full columns take four rows per iteration, whose chains the CPU can overlap.

/** Lanes 0..k−1 set. */
// @ts-ignore: decorator
@inline function laneMask(k: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(k));
}

/** dy·∂f/∂p, 0 where dy is 0. */
// @ts-ignore: decorator
@inline function weighted(dy: v128, d: v128): v128 {
  return v128.and(f32x4.mul(dy, d), f32x4.ne(dy, splat(0)));
}

/** Lanes in row r of a column: k, or `tail` for the partial row after the last full one. */
// @ts-ignore: decorator
@inline function lanesOfRow(r: i32, rows: i32, k: i32, tail: i32): i32 {
  return r < rows ? k : tail;
}

/** Rows in a column, the partial one included. */
// @ts-ignore: decorator
@inline function rowsWithTail(rows: i32, tail: i32): i32 {
  return tail > 0 ? rows + 1 : rows;
}

/** y = f(x) down one column. */
function forwardColumn<A>(x: usize, y: usize, o: usize, stride: usize, rows: i32, k: i32, tail: i32, q0: v128, q1: v128): void {
  const act = changetype<A>(0);
  const a = act.prepareA(q0, q1), b = act.prepareB(q0, q1);
  const variant = act.variant(q0, q1, laneMask(k));
  if (variant == VARIANT_OTHER) forwardRows<A>(x, y, o, stride, rows, k, tail, q0, q1, a, b, VARIANT_OTHER);
  else if (variant == VARIANT_RARE) forwardRows<A>(x, y, o, stride, rows, k, tail, q0, q1, a, b, VARIANT_RARE);
  else forwardRows<A>(x, y, o, stride, rows, k, tail, q0, q1, a, b, VARIANT_MAIN);
}

// @ts-ignore: decorator
@inline function forwardRows<A>(x: usize, y: usize, o: usize, stride: usize, rows: i32, k: i32, tail: i32, q0: v128, q1: v128, a: v128, b: v128, variant: i32): void {
  const act = changetype<A>(0);
  let at = o, r = 0;
  if (k == 4 && variant != VARIANT_RARE) {
    // Loads first, stores last: y may alias x, so a store would otherwise hold back the next row's load.
    for (; r + 4 <= rows; r += 4) {
      const x0 = v128.load(x + at), x1 = v128.load(x + at + stride), x2 = v128.load(x + at + 2 * stride), x3 = v128.load(x + at + 3 * stride);
      const y0 = act.apply(x0, q0, q1, a, b, variant, false);
      const y1 = act.apply(x1, q0, q1, a, b, variant, false);
      const y2 = act.apply(x2, q0, q1, a, b, variant, false);
      const y3 = act.apply(x3, q0, q1, a, b, variant, false);
      v128.store(y + at, y0);
      v128.store(y + at + stride, y1);
      v128.store(y + at + 2 * stride, y2);
      v128.store(y + at + 3 * stride, y3);
      at += 4 * stride;
    }
  }
  for (const end = rowsWithTail(rows, tail); r < end; r++) {
    const lanes = lanesOfRow(r, rows, k, tail);
    storePartial(y + at, act.apply(loadPartial(x + at, lanes), q0, q1, a, b, variant, false), lanes);
    at += stride;
  }
}

// @ts-ignore: decorator
@inline function forwardAll<A>(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  if (period == 1) {
    forwardColumn<A>(x, y, 0, 16, n >> 2, 4, n & 3, f32x4.splat(load<f32>(p0)), f32x4.splat(load<f32>(p1)));
    return;
  }
  const rows = n / period, rest = n - rows * period, stride = <usize>period << 2;
  for (let j = 0; j < period; j += 4) {
    const o = <usize>j << 2, k = min(4, period - j);
    forwardColumn<A>(x, y, o, stride, rows, k, min(k, rest - j), loadPartial(p0 + o, k), loadPartial(p1 + o, k));
  }
}

/** dx = dy·∂f/∂x down one column, and dp += Σ dy·∂f/∂p per lane, or summed over lanes into one slot (period 1). */
function backwardColumn<A>(
  x: usize, dy: usize, dx: usize, o: usize, stride: usize, rows: i32, k: i32, tail: i32,
  q0: v128, q1: v128, dp0: usize, dp1: usize, acrossLanes: bool,
): void {
  const act = changetype<A>(0);
  const a = act.prepareA(q0, q1), b = act.prepareB(q0, q1);
  const variant = act.variant(q0, q1, laneMask(k));
  if (variant == VARIANT_OTHER) backwardRows<A>(x, dy, dx, o, stride, rows, k, tail, q0, q1, a, b, VARIANT_OTHER, dp0, dp1, acrossLanes);
  else if (variant == VARIANT_RARE) backwardRows<A>(x, dy, dx, o, stride, rows, k, tail, q0, q1, a, b, VARIANT_RARE, dp0, dp1, acrossLanes);
  else backwardRows<A>(x, dy, dx, o, stride, rows, k, tail, q0, q1, a, b, VARIANT_MAIN, dp0, dp1, acrossLanes);
}

// @ts-ignore: decorator
@inline function backwardRows<A>(
  x: usize, dy: usize, dx: usize, o: usize, stride: usize, rows: i32, k: i32, tail: i32,
  q0: v128, q1: v128, a: v128, b: v128, variant: i32, dp0: usize, dp1: usize, acrossLanes: bool,
): void {
  const act = changetype<A>(0);
  let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0);
  let at = o, r = 0;
  if (k == 4 && variant != VARIANT_RARE) {
    // Loads first, stores last, as in forwardRows.
    for (; r + 4 <= rows; r += 4) {
      const x0 = v128.load(x + at), x1 = v128.load(x + at + stride), x2 = v128.load(x + at + 2 * stride), x3 = v128.load(x + at + 3 * stride);
      const g0 = v128.load(dy + at), g1 = v128.load(dy + at + stride), g2 = v128.load(dy + at + 2 * stride), g3 = v128.load(dy + at + 3 * stride);
      const d0 = act.apply(x0, q0, q1, a, b, variant, true);
      let sum0 = weighted(g0, gradP0), sum1 = weighted(g0, gradP1);
      const d1 = act.apply(x1, q0, q1, a, b, variant, true);
      sum0 = f32x4.add(sum0, weighted(g1, gradP0));
      sum1 = f32x4.add(sum1, weighted(g1, gradP1));
      const d2 = act.apply(x2, q0, q1, a, b, variant, true);
      sum0 = f32x4.add(sum0, weighted(g2, gradP0));
      sum1 = f32x4.add(sum1, weighted(g2, gradP1));
      const d3 = act.apply(x3, q0, q1, a, b, variant, true);
      sum0 = f32x4.add(sum0, weighted(g3, gradP0));
      sum1 = f32x4.add(sum1, weighted(g3, gradP1));
      v128.store(dx + at, f32x4.mul(g0, d0));
      v128.store(dx + at + stride, f32x4.mul(g1, d1));
      v128.store(dx + at + 2 * stride, f32x4.mul(g2, d2));
      v128.store(dx + at + 3 * stride, f32x4.mul(g3, d3));
      if (act.paramCount() > 0) acc0 = f32x4.add(acc0, sum0);
      if (act.paramCount() > 1) acc1 = f32x4.add(acc1, sum1);
      at += 4 * stride;
    }
  }
  for (const end = rowsWithTail(rows, tail); r < end; r++) {
    const lanes = lanesOfRow(r, rows, k, tail);
    // Lanes past `lanes` load as 0, so their dy = 0 adds nothing below.
    const g = loadPartial(dy + at, lanes);
    storePartial(dx + at, f32x4.mul(g, act.apply(loadPartial(x + at, lanes), q0, q1, a, b, variant, true)), lanes);
    if (act.paramCount() > 0) acc0 = f32x4.add(acc0, weighted(g, gradP0));
    if (act.paramCount() > 1) acc1 = f32x4.add(acc1, weighted(g, gradP1));
    at += stride;
  }
  if (act.paramCount() > 0 && dp0 != 0) addGradient(dp0 + (acrossLanes ? 0 : o), acc0, k, acrossLanes);
  if (act.paramCount() > 1 && dp1 != 0) addGradient(dp1 + (acrossLanes ? 0 : o), acc1, k, acrossLanes);
}

/** dp[0..k) += acc's lanes, or dp[0] += their sum. */
// @ts-ignore: decorator
@inline function addGradient(dp: usize, acc: v128, k: i32, acrossLanes: bool): void {
  if (acrossLanes) {
    const sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    store<f32>(dp, load<f32>(dp) + sum);
  } else {
    storePartial(dp, f32x4.add(loadPartial(dp, k), acc), k);
  }
}

// @ts-ignore: decorator
@inline function backwardAll<A>(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  if (period == 1) {
    backwardColumn<A>(x, dy, dx, 0, 16, n >> 2, 4, n & 3, f32x4.splat(load<f32>(p0)), f32x4.splat(load<f32>(p1)), dp0, dp1, true);
    return;
  }
  const rows = n / period, rest = n - rows * period, stride = <usize>period << 2;
  for (let j = 0; j < period; j += 4) {
    const o = <usize>j << 2, k = min(4, period - j);
    backwardColumn<A>(x, dy, dx, o, stride, rows, k, min(k, rest - j), loadPartial(p0 + o, k), loadPartial(p1 + o, k), dp0, dp1, false);
  }
}

/** forwardAll over rows r0..r1 of `period` values each: one thread's share of a call. */
// @ts-ignore: decorator
@inline function forwardRowRange<A>(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  const o = (<usize>r0 * <usize>period) << 2;
  forwardAll<A>(x + o, y + o, p0, p1, period, (r1 - r0) * period);
}

/**
 * backwardAll over rows r0..r1 (r0 a multiple of blockRows), block by block: block b's parameter-gradient sums
 * overwrite its own `period` slots at dp + b·period, which sum_blocks then adds up in block order. Blocks depend
 * on the shape only, so the sums are the same whichever thread computes a block, and for any thread count.
 */
// @ts-ignore: decorator
@inline function backwardRowRange<A>(
  x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32,
): void {
  const slotBytes = <usize>period << 2;
  for (let start = r0; start < r1; start += blockRows) {
    const block = <usize>(start / blockRows);
    const d0: usize = dp0 == 0 ? 0 : dp0 + block * slotBytes, d1: usize = dp1 == 0 ? 0 : dp1 + block * slotBytes;
    if (d0 != 0) memory.fill(d0, 0, slotBytes);
    if (d1 != 0) memory.fill(d1, 0, slotBytes);
    const o = <usize>start * slotBytes;
    backwardAll<A>(x + o, dy + o, dx + o, p0, p1, d0, d1, period, (min(r1, start + blockRows) - start) * period);
  }
}

// ─── Exports: p0/p1 point at `period` values each (unused ones may be 0), dp0/dp1 may be 0. ───
// The *_rows forms take a row range last, so GemmPool can split them over threads (see backwardRowRange).

export function activation_relu_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<Relu>(x, y, p0, p1, period, n);
}
export function activation_relu_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<Relu>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_relu_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<Relu>(x, y, p0, p1, period, r0, r1);
}
export function activation_relu_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<Relu>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

export function activation_prelu_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<Prelu>(x, y, p0, p1, period, n);
}
export function activation_prelu_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<Prelu>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_prelu_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<Prelu>(x, y, p0, p1, period, r0, r1);
}
export function activation_prelu_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<Prelu>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

export function activation_learnable_linear_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<LearnableLinear>(x, y, p0, p1, period, n);
}
export function activation_learnable_linear_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<LearnableLinear>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_learnable_linear_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<LearnableLinear>(x, y, p0, p1, period, r0, r1);
}
export function activation_learnable_linear_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<LearnableLinear>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

export function activation_sigmoid_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<Sigmoid>(x, y, p0, p1, period, n);
}
export function activation_sigmoid_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<Sigmoid>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_sigmoid_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<Sigmoid>(x, y, p0, p1, period, r0, r1);
}
export function activation_sigmoid_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<Sigmoid>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

export function activation_tanh_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<Tanh>(x, y, p0, p1, period, n);
}
export function activation_tanh_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<Tanh>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_tanh_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<Tanh>(x, y, p0, p1, period, r0, r1);
}
export function activation_tanh_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<Tanh>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

export function activation_swish_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<Swish>(x, y, p0, p1, period, n);
}
export function activation_swish_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<Swish>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_swish_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<Swish>(x, y, p0, p1, period, r0, r1);
}
export function activation_swish_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<Swish>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

export function activation_adaptive_relu_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<AdaptiveRelu>(x, y, p0, p1, period, n);
}
export function activation_adaptive_relu_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<AdaptiveRelu>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_adaptive_relu_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<AdaptiveRelu>(x, y, p0, p1, period, r0, r1);
}
export function activation_adaptive_relu_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<AdaptiveRelu>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

export function activation_adaptive_gumbel_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<AdaptiveGumbel>(x, y, p0, p1, period, n);
}
export function activation_adaptive_gumbel_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<AdaptiveGumbel>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_adaptive_gumbel_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<AdaptiveGumbel>(x, y, p0, p1, period, r0, r1);
}
export function activation_adaptive_gumbel_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<AdaptiveGumbel>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

export function activation_soft_exponential_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<SoftExponential>(x, y, p0, p1, period, n);
}
export function activation_soft_exponential_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<SoftExponential>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_soft_exponential_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<SoftExponential>(x, y, p0, p1, period, r0, r1);
}
export function activation_soft_exponential_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<SoftExponential>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

export function activation_pelu_forward(x: usize, y: usize, p0: usize, p1: usize, period: i32, n: i32): void {
  forwardAll<Pelu>(x, y, p0, p1, period, n);
}
export function activation_pelu_backward(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, n: i32): void {
  backwardAll<Pelu>(x, dy, dx, p0, p1, dp0, dp1, period, n);
}
export function activation_pelu_forward_rows(x: usize, y: usize, p0: usize, p1: usize, period: i32, r0: i32, r1: i32): void {
  forwardRowRange<Pelu>(x, y, p0, p1, period, r0, r1);
}
export function activation_pelu_backward_rows(x: usize, dy: usize, dx: usize, p0: usize, p1: usize, dp0: usize, dp1: usize, period: i32, blockRows: i32, r0: i32, r1: i32): void {
  backwardRowRange<Pelu>(x, dy, dx, p0, p1, dp0, dp1, period, blockRows, r0, r1);
}

// ─── adaptiveGumbel with the forward's parts kept for backward (saved: three planes of the layer's size,
// planeBytes apart: v, softplus(t), tail), over a row range like the *_rows kernels. ───

/** The saving forward's stores for one value-vector: σ into y, the parts of t into the three planes. */
// @ts-ignore: decorator
@inline function gumbelSavingStore(y: usize, saved: usize, planeBytes: usize, at: usize, k: i32, t: v128, invAlpha: v128): void {
  const v = gumbelV(t), softplusT = gumbelSoftplus(t, v);
  const tail = gumbelTail(softplusT, invAlpha);
  storePartial(y + at, gumbelSigma, k);
  storePartial(saved + at, v, k);
  storePartial(saved + planeBytes + at, softplusT, k);
  storePartial(saved + 2 * planeBytes + at, tail, k);
}

/** One value-vector of the saved backward: dx = dy·∂σ/∂x from the parts; returns dy·∂σ/∂α (0 where dy is). */
// @ts-ignore: decorator
@inline function gumbelSavedStep(x: usize, dy: usize, dx: usize, saved: usize, planeBytes: usize, at: usize, k: i32, logAlpha: v128, invAlpha: v128): v128 {
  const g = loadPartial(dy + at, k);
  const t = f32x4.add(loadPartial(x + at, k), logAlpha);
  const v = loadPartial(saved + at, k), softplusT = loadPartial(saved + planeBytes + at, k), tail = loadPartial(saved + 2 * planeBytes + at, k);
  storePartial(dx + at, f32x4.mul(g, gumbelSlopeFromParts(t, v, softplusT, tail, invAlpha)), k);
  return weighted(g, gradP0);
}

/**
 * The saving forward over the whole vectors at start, start + step, … below end (one slot pattern, so one α per
 * lane): four per iteration with all loads before any store, as forwardRows does (V8 keeps loads behind stores).
 */
// @ts-ignore: decorator
@inline function gumbelSavingRun(x: usize, y: usize, saved: usize, planeBytes: usize, start: usize, end: usize, step: usize, logAlpha: v128, invAlpha: v128): void {
  let at = start;
  for (; at + 3 * step < end; at += 4 * step) {
    const t0 = f32x4.add(v128.load(x + at), logAlpha), t1 = f32x4.add(v128.load(x + at + step), logAlpha);
    const t2 = f32x4.add(v128.load(x + at + 2 * step), logAlpha), t3 = f32x4.add(v128.load(x + at + 3 * step), logAlpha);
    gumbelSavingStore(y, saved, planeBytes, at, 4, t0, invAlpha);
    gumbelSavingStore(y, saved, planeBytes, at + step, 4, t1, invAlpha);
    gumbelSavingStore(y, saved, planeBytes, at + 2 * step, 4, t2, invAlpha);
    gumbelSavingStore(y, saved, planeBytes, at + 3 * step, 4, t3, invAlpha);
  }
  for (; at < end; at += step) gumbelSavingStore(y, saved, planeBytes, at, 4, f32x4.add(v128.load(x + at), logAlpha), invAlpha);
}

/** y = σ(x) for rows r0..r1, keeping the parts of each value in `saved`; full columns go four rows at a time. */
export function activation_adaptive_gumbel_forward_saving_rows(
  x: usize, y: usize, saved: usize, planeBytes: usize, p0: usize, period: i32, r0: i32, r1: i32,
): void {
  const stride = <usize>period << 2;
  for (let j = 0; j < period; j += 4) {
    const k = min(4, period - j), o = <usize>j << 2;
    // Lanes past k read α = 1 (a harmless value) and are never stored.
    const alpha = v128.bitselect(loadPartial(p0 + o, k), splat(1), laneMask(k));
    const logAlpha = log(alpha), invAlpha = f32x4.div(splat(1), alpha);
    const start = <usize>r0 * stride + o, end = <usize>r1 * stride;
    if (k == 4) gumbelSavingRun(x, y, saved, planeBytes, start, end, stride, logAlpha, invAlpha);
    else for (let at = start; at < end; at += stride) gumbelSavingStore(y, saved, planeBytes, at, k, f32x4.add(loadPartial(x + at, k), logAlpha), invAlpha);
  }
}

/**
 * dx = dy·∂σ/∂x from the kept parts, for rows r0..r1 in blocks of blockRows rows whose ∂L/∂α sums overwrite
 * their own slots at dp0 + block·period, as backwardRowRange does (dp0 = 0: no α gradient wanted).
 */
export function activation_adaptive_gumbel_backward_saved_rows(
  x: usize, dy: usize, dx: usize, saved: usize, planeBytes: usize, p0: usize, dp0: usize, period: i32, blockRows: i32, r0: i32, r1: i32,
): void {
  const stride = <usize>period << 2;
  for (let start = r0; start < r1; start += blockRows) {
    const block = <usize>(start / blockRows), stop = min(r1, start + blockRows);
    const dpBlock: usize = dp0 == 0 ? 0 : dp0 + block * stride;
    for (let j = 0; j < period; j += 4) {
      const k = min(4, period - j), o = <usize>j << 2;
      const alpha = v128.bitselect(loadPartial(p0 + o, k), splat(1), laneMask(k));
      const logAlpha = log(alpha), invAlpha = f32x4.div(splat(1), alpha);
      let acc = f32x4.splat(0);
      let at = <usize>start * stride + o;
      const end = <usize>stop * stride;
      if (k == 4) {
        // Four rows per iteration, each row's loads just before its store (measured faster here than loading ahead).
        for (; at + 3 * stride < end; at += 4 * stride) {
          let sum = gumbelSavedStep(x, dy, dx, saved, planeBytes, at, 4, logAlpha, invAlpha);
          sum = f32x4.add(sum, gumbelSavedStep(x, dy, dx, saved, planeBytes, at + stride, 4, logAlpha, invAlpha));
          sum = f32x4.add(sum, gumbelSavedStep(x, dy, dx, saved, planeBytes, at + 2 * stride, 4, logAlpha, invAlpha));
          acc = f32x4.add(acc, f32x4.add(sum, gumbelSavedStep(x, dy, dx, saved, planeBytes, at + 3 * stride, 4, logAlpha, invAlpha)));
        }
      }
      for (; at < end; at += stride) acc = f32x4.add(acc, gumbelSavedStep(x, dy, dx, saved, planeBytes, at, k, logAlpha, invAlpha));
      if (dpBlock != 0) storePartial(dpBlock + o, acc, k);
    }
  }
}

// ─── The same for small periods (a Table 1 layer of 10): the values as one flat run of vectors, whose slots
// repeat every lcm(period, 4) values, so no 4-slot column is partial and none is short. Vector v of the run
// reads the slots of pattern vector v mod patternVectors(period), gathered once per call. Not split over threads. ───

/** lcm(period, 4) / 4: vectors before the slot pattern repeats. */
// @ts-ignore: decorator
@inline function patternVectors(period: i32): i32 {
  return period % 4 == 0 ? period >> 2 : period % 2 == 0 ? period >> 1 : period;
}

/**
 * Writes ln α and 1/α of each pattern vector j (lane l: slot (4j + l) mod period) to scratch + 32j and
 * scratch + 32j + 16, for every pattern vector at once (their logs overlap); returns the pattern length.
 */
// @ts-ignore: decorator
@inline function gumbelPatterns(p0: usize, period: i32, scratch: usize): i32 {
  const vectors = patternVectors(period);
  let slot = 0;
  for (let j = 0; j < vectors; j++) {
    let alpha = f32x4.splat(load<f32>(p0 + (<usize>slot << 2)));
    slot = slot + 1 == period ? 0 : slot + 1;
    alpha = f32x4.replace_lane(alpha, 1, load<f32>(p0 + (<usize>slot << 2)));
    slot = slot + 1 == period ? 0 : slot + 1;
    alpha = f32x4.replace_lane(alpha, 2, load<f32>(p0 + (<usize>slot << 2)));
    slot = slot + 1 == period ? 0 : slot + 1;
    alpha = f32x4.replace_lane(alpha, 3, load<f32>(p0 + (<usize>slot << 2)));
    slot = slot + 1 == period ? 0 : slot + 1;
    v128.store(scratch + (<usize>j << 5), log(alpha));
    v128.store(scratch + (<usize>j << 5), f32x4.div(splat(1), alpha), 16);
  }
  return vectors;
}

/**
 * y = σ(x) over n values of a small period, keeping the parts in `saved` (planes planeBytes apart) and the
 * pattern's ln α and 1/α in `scratch` (32 bytes per pattern vector) for the saved backward.
 */
export function activation_adaptive_gumbel_forward_saving_flat(x: usize, y: usize, saved: usize, planeBytes: usize, p0: usize, period: i32, n: i32, scratch: usize): void {
  const vectors = gumbelPatterns(p0, period, scratch), full = n >> 2, step = <usize>vectors << 4;
  for (let v = 0; v < vectors && v <= full; v++) {
    const logAlpha = v128.load(scratch + (<usize>v << 5)), invAlpha = v128.load(scratch + (<usize>v << 5), 16);
    const end = <usize>full << 4;
    gumbelSavingRun(x, y, saved, planeBytes, <usize>v << 4, end, step, logAlpha, invAlpha);
    // The partial last vector, if it falls to this pattern vector.
    if ((n & 3) != 0 && full % vectors == v) gumbelSavingStore(y, saved, planeBytes, end, n & 3, f32x4.add(loadPartial(x + end, n & 3), logAlpha), invAlpha);
  }
}

/**
 * dx = dy·∂σ/∂x from the kept parts over n values of a small period; dp0[k] += Σ dy·∂σ/∂α (dp0 = 0: not wanted).
 * Reads the pattern's ln α and 1/α the saving forward left in `scratch`.
 */
export function activation_adaptive_gumbel_backward_saved_flat(
  x: usize, dy: usize, dx: usize, saved: usize, planeBytes: usize, dp0: usize, period: i32, n: i32, scratch: usize,
): void {
  const vectors = patternVectors(period), full = n >> 2, step = <usize>vectors << 4;
  // Slot of lane 0 of pattern vector v: 4v mod period, advanced without a division.
  let slot = 0;
  for (let v = 0; v < vectors && v <= full; v++) {
    const logAlpha = v128.load(scratch + (<usize>v << 5)), invAlpha = v128.load(scratch + (<usize>v << 5), 16);
    let acc = f32x4.splat(0);
    const end = <usize>full << 4;
    for (let at = <usize>v << 4; at < end; at += step) acc = f32x4.add(acc, gumbelSavedStep(x, dy, dx, saved, planeBytes, at, 4, logAlpha, invAlpha));
    if ((n & 3) != 0 && full % vectors == v) acc = f32x4.add(acc, gumbelSavedStep(x, dy, dx, saved, planeBytes, end, n & 3, logAlpha, invAlpha));
    for (let l = 0; l < 4; l++) {
      if (dp0 != 0) store<f32>(dp0 + (<usize>slot << 2), load<f32>(dp0 + (<usize>slot << 2)) + lane(acc, l));
      slot = slot + 1 == period ? 0 : slot + 1;
    }
  }
}

/** Lane l (0..3, not a constant) of v. */
// @ts-ignore: decorator
@inline function lane(v: v128, l: i32): f32 {
  return l == 0 ? f32x4.extract_lane(v, 0) : l == 1 ? f32x4.extract_lane(v, 1) : l == 2 ? f32x4.extract_lane(v, 2) : f32x4.extract_lane(v, 3);
}
