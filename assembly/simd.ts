// Partial-vector helpers: loop tails and matrix edges reuse the SIMD code path instead of a scalar copy.

/** Loads `n` ∈ 0..4 floats from `ptr` into the low lanes; the other lanes are 0 (nothing past them is read). */
// @ts-ignore: decorator
@inline export function loadPartial(ptr: usize, n: i32): v128 {
  if (n >= 4) return v128.load(ptr);
  if (n == 3) return f32x4.replace_lane(v128.load64_zero(ptr), 2, load<f32>(ptr, 8));
  if (n == 2) return v128.load64_zero(ptr);
  if (n == 1) return v128.load32_zero(ptr);
  return f32x4.splat(0);
}

/** Stores the low `n` ∈ 0..4 lanes of `v` at `ptr`; nothing past them is written. */
// @ts-ignore: decorator
@inline export function storePartial(ptr: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(ptr, v);
  } else {
    if (n >= 2) v128.store64_lane(ptr, v, 0);
    if (n == 3) v128.store32_lane(ptr, v, 2, 8);
    if (n == 1) v128.store32_lane(ptr, v, 0);
  }
}

/** Horizontal sums of four vectors: [Σa, Σb, Σc, Σd] (a 4×4 transpose fused with the adds). */
// @ts-ignore: decorator
@inline export function hsum4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(f32x4.shuffle(a, b, 0, 4, 1, 5), f32x4.shuffle(a, b, 2, 6, 3, 7));
  const cd = f32x4.add(f32x4.shuffle(c, d, 0, 4, 1, 5), f32x4.shuffle(c, d, 2, 6, 3, 7));
  return f32x4.add(f32x4.shuffle(ab, cd, 0, 1, 4, 5), f32x4.shuffle(ab, cd, 2, 3, 6, 7));
}
