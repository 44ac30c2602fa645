// The Gaussian-RBF basis (src/activations/rbf-basis.ts) over a table of its G + 1 parameter pointers (base, w1..wG),
// four slots at a time:
//   activation_rbf_table_forward(x, y, table, size, width, period, n): y = base·silu(x) + Σ_g w_g·e^(−((x − c_g)/h)²),
//     c_g = −2 + g·h;
//   activation_rbf_table_backward(x, dy, dx, table, dtable, scratch, size, width, period, n): dx = dy·f',
//     dtable[j] += Σ dy·∂f/∂p_j per slot (0: not wanted); scratch holds G + 1 vectors of sums.
// Every exp here has an argument ≤ 0: expNonPositive (exp.ts).
import { loadPartial, storePartial } from './simd';
import { addTableGradients, parameter } from './table';
import { expNonPositive } from './exp';

// @ts-ignore: decorator
@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** x·g, 0 where g is 0 and x is not NaN. */
// @ts-ignore: decorator
@inline function timesVanishing(x: v128, g: v128): v128 {
  return v128.andnot(f32x4.mul(x, g), v128.and(f32x4.eq(g, splat(0)), f32x4.eq(x, x)));
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
  addTableGradients(dtable, scratch, size + 1, o, k, shared);
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
