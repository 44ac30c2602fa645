// APL (src/activations/adaptive-piecewise-linear.ts) over a table of parameter pointers, for any number S of hinges:
//   activation_apl_table_forward(x, y, table, segments, period, n):
//     y = max(0, x) + Σ_s a_s·max(0, b_s − x), table[s] → a_s, table[S + s] → b_s (period floats each, int32 pointers);
//   activation_apl_table_backward(x, dy, dx, table, dtable, scratch, segments, period, n):
//     dx = dy·([x > 0] − Σ_{b_s > x} a_s), dtable[j] += Σ dy·∂f/∂p_j per slot (a 0 pointer is not written);
//     scratch holds 2S vectors of sums.
// Four slots at a time down their column (period 1: the parameters splatted over four values), as the drivers of
// activations.ts; terms with dy = 0 add nothing, and a_s·max(0, b_s − x) is 0 for a_s = 0 even at x = −∞.
import { loadPartial, storePartial } from './simd';
import { addTableGradients, parameter } from './table';

// @ts-ignore: decorator
@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** a·gap, 0 where a is 0 and gap is not NaN. */
// @ts-ignore: decorator
@inline function hinge(a: v128, gap: v128): v128 {
  return v128.andnot(f32x4.mul(a, gap), v128.and(f32x4.eq(a, splat(0)), f32x4.eq(gap, gap)));
}

/** dy·d, 0 where dy is 0. */
// @ts-ignore: decorator
@inline function weighted(dy: v128, d: v128): v128 {
  return v128.and(f32x4.mul(dy, d), f32x4.ne(dy, splat(0)));
}

function forwardColumn(x: usize, y: usize, table: usize, segments: i32, o: usize, stride: usize, rows: i32, k: i32, tail: i32, shared: bool): void {
  const end = tail > 0 ? rows + 1 : rows;
  let at = o;
  for (let r = 0; r < end; r++, at += stride) {
    const lanes = r < rows ? k : tail;
    const xv = loadPartial(x + at, lanes);
    // As the reference: max(0, x) + B − x·A over the active hinges (b_s > x), A = Σ a_s, B = Σ a_s·b_s, so that
    // large |x| takes one product (no float32 overflow of terms that cancel).
    let slopes = splat(0), offsets = splat(0);
    for (let s = 0; s < segments; s++) {
      const b = parameter(table, segments + s, o, k, shared);
      const a = v128.and(parameter(table, s, o, k, shared), f32x4.gt(b, xv));
      slopes = f32x4.add(slopes, a);
      offsets = f32x4.add(offsets, f32x4.mul(a, b));
    }
    const relu = v128.andnot(xv, f32x4.le(xv, splat(0))); // max(0, x), NaN kept
    storePartial(y + at, f32x4.sub(f32x4.add(relu, offsets), hinge(slopes, xv)), lanes);
  }
}

function backwardColumn(
  x: usize, dy: usize, dx: usize, table: usize, dtable: usize, scratch: usize, segments: i32,
  o: usize, stride: usize, rows: i32, k: i32, tail: i32, shared: bool,
): void {
  memory.fill(scratch, 0, <usize>(2 * segments) << 4);
  const end = tail > 0 ? rows + 1 : rows;
  let at = o;
  for (let r = 0; r < end; r++, at += stride) {
    const lanes = r < rows ? k : tail;
    const xv = loadPartial(x + at, lanes), g = loadPartial(dy + at, lanes);
    let d = v128.and(splat(1), f32x4.gt(xv, splat(0)));
    for (let s = 0; s < segments; s++) {
      const a = parameter(table, s, o, k, shared), b = parameter(table, segments + s, o, k, shared);
      const active = v128.and(a, f32x4.gt(b, xv));
      d = f32x4.sub(d, active);
      const sa = scratch + (<usize>s << 4), sb = scratch + (<usize>(segments + s) << 4);
      v128.store(sa, f32x4.add(v128.load(sa), weighted(g, f32x4.max(splat(0), f32x4.sub(b, xv)))));
      v128.store(sb, f32x4.add(v128.load(sb), weighted(g, active)));
    }
    // NaN x gives NaN dx.
    storePartial(dx + at, f32x4.mul(g, v128.bitselect(xv, d, f32x4.ne(xv, xv))), lanes);
  }
  addTableGradients(dtable, scratch, 2 * segments, o, k, shared);
}

export function activation_apl_table_forward(x: usize, y: usize, table: usize, segments: i32, period: i32, n: i32): void {
  if (period == 1) {
    forwardColumn(x, y, table, segments, 0, 16, n >> 2, 4, n & 3, true);
    return;
  }
  const rows = n / period, rest = n - rows * period, stride = <usize>period << 2;
  for (let j = 0; j < period; j += 4) {
    const k = min(4, period - j);
    forwardColumn(x, y, table, segments, <usize>j << 2, stride, rows, k, min(k, rest - j), false);
  }
}

export function activation_apl_table_backward(x: usize, dy: usize, dx: usize, table: usize, dtable: usize, scratch: usize, segments: i32, period: i32, n: i32): void {
  if (period == 1) {
    backwardColumn(x, dy, dx, table, dtable, scratch, segments, 0, 16, n >> 2, 4, n & 3, true);
    return;
  }
  const rows = n / period, rest = n - rows * period, stride = <usize>period << 2;
  for (let j = 0; j < period; j += 4) {
    const k = min(4, period - j);
    backwardColumn(x, dy, dx, table, dtable, scratch, segments, <usize>j << 2, stride, rows, k, min(k, rest - j), false);
  }
}
