// Vector exponentials shared by the activation kernels (activations.ts) and the table kernels (basis.ts): the
// Cephes-style reduction x = n·ln2 + r with a polynomial for eʳ, and the cheaper form for arguments ≤ 0.

// @ts-ignore: decorator
@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** a·b + c: one Horner step. */
// @ts-ignore: decorator
@inline function mulAdd(a: v128, b: v128, c: f32): v128 {
  return f32x4.add(f32x4.mul(a, b), f32x4.splat(c));
}

/** eʳ − 1 = r + r²·P(r) for |r| ≤ ln2/2: Cephes expf's degree-5 P; no cancellation for small r. */
// @ts-ignore: decorator
@inline export function expm1Reduced(r: v128): v128 {
  let p = splat(1.9875691500e-4);
  p = mulAdd(p, r, 1.3981999507e-3);
  p = mulAdd(p, r, 8.3334519073e-3);
  p = mulAdd(p, r, 4.1665795894e-2);
  p = mulAdd(p, r, 1.6666665459e-1);
  p = mulAdd(p, r, 5.0000001201e-1);
  return f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r);
}

/** eʳ for |r| ≤ ln2/2: Cephes expf's polynomial; relative error ~1e-7. */
// @ts-ignore: decorator
@inline export function expReduced(r: v128): v128 {
  return f32x4.add(expm1Reduced(r), splat(1));
}

// Adding 1.5·2²³ rounds x·log2(e) to the nearest integer n and leaves n in the low mantissa bits.
export const ROUNDING_SHIFT: f32 = 12582912.0;
export const ROUNDING_SHIFT_BITS = 0x4b400000;

/** r = x − n·ln2 for the rounded n of `shifted` (ln2 split in two: n·0.693359375 is exact for |n| < 2¹⁵). */
// @ts-ignore: decorator
@inline export function reduceByLn2(x: v128, shifted: v128): v128 {
  const n = f32x4.sub(shifted, splat(ROUNDING_SHIFT));
  return f32x4.add(f32x4.sub(x, f32x4.mul(n, splat(0.693359375))), f32x4.mul(n, splat(2.12194440e-4)));
}

/**
 * eˣ as Cephes expf: x = n·ln2 + r with |r| ≤ ln2/2, then expReduced. 2ⁿ is applied as two factors, so results
 * reach the subnormals and overflow to ∞ exactly where float32 does. e^(−∞) = 0, e^∞ = ∞, NaN stays NaN.
 */
// @ts-ignore: decorator
@inline export function exp(x: v128): v128 {
  // Beyond these bounds the result is 0 or ∞ anyway; pmin/pmax pass NaN through.
  const xc = f32x4.pmax(f32x4.pmin(x, splat(89)), splat(-104));
  const shifted = roundingShifted(xc);
  const e = expReduced(reduceByLn2(xc, shifted));
  // n ∈ [−151, 128]: each half of it is a valid float32 exponent. (For NaN x, e is NaN whatever the scale.)
  const n = i32x4.sub(shifted, i32x4.splat(ROUNDING_SHIFT_BITS));
  const half = i32x4.shr_s(n, 1);
  const scale1 = i32x4.shl(i32x4.add(half, i32x4.splat(127)), 23);
  const scale2 = i32x4.shl(i32x4.add(i32x4.sub(n, half), i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(e, scale1), scale2);
}

/**
 * eˣ for x ≤ 0 (or where the result is discarded otherwise), cheaper than exp: no overflow to handle, and
 * results below 2⁻¹²⁶ (x < −87.3) flush to 0 instead of going subnormal. NaN stays NaN.
 */
// @ts-ignore: decorator
@inline export function expNonPositive(x: v128): v128 {
  const xc = f32x4.pmax(x, splat(-87.3));
  const shifted = roundingShifted(xc);
  return scaleNonPositive(x, shifted, expm1Reduced(reduceByLn2(xc, shifted)));
}

/** x·log2(e) + ROUNDING_SHIFT: the nearest integer n of x·log2(e) in the low mantissa bits. */
// @ts-ignore: decorator
@inline export function roundingShifted(x: v128): v128 {
  return f32x4.add(f32x4.mul(x, splat(1.44269504088896341)), splat(ROUNDING_SHIFT));
}

/** expNonPositive's result from its reduction (`shifted` from x ≥ −87.3, em1 = eʳ − 1): 2ⁿ(1 + em1), 0 below x = −87.3. */
// @ts-ignore: decorator
@inline export function scaleNonPositive(x: v128, shifted: v128, em1: v128): v128 {
  // n ≥ −126: a normal scale.
  const scale = i32x4.shl(i32x4.add(i32x4.sub(shifted, i32x4.splat(ROUNDING_SHIFT_BITS)), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(f32x4.add(em1, splat(1)), scale), f32x4.lt(x, splat(-87.3)));
}
