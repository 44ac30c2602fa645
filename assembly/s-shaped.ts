// srelu (src/activations/s-shaped-relu.ts) over a table of its four parameter pointers (tLeft, aLeft, tRight, aRight),
// four slots at a time: the lower threshold is the left one, so crossed thresholds swap roles as in the reference.
//   activation_srelu_table_forward(x, y, table, period, n);
//   activation_srelu_table_backward(x, dy, dx, table, dtable, scratch, period, n): dtable[j] += Σ dy·∂f/∂p_j per slot
//     (0: not wanted); scratch holds four vectors of sums. Terms with dy = 0 add nothing.
import { loadPartial, storePartial } from './simd';
import { addTableGradients, parameter } from './table';

// @ts-ignore: decorator
@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** t + a·(x − t), with a·(x − t) = 0 for a = 0 (also at x = ±∞). */
// @ts-ignore: decorator
@inline function line(x: v128, t: v128, a: v128): v128 {
  const d = f32x4.sub(x, t);
  return f32x4.add(t, v128.andnot(f32x4.mul(a, d), v128.and(f32x4.eq(a, splat(0)), f32x4.eq(d, d))));
}

function column(
  x: usize, y: usize, dy: usize, table: usize, dtable: usize, scratch: usize, o: usize, stride: usize, rows: i32, k: i32, tail: i32,
  shared: bool, backward: bool,
): void {
  const tl = parameter(table, 0, o, k, shared), al = parameter(table, 1, o, k, shared);
  const tr = parameter(table, 2, o, k, shared), ar = parameter(table, 3, o, k, shared);
  const leftIsTl = f32x4.le(tl, tr);
  const left = v128.bitselect(tl, tr, leftIsTl), right = v128.bitselect(tr, tl, leftIsTl);
  let dLeft = splat(0), dal = splat(0), dRight = splat(0), dar = splat(0);
  const end = tail > 0 ? rows + 1 : rows;
  let at = o;
  for (let r = 0; r < end; r++, at += stride) {
    const lanes = r < rows ? k : tail;
    const xv = loadPartial(x + at, lanes);
    const below = f32x4.le(xv, left), above = v128.andnot(f32x4.ge(xv, right), below);
    if (!backward) {
      storePartial(y + at, v128.bitselect(line(xv, left, al), v128.bitselect(line(xv, right, ar), xv, above), below), lanes);
      continue;
    }
    const g = loadPartial(dy + at, lanes), live = f32x4.ne(g, splat(0));
    // ∂f/∂x: aₗ, aᵣ or 1 (NaN for NaN x); y is dx here.
    const slope = v128.bitselect(al, v128.bitselect(ar, v128.bitselect(xv, splat(1), f32x4.ne(xv, xv)), above), below);
    storePartial(y + at, f32x4.mul(g, slope), lanes);
    // Masked after the products: dy = 0 adds nothing even where x − t is infinite.
    const onLeft = v128.and(below, live), onRight = v128.and(above, live);
    dLeft = f32x4.add(dLeft, v128.and(f32x4.mul(g, f32x4.sub(splat(1), al)), onLeft));
    dal = f32x4.add(dal, v128.and(f32x4.mul(g, f32x4.sub(xv, left)), onLeft));
    dRight = f32x4.add(dRight, v128.and(f32x4.mul(g, f32x4.sub(splat(1), ar)), onRight));
    dar = f32x4.add(dar, v128.and(f32x4.mul(g, f32x4.sub(xv, right)), onRight));
  }
  if (!backward) return;
  // The lower threshold's sums go to whichever of tLeft, tRight holds it, lane by lane.
  v128.store(scratch, v128.bitselect(dLeft, dRight, leftIsTl));
  v128.store(scratch + 16, dal);
  v128.store(scratch + 32, v128.bitselect(dRight, dLeft, leftIsTl));
  v128.store(scratch + 48, dar);
  addTableGradients(dtable, scratch, 4, o, k, shared);
}

function all(x: usize, y: usize, dy: usize, table: usize, dtable: usize, scratch: usize, period: i32, n: i32, backward: bool): void {
  if (period == 1) {
    column(x, y, dy, table, dtable, scratch, 0, 16, n >> 2, 4, n & 3, true, backward);
    return;
  }
  const rows = n / period, rest = n - rows * period, stride = <usize>period << 2;
  for (let j = 0; j < period; j += 4) {
    const k = min(4, period - j);
    column(x, y, dy, table, dtable, scratch, <usize>j << 2, stride, rows, k, min(k, rest - j), false, backward);
  }
}

export function activation_srelu_table_forward(x: usize, y: usize, table: usize, period: i32, n: i32): void {
  all(x, y, 0, table, 0, 0, period, n, false);
}

export function activation_srelu_table_backward(x: usize, dy: usize, dx: usize, table: usize, dtable: usize, scratch: usize, period: i32, n: i32): void {
  all(x, dx, dy, table, dtable, scratch, period, n, true);
}
