// Elementwise and row/column passes over float32 arrays in linear memory (byte-offset pointers, element counts).
// Each pass is one @inline step over a vector of `k` lanes: the main loop calls it with the constant 4, which
// folds the partial loads into plain ones, and the n % 4 tail calls it once with the rest.
import { loadPartial, storePartial } from './simd';

/** out[j] (+)= Σ_r x[r, j] over a rows×cols matrix (the bias gradient): added to out when `accumulate` is 1, else overwriting it. */
export function col_sums(x: usize, out: usize, rows: i32, cols: i32, accumulate: i32): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) colSumStep(x, out, <usize>j << 2, 4, rows, cols, accumulate != 0);
  if (j < cols) colSumStep(x, out, <usize>j << 2, cols - j, rows, cols, accumulate != 0);
}

// @ts-ignore: decorator
@inline function colSumStep(x: usize, out: usize, o: usize, k: i32, rows: i32, cols: i32, accumulate: bool): void {
  const ld = <usize>cols << 2;
  let acc = accumulate ? loadPartial(out + o, k) : f32x4.splat(0);
  let p = x + o;
  for (let r = 0; r < rows; r++) {
    acc = f32x4.add(acc, loadPartial(p, k));
    p += ld;
  }
  storePartial(out + o, acc, k);
}

/** out = a·b elementwise; out may alias a or b. */
export function multiply(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) multiplyStep(a, b, out, <usize>i << 2, 4);
  if (i < n) multiplyStep(a, b, out, <usize>i << 2, n - i);
}

// @ts-ignore: decorator
@inline function multiplyStep(a: usize, b: usize, out: usize, o: usize, k: i32): void {
  storePartial(out + o, f32x4.mul(loadPartial(a + o, k), loadPartial(b + o, k)), k);
}

/**
 * One Adam step over a flat array, as PyTorch's torch.optim.Adam (no weight decay, no amsgrad):
 * m = β1·m + (1−β1)·g,  v = β2·v + (1−β2)·g²,  w −= (lr / bc1) · m / (√v / √bc2 + ε),
 * where bc1 = 1 − β1ᵗ and bc2 = 1 − β2ᵗ are the bias corrections of step t (passed in: the kernel keeps no state).
 */
export function adam(w: usize, g: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32, eps: f32, bc1: f32, bc2: f32): void {
  const step: f32 = lr / bc1, invSqrtBc2: f32 = <f32>1 / Mathf.sqrt(bc2);
  let i = 0;
  for (; i + 4 <= n; i += 4) adamStep(w, g, m, v, <usize>i << 2, 4, step, beta1, beta2, eps, invSqrtBc2);
  if (i < n) adamStep(w, g, m, v, <usize>i << 2, n - i, step, beta1, beta2, eps, invSqrtBc2);
}

// @ts-ignore: decorator
@inline function adamStep(w: usize, g: usize, m: usize, v: usize, o: usize, k: i32, step: f32, beta1: f32, beta2: f32, eps: f32, invSqrtBc2: f32): void {
  const gv = loadPartial(g + o, k);
  const mv = f32x4.add(f32x4.mul(f32x4.splat(beta1), loadPartial(m + o, k)), f32x4.mul(f32x4.splat(1 - beta1), gv));
  const vv = f32x4.add(f32x4.mul(f32x4.splat(beta2), loadPartial(v + o, k)), f32x4.mul(f32x4.splat(1 - beta2), f32x4.mul(gv, gv)));
  const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vv), f32x4.splat(invSqrtBc2)), f32x4.splat(eps));
  storePartial(m + o, mv, k);
  storePartial(v + o, vv, k);
  storePartial(w + o, f32x4.sub(loadPartial(w + o, k), f32x4.div(f32x4.mul(f32x4.splat(step), mv), denom)), k);
}

/**
 * One SGD step over a flat array, as PyTorch's torch.optim.SGD (dampening 0), with the Keras-convention penalty
 * folded into the gradient: g' = g + l1·sign(w) + 2·l2·w; vel = μ·vel + g'; w −= lr·(nesterov ? g' + μ·vel : vel).
 */
function sgd(w: usize, g: usize, vel: usize, n: i32, lr: f32, momentum: f32, nesterov: i32, l1: f32, l2: f32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) sgdStep(w, g, vel, <usize>i << 2, 4, lr, momentum, nesterov != 0, l1, l2);
  if (i < n) sgdStep(w, g, vel, <usize>i << 2, n - i, lr, momentum, nesterov != 0, l1, l2);
}

// @ts-ignore: decorator
@inline function sgdStep(w: usize, g: usize, vel: usize, o: usize, k: i32, lr: f32, momentum: f32, nesterov: bool, l1: f32, l2: f32): void {
  const wv = loadPartial(w + o, k);
  // sign(w): ±1 by w's sign bit, 0 at ±0 (and NaN stays NaN through the l2 term).
  const sign = v128.and(v128.or(f32x4.splat(1), v128.and(wv, i32x4.splat(0x80000000))), v128.not(f32x4.eq(wv, f32x4.splat(0))));
  const gv = f32x4.add(loadPartial(g + o, k), f32x4.add(f32x4.mul(f32x4.splat(l1), sign), f32x4.mul(f32x4.splat(2 * l2), wv)));
  const vv = f32x4.add(f32x4.mul(f32x4.splat(momentum), loadPartial(vel + o, k)), gv);
  storePartial(vel + o, vv, k);
  const direction = nesterov ? f32x4.add(gv, f32x4.mul(f32x4.splat(momentum), vv)) : vv;
  storePartial(w + o, f32x4.sub(wv, f32x4.mul(f32x4.splat(lr), direction)), k);
}

/** sgd over each row of a table of `count` rows, four int32s each: w, g, vel (byte offsets) and n; one call per step. */
export function sgd_table(table: usize, count: i32, lr: f32, momentum: f32, nesterov: i32, l1: f32, l2: f32): void {
  for (let r = 0; r < count; r++) {
    const row = table + (<usize>r << 4);
    sgd(load<u32>(row), load<u32>(row, 4), load<u32>(row, 8), load<i32>(row, 12), lr, momentum, nesterov, l1, l2);
  }
}

/** out[k] += Σ_b partials[b·period + k] over blocks b = 0..blocks−1, added in that order (the activation kernels' block sums). */
export function sum_blocks(partials: usize, out: usize, blocks: i32, period: i32): void {
  const rowBytes = <usize>period << 2;
  for (let k = 0; k < period; k += 4) {
    const lanes = min(4, period - k), o = <usize>k << 2;
    let acc = f32x4.splat(0);
    for (let b = 0; b < blocks; b++) acc = f32x4.add(acc, loadPartial(partials + <usize>b * rowBytes + o, lanes));
    storePartial(out + o, f32x4.add(loadPartial(out + o, lanes), acc), lanes);
  }
}
