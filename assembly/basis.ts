// The Gaussian-RBF basis (src/activations/rbf-basis.ts) over a table of its G + 1 parameter pointers (base, w1..wG),
// four slots at a time:
//   activation_rbf_table_forward(x, y, table, size, width, period, n): y = base·silu(x) + Σ_g w_g·e^(−((x − c_g)/h)²),
//     c_g = −2 + g·h;
//   activation_rbf_table_backward(x, dy, dx, table, dtable, scratch, size, width, period, n): dx = dy·f',
//     dtable[j] += Σ dy·∂f/∂p_j per slot (0: not wanted); scratch holds G + 1 vectors of sums.
// Every exp here has an argument ≤ 0: expNonPositive, a copy of activations.ts's (that file's vector math is private to
// its module, whose exports are the WASM module's).
import { loadPartial, storePartial } from './simd';

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
@inline function expm1Reduced(r: v128): v128 {
  let p = splat(1.9875691500e-4);
  p = mulAdd(p, r, 1.3981999507e-3);
  p = mulAdd(p, r, 8.3334519073e-3);
  p = mulAdd(p, r, 4.1665795894e-2);
  p = mulAdd(p, r, 1.6666665459e-1);
  p = mulAdd(p, r, 5.0000001201e-1);
  return f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r);
}

// Adding 1.5·2²³ rounds x·log2(e) to the nearest integer n and leaves n in the low mantissa bits.
const ROUNDING_SHIFT: f32 = 12582912.0;
const ROUNDING_SHIFT_BITS = 0x4b400000;

/** r = x − n·ln2 for the rounded n of `shifted` (ln2 split in two: n·0.693359375 is exact for |n| < 2¹⁵). */
// @ts-ignore: decorator
@inline function reduceByLn2(x: v128, shifted: v128): v128 {
  const n = f32x4.sub(shifted, splat(ROUNDING_SHIFT));
  return f32x4.add(f32x4.sub(x, f32x4.mul(n, splat(0.693359375))), f32x4.mul(n, splat(2.12194440e-4)));
}

/**
 * eˣ for x ≤ 0 (or where the result is discarded otherwise), cheaper than exp: no overflow to handle, and
 * results below 2⁻¹²⁶ (x < −87.3) flush to 0 instead of going subnormal. NaN stays NaN.
 */
// @ts-ignore: decorator
@inline function expNonPositive(x: v128): v128 {
  const xc = f32x4.pmax(x, splat(-87.3));
  const shifted = roundingShifted(xc);
  return scaleNonPositive(x, shifted, expm1Reduced(reduceByLn2(xc, shifted)));
}

/** x·log2(e) + ROUNDING_SHIFT: the nearest integer n of x·log2(e) in the low mantissa bits. */
// @ts-ignore: decorator
@inline function roundingShifted(x: v128): v128 {
  return f32x4.add(f32x4.mul(x, splat(1.44269504088896341)), splat(ROUNDING_SHIFT));
}

/** expNonPositive's result from its reduction (`shifted` from x ≥ −87.3, em1 = eʳ − 1): 2ⁿ(1 + em1), 0 below x = −87.3. */
// @ts-ignore: decorator
@inline function scaleNonPositive(x: v128, shifted: v128, em1: v128): v128 {
  // n ≥ −126: a normal scale.
  const scale = i32x4.shl(i32x4.add(i32x4.sub(shifted, i32x4.splat(ROUNDING_SHIFT_BITS)), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(f32x4.add(em1, splat(1)), scale), f32x4.lt(x, splat(-87.3)));
}


/** x·g, 0 where g is 0 and x is not NaN. */
// @ts-ignore: decorator
@inline function timesVanishing(x: v128, g: v128): v128 {
  return v128.andnot(f32x4.mul(x, g), v128.and(f32x4.eq(g, splat(0)), f32x4.eq(x, x)));
}

// @ts-ignore: decorator
@inline function parameter(table: usize, j: i32, o: usize, k: i32, shared: bool): v128 {
  const ptr = <usize>load<u32>(table + (<usize>j << 2));
  return shared ? f32x4.splat(load<f32>(ptr)) : loadPartial(ptr + o, k);
}

function column(
  x: usize, y: usize, dy: usize, table: usize, dtable: usize, scratch: usize, size: i32, width: f32,
  o: usize, stride: usize, rows: i32, k: i32, tail: i32, shared: bool, backward: bool,
): void {
  if (backward) memory.fill(scratch, 0, <usize>(size + 1) << 4);
  const base = parameter(table, 0, o, k, shared), invWidth = splat(1 / width);
  const end = tail > 0 ? rows + 1 : rows;
  let at = o;
  for (let r = 0; r < end; r++, at += stride) {
    const lanes = r < rows ? k : tail;
    const xv = loadPartial(x + at, lanes);
    // silu from e = e^(−|x|): σ = 1/(1 + e) for x ≥ 0, e/(1 + e) below.
    const e = expNonPositive(f32x4.neg(f32x4.abs(xv)));
    const inv = f32x4.div(splat(1), f32x4.add(splat(1), e));
    const sigma = f32x4.mul(v128.bitselect(splat(1), e, f32x4.ge(xv, splat(0))), inv);
    const silu = timesVanishing(xv, sigma);
    if (!backward) {
      let sum = timesVanishing(silu, base);
      for (let g = 0; g < size; g++) {
        const u = f32x4.mul(f32x4.sub(xv, splat(-2 + <f32>g * width)), invWidth);
        sum = f32x4.add(sum, f32x4.mul(parameter(table, 1 + g, o, k, shared), expNonPositive(f32x4.neg(f32x4.mul(u, u)))));
      }
      storePartial(y + at, sum, lanes);
      continue;
    }
    const dyv = loadPartial(dy + at, lanes), live = f32x4.ne(dyv, splat(0));
    let slope = f32x4.mul(base, f32x4.add(sigma, timesVanishing(xv, f32x4.mul(f32x4.mul(e, inv), inv))));
    v128.store(scratch, f32x4.add(v128.load(scratch), v128.and(f32x4.mul(dyv, silu), live)));
    for (let g = 0; g < size; g++) {
      const u = f32x4.mul(f32x4.sub(xv, splat(-2 + <f32>g * width)), invWidth);
      const phi = expNonPositive(f32x4.neg(f32x4.mul(u, u)));
      const w = parameter(table, 1 + g, o, k, shared);
      slope = f32x4.sub(slope, f32x4.mul(f32x4.mul(w, f32x4.mul(splat(2), invWidth)), timesVanishing(u, phi)));
      const sum = scratch + (<usize>(1 + g) << 4);
      v128.store(sum, f32x4.add(v128.load(sum), v128.and(f32x4.mul(dyv, phi), live)));
    }
    storePartial(y + at, f32x4.mul(dyv, slope), lanes);
  }
  if (!backward) return;
  for (let j = 0; j <= size; j++) {
    const dp = <usize>load<u32>(dtable + (<usize>j << 2));
    if (dp == 0) continue;
    const acc = v128.load(scratch + (<usize>j << 4));
    if (shared) {
      const sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
      store<f32>(dp, load<f32>(dp) + sum);
    } else {
      storePartial(dp + o, f32x4.add(loadPartial(dp + o, k), acc), k);
    }
  }
}

function all(x: usize, y: usize, dy: usize, table: usize, dtable: usize, scratch: usize, size: i32, width: f32, period: i32, n: i32, backward: bool): void {
  if (period == 1) {
    column(x, y, dy, table, dtable, scratch, size, width, 0, 16, n >> 2, 4, n & 3, true, backward);
    return;
  }
  const rows = n / period, rest = n - rows * period, stride = <usize>period << 2;
  for (let j = 0; j < period; j += 4) {
    const k = min(4, period - j);
    column(x, y, dy, table, dtable, scratch, size, width, <usize>j << 2, stride, rows, k, min(k, rest - j), false, backward);
  }
}

export function activation_rbf_table_forward(x: usize, y: usize, table: usize, size: i32, width: f32, period: i32, n: i32): void {
  all(x, y, 0, table, 0, 0, size, width, period, n, false);
}

export function activation_rbf_table_backward(x: usize, dy: usize, dx: usize, table: usize, dtable: usize, scratch: usize, size: i32, width: f32, period: i32, n: i32): void {
  all(x, dx, dy, table, dtable, scratch, size, width, period, n, true);
}
