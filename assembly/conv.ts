// Kernels of the image layers over channels-last float32 tensors [batch, H, W, C]: im2col / col2im, max and
// average pooling with their backward passes, and the per-channel passes of batch normalisation. Kernels
// whose last two parameters are a range (images b0..b1, or rows r0..r1) write only that range's outputs, so
// threads can split a call (engine/pool.ts) with the same result bit for bit.
// Channels-last makes every inner loop contiguous: a window row is one run of kernel·C floats, a pixel one
// run of C floats, so the loops move whole vectors and handle only a run's last 1..3 floats apart.
import { loadPartial, storePartial } from './simd';

/** Flat indices first..first+3 of a vector of four channels. */
// @ts-ignore: decorator
@inline function indices4(first: i32): v128 {
  return i32x4.add(i32x4.splat(first), i32x4(0, 1, 2, 3));
}

/** Rows summed in float32 before a block's sums are added to the float64 totals (16·u relative error at most). */
const STAT_BLOCK: i32 = 16;

/** dst[0:n] = src[0:n] (no overlap); the ragged end is one more vector ending at n, so nothing past n is touched. */
// @ts-ignore: decorator
@inline function copyRun(dst: usize, src: usize, n: i32): void {
  if (n < 4) {
    if (n > 0) storePartial(dst, loadPartial(src, n), n);
    return;
  }
  const end = <usize>n << 2;
  let o: usize = 0;
  for (; o + 16 <= end; o += 16) v128.store(dst + o, v128.load(src + o));
  if (o < end) v128.store(dst + end - 16, v128.load(src + end - 16));
}

/** dst[0:n] += src[0:n]. */
// @ts-ignore: decorator
@inline function addRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  if (i < n) {
    const o = <usize>i << 2, k = n - i;
    storePartial(dst + o, f32x4.add(loadPartial(dst + o, k), loadPartial(src + o, k)), k);
  }
}

/**
 * im2col of a channels-last batch: cols[(b, oy, ox), (ky, kx, c)] = x[b, oy·s − padTop + ky, ox·s − padLeft + kx, c],
 * 0 where the window lies on padding, for images b0..b1. x is [batch, inH, inW, inC], cols [batch·outH·outW, kernel·kernel·inC].
 */
export function im2col(x: usize, cols: usize, inH: i32, inW: i32, inC: i32, kernel: i32, stride: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32, b0: i32, b1: i32): void {
  const pixel = <usize>inC << 2, windowRow = <usize>kernel * pixel;
  let at = cols + <usize>b0 * <usize>(outH * outW * kernel) * windowRow;
  for (let b = b0; b < b1; b++) {
    const image = x + <usize>b * <usize>inH * <usize>inW * pixel;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * stride - padTop;
      const rowsInside = y0 >= 0 && y0 + kernel <= inH;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * stride - padLeft;
        // Window columns kx0..kx1 lie inside the image; the rest is padding.
        const kx0 = max(0, -x0), kx1 = min(kernel, inW - x0);
        if (rowsInside && kx0 == 0 && kx1 == kernel) {
          // The whole window is inside (every window of a 'valid' convolution): kernel runs, one per window row.
          let from = image + (<usize>y0 * <usize>inW + <usize>x0) * pixel;
          const rowBytes = <usize>inW * pixel, run = kernel * inC;
          for (let ky = 0; ky < kernel; ky++, at += windowRow, from += rowBytes) copyRun(at, from, run);
          continue;
        }
        for (let ky = 0; ky < kernel; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= inH || kx1 <= kx0) {
            memory.fill(at, 0, windowRow);
          } else {
            if (kx0 > 0) memory.fill(at, 0, <usize>kx0 * pixel);
            copyRun(at + <usize>kx0 * pixel, image + (<usize>iy * <usize>inW + <usize>(x0 + kx0)) * pixel, (kx1 - kx0) * inC);
            if (kx1 < kernel) memory.fill(at + <usize>kx1 * pixel, 0, <usize>(kernel - kx1) * pixel);
          }
          at += windowRow;
        }
      }
    }
  }
}

/**
 * col2im, the adjoint of im2col: dx[b, iy, ix, c] = Σ of the cols entries im2col copies from there (padding
 * entries are dropped), for images b0..b1. Overwrites those images of dx [batch, inH, inW, inC].
 */
export function col2im(cols: usize, dx: usize, inH: i32, inW: i32, inC: i32, kernel: i32, stride: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32, b0: i32, b1: i32): void {
  const pixel = <usize>inC << 2, windowRow = <usize>kernel * pixel, imageBytes = <usize>inH * <usize>inW * pixel;
  memory.fill(dx + <usize>b0 * imageBytes, 0, <usize>(b1 - b0) * imageBytes);
  let at = cols + <usize>b0 * <usize>(outH * outW * kernel) * windowRow;
  for (let b = b0; b < b1; b++) {
    const image = dx + <usize>b * imageBytes;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * stride - padTop;
      const rowsInside = y0 >= 0 && y0 + kernel <= inH;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * stride - padLeft;
        const kx0 = max(0, -x0), kx1 = min(kernel, inW - x0);
        if (rowsInside && kx0 == 0 && kx1 == kernel) {
          let to = image + (<usize>y0 * <usize>inW + <usize>x0) * pixel;
          const rowBytes = <usize>inW * pixel, run = kernel * inC;
          for (let ky = 0; ky < kernel; ky++, at += windowRow, to += rowBytes) addRun(to, at, run);
          continue;
        }
        for (let ky = 0; ky < kernel; ky++) {
          const iy = y0 + ky;
          if (iy >= 0 && iy < inH && kx1 > kx0) {
            addRun(image + (<usize>iy * <usize>inW + <usize>(x0 + kx0)) * pixel, at + <usize>kx0 * pixel, (kx1 - kx0) * inC);
          }
          at += windowRow;
        }
      }
    }
  }
}

/**
 * Max pooling over 'valid' windows, images b0..b1: y[b, oy, ox, c] = max of the kernel×kernel window at
 * (oy·s, ox·s), and argmax[same] = its flat index into x (int32). On ties the first maximum in (ky, kx) order
 * wins; a NaN wins over numbers, so NaNs propagate.
 */
export function max_pool(x: usize, y: usize, argmax: usize, inH: i32, inW: i32, inC: i32, kernel: i32, stride: i32, outH: i32, outW: i32, b0: i32, b1: i32): void {
  // The common 2×2 window gets its own copy of the loops, with the window loops unrolled.
  if (kernel == 2) maxPoolWindows(x, y, argmax, inH, inW, inC, 2, stride, outH, outW, b0, b1);
  else maxPoolWindows(x, y, argmax, inH, inW, inC, kernel, stride, outH, outW, b0, b1);
}

// @ts-ignore: decorator
@inline function maxPoolWindows(x: usize, y: usize, argmax: usize, inH: i32, inW: i32, inC: i32, kernel: i32, stride: i32, outH: i32, outW: i32, b0: i32, b1: i32): void {
  let at = <usize>b0 * <usize>(outH * outW * inC) << 2;
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = ((b * inH + oy * stride) * inW + ox * stride) * inC;
        let c = 0;
        for (; c + 4 <= inC; c += 4, at += 16) maxPoolStep(x, y + at, argmax + at, corner + c, inW, inC, kernel, 4);
        if (c < inC) {
          maxPoolStep(x, y + at, argmax + at, corner + c, inW, inC, kernel, inC - c);
          at += <usize>(inC - c) << 2;
        }
      }
    }
  }
}

/** One window's max and argmax for `n` ≤ 4 channels starting at flat index `first`. */
// @ts-ignore: decorator
@inline function maxPoolStep(x: usize, y: usize, argmax: usize, first: i32, inW: i32, inC: i32, kernel: i32, n: i32): void {
  let best = loadPartial(x + (<usize>first << 2), n);
  let where = indices4(first);
  for (let ky = 0; ky < kernel; ky++) {
    for (let kx = 0; kx < kernel; kx++) {
      const i = first + (ky * inW + kx) * inC;
      const v = loadPartial(x + (<usize>i << 2), n);
      // v > best, or v is NaN while best is not (a NaN compares false with everything).
      const take = v128.or(f32x4.gt(v, best), v128.andnot(f32x4.ne(v, v), f32x4.ne(best, best)));
      best = v128.bitselect(v, best, take);
      where = v128.bitselect(indices4(i), where, take);
    }
  }
  storePartial(y, best, n);
  storePartial(argmax, where, n);
}

/**
 * The adjoint of max_pool: dx = 0, then dy[i] is added at x's index argmax[i]. Windows that do not overlap
 * (stride ≥ kernel) write each covered entry once, a vector of channels at a time: the entry gets dy where its
 * index is the argmax, else 0. Overlapping windows add one entry at a time.
 */
export function max_pool_backward(dy: usize, argmax: usize, dx: usize, inH: i32, inW: i32, inC: i32, kernel: i32, stride: i32, outH: i32, outW: i32, b0: i32, b1: i32): void {
  const imageBytes = <usize>(inH * inW * inC) << 2, outputs = outH * outW * inC;
  memory.fill(dx + <usize>b0 * imageBytes, 0, <usize>(b1 - b0) * imageBytes);
  if (stride < kernel) {
    // An image's argmax entries point into that image only, so image ranges never add to the same entry.
    for (let i = b0 * outputs; i < b1 * outputs; i++) {
      const o = <usize>i << 2;
      const to = dx + (<usize>load<i32>(argmax + o) << 2);
      store<f32>(to, load<f32>(to) + load<f32>(dy + o));
    }
    return;
  }
  if (kernel == 2) routeWindows(dy, argmax, dx, inH, inW, inC, 2, stride, outH, outW, b0, b1);
  else routeWindows(dy, argmax, dx, inH, inW, inC, kernel, stride, outH, outW, b0, b1);
}

// @ts-ignore: decorator
@inline function routeWindows(dy: usize, argmax: usize, dx: usize, inH: i32, inW: i32, inC: i32, kernel: i32, stride: i32, outH: i32, outW: i32, b0: i32, b1: i32): void {
  let at = <usize>b0 * <usize>(outH * outW * inC) << 2;
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = ((b * inH + oy * stride) * inW + ox * stride) * inC;
        let c = 0;
        for (; c + 4 <= inC; c += 4, at += 16) routeStep(dy + at, argmax + at, dx, corner + c, inW, inC, kernel, 4);
        if (c < inC) {
          routeStep(dy + at, argmax + at, dx, corner + c, inW, inC, kernel, inC - c);
          at += <usize>(inC - c) << 2;
        }
      }
    }
  }
}

/** Writes one window's dx for `n` ≤ 4 channels starting at flat index `first`: dy at the argmax, 0 elsewhere. */
// @ts-ignore: decorator
@inline function routeStep(dy: usize, argmax: usize, dx: usize, first: i32, inW: i32, inC: i32, kernel: i32, n: i32): void {
  // 0 + dy, as the overlapping path adds: a −0 gradient arrives as +0 either way.
  const d = f32x4.add(loadPartial(dy, n), f32x4.splat(0)), where = loadPartial(argmax, n);
  for (let ky = 0; ky < kernel; ky++) {
    for (let kx = 0; kx < kernel; kx++) {
      const i = first + (ky * inW + kx) * inC;
      storePartial(dx + (<usize>i << 2), v128.and(d, i32x4.eq(where, indices4(i))), n);
    }
  }
}

/** Average pooling over 'valid' windows, images b0..b1: y[b, oy, ox, c] = mean of the kernel×kernel window at (oy·s, ox·s). */
export function avg_pool(x: usize, y: usize, inH: i32, inW: i32, inC: i32, kernel: i32, stride: i32, outH: i32, outW: i32, b0: i32, b1: i32): void {
  const scale = f32x4.splat(<f32>1 / <f32>(kernel * kernel));
  let at = y + (<usize>b0 * <usize>(outH * outW * inC) << 2);
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = x + (<usize>((b * inH + oy * stride) * inW + ox * stride) * <usize>inC << 2);
        let c = 0;
        for (; c + 4 <= inC; c += 4, at += 16) avgPoolStep(corner + (<usize>c << 2), at, inW, inC, kernel, 4, scale);
        if (c < inC) {
          avgPoolStep(corner + (<usize>c << 2), at, inW, inC, kernel, inC - c, scale);
          at += <usize>(inC - c) << 2;
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function avgPoolStep(x: usize, y: usize, inW: i32, inC: i32, kernel: i32, n: i32, scale: v128): void {
  let sum = f32x4.splat(0);
  for (let ky = 0; ky < kernel; ky++) {
    for (let kx = 0; kx < kernel; kx++) sum = f32x4.add(sum, loadPartial(x + (<usize>((ky * inW + kx) * inC) << 2), n));
  }
  storePartial(y, f32x4.mul(sum, scale), n);
}

/** The adjoint of avg_pool for images b0..b1: dx = 0, then each dy entry / kernel² is added over its window. */
export function avg_pool_backward(dy: usize, dx: usize, inH: i32, inW: i32, inC: i32, kernel: i32, stride: i32, outH: i32, outW: i32, b0: i32, b1: i32): void {
  const imageBytes = <usize>(inH * inW * inC) << 2;
  memory.fill(dx + <usize>b0 * imageBytes, 0, <usize>(b1 - b0) * imageBytes);
  const scale = f32x4.splat(<f32>1 / <f32>(kernel * kernel));
  let at = dy + (<usize>b0 * <usize>(outH * outW * inC) << 2);
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = dx + (<usize>((b * inH + oy * stride) * inW + ox * stride) * <usize>inC << 2);
        let c = 0;
        for (; c + 4 <= inC; c += 4, at += 16) avgPoolBackwardStep(at, corner + (<usize>c << 2), inW, inC, kernel, 4, scale);
        if (c < inC) {
          avgPoolBackwardStep(at, corner + (<usize>c << 2), inW, inC, kernel, inC - c, scale);
          at += <usize>(inC - c) << 2;
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function avgPoolBackwardStep(dy: usize, dx: usize, inW: i32, inC: i32, kernel: i32, n: i32, scale: v128): void {
  const share = f32x4.mul(loadPartial(dy, n), scale);
  for (let ky = 0; ky < kernel; ky++) {
    for (let kx = 0; kx < kernel; kx++) {
      const p = dx + (<usize>((ky * inW + kx) * inC) << 2);
      storePartial(p, f32x4.add(loadPartial(p, n), share), n);
    }
  }
}

/** Adds the low `n` ≤ 4 lanes of `v`, widened to float64, to the float64s at `acc` (nothing past them is touched). */
// @ts-ignore: decorator
@inline function addWidened(acc: usize, v: v128, n: i32): void {
  const low = f64x2.promote_low_f32x4(v);
  const high = f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3));
  if (n >= 2) v128.store(acc, f64x2.add(v128.load(acc), low));
  else store<f64>(acc, load<f64>(acc) + f64x2.extract_lane(low, 0));
  if (n == 4) v128.store(acc, f64x2.add(v128.load(acc, 16), high), 16);
  else if (n == 3) store<f64>(acc, load<f64>(acc, 16) + f64x2.extract_lane(high, 0), 16);
}

/**
 * Per-channel mean and biased variance of a rows×C matrix (channels last) in float64 at `mean` and
 * `variance` (C each, overwritten), in two passes: Σ (x − x[0]) (shifted, so a channel's offset does not
 * swamp its spread), then Σ (x − mean)² (no E[x²] − E[x]² cancellation). Blocks of 16 rows are summed in
 * float32, the blocks' sums in float64.
 */
export function channel_mean_variance(x: usize, rows: i32, C: i32, mean: usize, variance: usize): void {
  const ld = <usize>C << 2, bytes64 = <usize>C << 3;
  memory.fill(mean, 0, bytes64);
  memory.fill(variance, 0, bytes64);
  for (let r0 = 0; r0 < rows; r0 += STAT_BLOCK) {
    const block = min(STAT_BLOCK, rows - r0), p = x + <usize>r0 * ld;
    let c = 0;
    for (; c + 4 <= C; c += 4) shiftedSumStep(p + (<usize>c << 2), x + (<usize>c << 2), ld, block, mean + (<usize>c << 3), 4);
    if (c < C) shiftedSumStep(p + (<usize>c << 2), x + (<usize>c << 2), ld, block, mean + (<usize>c << 3), C - c);
  }
  const inv = <f64>1 / <f64>rows;
  for (let c = 0; c < C; c++) {
    const m = mean + (<usize>c << 3);
    store<f64>(m, <f64>load<f32>(x + (<usize>c << 2)) + load<f64>(m) * inv);
  }
  for (let r0 = 0; r0 < rows; r0 += STAT_BLOCK) {
    const block = min(STAT_BLOCK, rows - r0), p = x + <usize>r0 * ld;
    let c = 0;
    for (; c + 4 <= C; c += 4) squaresStep(p + (<usize>c << 2), ld, block, mean + (<usize>c << 3), variance + (<usize>c << 3), 4);
    if (c < C) squaresStep(p + (<usize>c << 2), ld, block, mean + (<usize>c << 3), variance + (<usize>c << 3), C - c);
  }
  for (let c = 0; c < C; c++) store<f64>(variance + (<usize>c << 3), load<f64>(variance + (<usize>c << 3)) * inv);
}

/** The `n` ≤ 4 float64s at `p` (lanes past n repeat or are 0: callers never store them) as two float64x2s. */
// @ts-ignore: decorator
@inline function loadLow64(p: usize, n: i32): v128 {
  return n >= 2 ? v128.load(p) : f64x2.splat(load<f64>(p));
}

// @ts-ignore: decorator
@inline function loadHigh64(p: usize, n: i32): v128 {
  return n == 4 ? v128.load(p, 16) : n == 3 ? f64x2.splat(load<f64>(p, 16)) : f64x2.splat(0);
}

/** Two float64x2s narrowed to one float32x4. */
// @ts-ignore: decorator
@inline function narrow(low: v128, high: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5);
}

/** What float32 rounding leaves of two float64x2s (v − f32(v)), as one float32x4. */
// @ts-ignore: decorator
@inline function narrowRest(low: v128, high: v128): v128 {
  const lowRest = f64x2.sub(low, f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(low)));
  const highRest = f64x2.sub(high, f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(high)));
  return narrow(lowRest, highRest);
}

// @ts-ignore: decorator
@inline function shiftedSumStep(p: usize, shift: usize, ld: usize, block: i32, acc: usize, n: i32): void {
  const x0 = loadPartial(shift, n);
  let s = f32x4.splat(0);
  for (let r = 0; r < block; r++, p += ld) s = f32x4.add(s, f32x4.sub(loadPartial(p, n), x0));
  addWidened(acc, s, n);
}

// @ts-ignore: decorator
@inline function squaresStep(p: usize, ld: usize, block: i32, mean: usize, acc: usize, n: i32): void {
  // The mean as a float32 pair hi + lo: (x − hi) − lo keeps the float64 mean's accuracy.
  const low = loadLow64(mean, n), high = loadHigh64(mean, n);
  const hi = narrow(low, high), lo = narrowRest(low, high);
  let s = f32x4.splat(0);
  for (let r = 0; r < block; r++, p += ld) {
    const d = f32x4.sub(f32x4.sub(loadPartial(p, n), hi), lo);
    s = f32x4.add(s, f32x4.mul(d, d));
  }
  addWidened(acc, s, n);
}

/**
 * Per-channel sums of a batch-norm backward over rows×C matrices: sumDy[c] = Σ dy, sumDyXHat[c] = Σ dy·x̂,
 * in float64 (C each, overwritten).
 */
export function channel_grad_sums(dy: usize, xHat: usize, rows: i32, C: i32, sumDy: usize, sumDyXHat: usize): void {
  const ld = <usize>C << 2, bytes64 = <usize>C << 3;
  memory.fill(sumDy, 0, bytes64);
  memory.fill(sumDyXHat, 0, bytes64);
  for (let r0 = 0; r0 < rows; r0 += STAT_BLOCK) {
    const block = min(STAT_BLOCK, rows - r0), o = <usize>r0 * ld;
    let c = 0;
    for (; c + 4 <= C; c += 4) gradSumsStep(dy + o + (<usize>c << 2), xHat + o + (<usize>c << 2), ld, block, sumDy + (<usize>c << 3), sumDyXHat + (<usize>c << 3), 4);
    if (c < C) gradSumsStep(dy + o + (<usize>c << 2), xHat + o + (<usize>c << 2), ld, block, sumDy + (<usize>c << 3), sumDyXHat + (<usize>c << 3), C - c);
  }
}

// @ts-ignore: decorator
@inline function gradSumsStep(dy: usize, xHat: usize, ld: usize, block: i32, sumDy: usize, sumDyXHat: usize, n: i32): void {
  let s = f32x4.splat(0), t = f32x4.splat(0);
  for (let r = 0; r < block; r++) {
    const d = loadPartial(dy, n);
    s = f32x4.add(s, d);
    t = f32x4.add(t, f32x4.mul(d, loadPartial(xHat, n)));
    dy += ld;
    xHat += ld;
  }
  addWidened(sumDy, s, n);
  addWidened(sumDyXHat, t, n);
}

/**
 * Batch-norm forward over rows r0..r1 of a rows×C matrix with per-channel float32 vectors (C each): x̂ = (x − mean)·invStd,
 * y = γ·x̂ + β, the mean given as a float32 pair meanHi + meanLo so that x − mean keeps its accuracy where a
 * channel's mean is large against its spread. x̂ and y are written; y may alias x.
 */
export function channel_normalize(x: usize, xHat: usize, y: usize, C: i32, meanHi: usize, meanLo: usize, invStd: usize, gamma: usize, beta: usize, r0: i32, r1: i32): void {
  const ld = <usize>C << 2;
  for (let r = r0; r < r1; r++) {
    const o = <usize>r * ld;
    let c = 0;
    for (; c + 4 <= C; c += 4) normalizeStep(x + o, xHat + o, y + o, <usize>c << 2, meanHi, meanLo, invStd, gamma, beta, 4);
    if (c < C) normalizeStep(x + o, xHat + o, y + o, <usize>c << 2, meanHi, meanLo, invStd, gamma, beta, C - c);
  }
}

// @ts-ignore: decorator
@inline function normalizeStep(x: usize, xHat: usize, y: usize, c: usize, meanHi: usize, meanLo: usize, invStd: usize, gamma: usize, beta: usize, n: i32): void {
  const centred = f32x4.sub(f32x4.sub(loadPartial(x + c, n), loadPartial(meanHi + c, n)), loadPartial(meanLo + c, n));
  const h = f32x4.mul(centred, loadPartial(invStd + c, n));
  storePartial(xHat + c, h, n);
  storePartial(y + c, f32x4.add(f32x4.mul(loadPartial(gamma + c, n), h), loadPartial(beta + c, n)), n);
}

/** dx = a·dy + b + k·x̂ per channel over rows r0..r1 of rows×C matrices (a, b, k: C float32s each); dx may alias dy. */
export function channel_affine_grad(dy: usize, xHat: usize, dx: usize, C: i32, a: usize, b: usize, k: usize, r0: i32, r1: i32): void {
  const ld = <usize>C << 2;
  for (let r = r0; r < r1; r++) {
    const o = <usize>r * ld;
    let c = 0;
    for (; c + 4 <= C; c += 4) affineGradStep(dy + o, xHat + o, dx + o, <usize>c << 2, a, b, k, 4);
    if (c < C) affineGradStep(dy + o, xHat + o, dx + o, <usize>c << 2, a, b, k, C - c);
  }
}

// @ts-ignore: decorator
@inline function affineGradStep(dy: usize, xHat: usize, dx: usize, c: usize, a: usize, b: usize, k: usize, n: i32): void {
  const v = f32x4.add(f32x4.mul(loadPartial(a + c, n), loadPartial(dy + c, n)), loadPartial(b + c, n));
  storePartial(dx + c, f32x4.add(v, f32x4.mul(loadPartial(k + c, n), loadPartial(xHat + c, n))), n);
}
