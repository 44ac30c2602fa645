// PAU, P(x)/Q(x) (src/activations/rational-math.ts), over a table of parameter pointers, four slots at a time:
//   activation_pau_table_forward(x, y, table, m, n, version, period, count): table[j] → p_j (j ≤ m), table[m + k] → q_k;
//   activation_pau_table_backward(x, dy, dx, table, dtable, scratch, m, n, version, period, count): dx = dy·f',
//     dtable[j] += Σ dy·∂f/∂(parameter j) per slot (0: not wanted); scratch holds m + n + 1 vectors of sums.
// version 0, 1, 2 = A, B, C. |x| ≤ FAR directly; beyond, in t = 1/x as the reference does past 1, so large x cannot
// overflow a float32 power that the result does not have. Terms with dy = 0 add nothing.
import { loadPartial, storePartial } from './simd';
import { addTableGradients, parameter } from './table';

/**
 * Beyond this |x| the t = 1/x form: below it the direct one cannot overflow (64^16 ≈ 8e28) and is as accurate in
 * float32, and it is the one taken when no lane of four is beyond (one form computed instead of two).
 */
const FAR: f32 = 64;

// @ts-ignore: decorator
@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** a·b, 0 where b is 0 and a is not NaN. */
// @ts-ignore: decorator
@inline function timesVanishing(a: v128, b: v128): v128 {
  return v128.andnot(f32x4.mul(a, b), v128.and(f32x4.eq(b, splat(0)), f32x4.eq(a, a)));
}

// @ts-ignore: decorator
@inline function sign(v: v128): v128 {
  return f32x4.sub(v128.and(splat(1), f32x4.gt(v, splat(0))), v128.and(splat(1), f32x4.lt(v, splat(0))));
}

/** x^e for |x| > 1 as the product of e factors x (e ≥ 0) or −e factors t = 1/x. */
// @ts-ignore: decorator
@inline function power(x: v128, t: v128, e: i32): v128 {
  let r = splat(1);
  const f = e >= 0 ? x : t;
  for (let i = e >= 0 ? e : -e; i > 0; i--) r = f32x4.mul(r, f);
  return r;
}

/** Denominator floor: 1 for A and B, 0.1 for C. */
// @ts-ignore: decorator
@inline function floorOf(version: i32): f32 {
  return version == 2 ? <f32>0.1 : <f32>1;
}

/** f at four values (the reference's rationalValue). */
function value(xv: v128, table: usize, m: i32, n: i32, version: i32, o: usize, k: i32, shared: bool): v128 {
  const absolute = version == 0, floor = splat(floorOf(version));
  // Near: P(x) / (floor + |S(x)|), S = Σ q_k x^k (A: Σ|q_k||x|^k).
  const y = absolute ? f32x4.abs(xv) : xv;
  let num = splat(0), s = splat(0);
  for (let j = m; j >= 0; j--) num = f32x4.add(f32x4.mul(num, xv), parameter(table, j, o, k, shared));
  for (let j = n; j >= 1; j--) {
    const q = parameter(table, m + j, o, k, shared);
    s = f32x4.mul(f32x4.add(s, absolute ? f32x4.abs(q) : q), y);
  }
  const near = f32x4.div(num, f32x4.add(floor, f32x4.abs(s)));
  const farLanes = f32x4.gt(f32x4.abs(xv), splat(FAR));
  if (!v128.any_true(farLanes)) return near;
  // Far: sn·x^(m−n)·P̃(t)/(floor·|t|^n + |S̃(t)|).
  const t = f32x4.div(splat(1), xv), at = f32x4.abs(t), z = absolute ? at : t;
  let pt = splat(0), st = splat(0);
  for (let j = 0; j <= m; j++) pt = f32x4.add(f32x4.mul(pt, t), parameter(table, j, o, k, shared));
  for (let j = 1; j <= n; j++) {
    const q = parameter(table, m + j, o, k, shared);
    st = f32x4.add(f32x4.mul(st, z), absolute ? f32x4.abs(q) : q);
  }
  const qt = f32x4.add(f32x4.mul(floor, power(at, at, n)), f32x4.abs(st));
  const sn = (n & 1) == 0 ? splat(1) : sign(xv);
  const far = f32x4.mul(sn, timesVanishing(power(xv, t, m - n), f32x4.div(pt, qt)));
  return v128.bitselect(far, near, farLanes);
}

export function activation_pau_table_forward(x: usize, y: usize, table: usize, m: i32, n: i32, version: i32, period: i32, count: i32): void {
  if (period == 1) {
    const rows = count >> 2, tail = count & 3;
    for (let r = 0; r < rows + (tail > 0 ? 1 : 0); r++) {
      const lanes = r < rows ? 4 : tail, at = <usize>r << 4;
      storePartial(y + at, value(loadPartial(x + at, lanes), table, m, n, version, 0, 4, true), lanes);
    }
    return;
  }
  const rows = count / period, rest = count - rows * period, stride = <usize>period << 2;
  for (let j = 0; j < period; j += 4) {
    const o = <usize>j << 2, k = min(4, period - j), tail = min(k, rest - j);
    let at = o;
    for (let r = 0; r < rows + (tail > 0 ? 1 : 0); r++, at += stride) {
      const lanes = r < rows ? k : tail;
      storePartial(y + at, value(loadPartial(x + at, lanes), table, m, n, version, o, k, false), lanes);
    }
  }
}

/** derivatives() where no lane is beyond FAR: the direct form alone (the common case). */
function nearDerivatives(xv: v128, g: v128, live: v128, table: usize, scratch: usize, m: i32, n: i32, version: i32, o: usize, k: i32, shared: bool): v128 {
  const absolute = version == 0;
  let num = splat(0), dnum = splat(0);
  for (let j = m; j >= 0; j--) {
    dnum = f32x4.add(f32x4.mul(dnum, xv), num);
    num = f32x4.add(f32x4.mul(num, xv), parameter(table, j, o, k, shared));
  }
  const y = absolute ? f32x4.abs(xv) : xv;
  let s = splat(0), ds = splat(0);
  for (let j = m + n; j > m; j--) {
    const q = parameter(table, j, o, k, shared);
    ds = f32x4.add(f32x4.mul(ds, y), s);
    s = f32x4.add(f32x4.mul(s, y), absolute ? f32x4.abs(q) : q);
  }
  ds = f32x4.add(f32x4.mul(ds, y), s);
  s = f32x4.mul(s, y);
  const signS = sign(s);
  const den = f32x4.add(splat(floorOf(version)), f32x4.abs(s));
  const f = f32x4.div(num, den);
  const gOverDen = v128.and(f32x4.div(g, den), live);
  let xj = splat(1);
  for (let j = 0; j <= m; j++) {
    const sum = scratch + (<usize>j << 4);
    v128.store(sum, f32x4.add(v128.load(sum), f32x4.mul(gOverDen, xj)));
    xj = f32x4.mul(xj, xv);
  }
  const minusFg = f32x4.neg(f32x4.mul(f, gOverDen));
  let xk = xv;
  for (let j = 1; j <= n; j++) {
    const factor = absolute ? f32x4.mul(sign(parameter(table, m + j, o, k, shared)), f32x4.abs(xk)) : f32x4.mul(signS, xk);
    const sum = scratch + (<usize>(m + j) << 4);
    v128.store(sum, f32x4.add(v128.load(sum), f32x4.mul(minusFg, factor)));
    xk = f32x4.mul(xk, xv);
  }
  const dden = absolute ? f32x4.mul(sign(xv), ds) : f32x4.mul(signS, ds);
  return f32x4.div(f32x4.sub(dnum, f32x4.mul(f, dden)), den);
}

/**
 * f' at four values, adding dy·∂f/∂p_j and dy·∂f/∂q_k into the scratch sums (the reference's evaluateRational):
 * the near and the far form both, then each lane's by |x| ≤ 1.
 */
function derivatives(xv: v128, g: v128, table: usize, scratch: usize, m: i32, n: i32, version: i32, o: usize, k: i32, shared: bool): v128 {
  const absolute = version == 0, floor = splat(floorOf(version));
  const far = f32x4.gt(f32x4.abs(xv), splat(FAR)), live = f32x4.ne(g, splat(0));
  if (!v128.any_true(far)) return nearDerivatives(xv, g, live, table, scratch, m, n, version, o, k, shared);
  // Near.
  let num = splat(0), dnum = splat(0);
  for (let j = m; j >= 0; j--) {
    dnum = f32x4.add(f32x4.mul(dnum, xv), num);
    num = f32x4.add(f32x4.mul(num, xv), parameter(table, j, o, k, shared));
  }
  const y = absolute ? f32x4.abs(xv) : xv;
  let s = splat(0), ds = splat(0);
  for (let j = m + n; j > m; j--) {
    const q = parameter(table, j, o, k, shared);
    ds = f32x4.add(f32x4.mul(ds, y), s);
    s = f32x4.add(f32x4.mul(s, y), absolute ? f32x4.abs(q) : q);
  }
  ds = f32x4.add(f32x4.mul(ds, y), s);
  s = f32x4.mul(s, y);
  const signS = sign(s);
  const den = f32x4.add(floor, f32x4.abs(s));
  const dden = absolute ? f32x4.mul(sign(xv), ds) : f32x4.mul(signS, ds);
  const fNear = f32x4.div(num, den);
  const slopeNear = f32x4.div(f32x4.sub(dnum, f32x4.mul(fNear, dden)), den);
  // Far, t = 1/x.
  const t = f32x4.div(splat(1), xv), at = f32x4.abs(t), z = absolute ? at : t;
  let pt = splat(0), dpt = splat(0);
  for (let j = 0; j <= m; j++) {
    const p = parameter(table, j, o, k, shared);
    pt = f32x4.add(f32x4.mul(pt, t), p);
    dpt = f32x4.add(f32x4.mul(dpt, t), f32x4.mul(splat(<f32>j), p));
  }
  let st = splat(0), dst = splat(0);
  for (let j = 1; j <= n; j++) {
    const q = parameter(table, m + j, o, k, shared), c = absolute ? f32x4.abs(q) : q;
    st = f32x4.add(f32x4.mul(st, z), c);
    dst = f32x4.add(f32x4.mul(dst, z), f32x4.mul(splat(<f32>j), c));
  }
  const qt = f32x4.add(f32x4.mul(floor, power(at, at, n)), f32x4.abs(st));
  const slopeT = absolute ? dst : f32x4.mul(sign(st), dst);
  const sn = (n & 1) == 0 ? splat(1) : sign(xv);
  const inner = f32x4.sub(f32x4.div(dpt, qt), f32x4.div(f32x4.mul(pt, slopeT), f32x4.mul(qt, qt)));
  const slopeFar = f32x4.mul(sn, timesVanishing(power(xv, t, m - n - 1), inner));
  // ∂f/∂p_j: x^j/den near, sn·x^(j−n)/Q̃ far.
  let xj = splat(1);
  for (let j = 0; j <= m; j++) {
    const d = v128.bitselect(f32x4.div(f32x4.mul(sn, power(xv, t, j - n)), qt), f32x4.div(xj, den), far);
    const sum = scratch + (<usize>j << 4);
    v128.store(sum, f32x4.add(v128.load(sum), v128.and(f32x4.mul(g, d), live)));
    xj = f32x4.mul(xj, xv);
  }
  // ∂f/∂q_k: −f·(A: sign(q_k)|x|^k, else sign(S)x^k)/den near; −(factor)·x^(m+k−2n)·P̃/Q̃² far.
  const common = f32x4.div(pt, f32x4.mul(qt, qt));
  let xk = xv;
  for (let j = 1; j <= n; j++) {
    const q = parameter(table, m + j, o, k, shared);
    const nearFactor = absolute ? f32x4.mul(sign(q), f32x4.abs(xk)) : f32x4.mul(signS, xk);
    const nearD = f32x4.neg(f32x4.div(f32x4.mul(fNear, nearFactor), den));
    const farFactor = absolute ? f32x4.mul(sign(q), (j & 1) == 0 ? splat(1) : sign(xv)) : f32x4.mul(sn, sign(st));
    const farD = f32x4.neg(timesVanishing(power(xv, t, m + j - 2 * n), f32x4.mul(farFactor, common)));
    const sum = scratch + (<usize>(m + j) << 4);
    v128.store(sum, f32x4.add(v128.load(sum), v128.and(f32x4.mul(g, v128.bitselect(farD, nearD, far)), live)));
    xk = f32x4.mul(xk, xv);
  }
  return v128.bitselect(slopeFar, slopeNear, far);
}

/** The scratch sums of one column into dtable (lanes summed into slot 0 for period 1). */
function flushColumn(dtable: usize, scratch: usize, params: i32, o: usize, k: i32, shared: bool): void {
  addTableGradients(dtable, scratch, params, o, k, shared);
}

export function activation_pau_table_backward(
  x: usize, dy: usize, dx: usize, table: usize, dtable: usize, scratch: usize, m: i32, n: i32, version: i32, period: i32, count: i32,
): void {
  const params = m + n + 1;
  const shared = period == 1;
  const rows = shared ? count >> 2 : count / period, stride: usize = shared ? 16 : <usize>period << 2;
  const columns = shared ? 1 : (period + 3) >> 2;
  for (let c = 0; c < columns; c++) {
    const j = c << 2, o = <usize>j << 2;
    const k = shared ? 4 : min(4, period - j);
    const tail = shared ? count & 3 : min(k, count - rows * period - j);
    memory.fill(scratch, 0, <usize>params << 4);
    let at = o;
    for (let r = 0; r < rows + (tail > 0 ? 1 : 0); r++, at += stride) {
      const lanes = r < rows ? k : tail;
      const g = loadPartial(dy + at, lanes);
      storePartial(dx + at, f32x4.mul(g, derivatives(loadPartial(x + at, lanes), g, table, scratch, m, n, version, o, k, shared)), lanes);
    }
    flushColumn(dtable, scratch, params, o, k, shared);
  }
}
