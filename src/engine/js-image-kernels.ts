// The image kernels in plain TypeScript (the JS engine's, and the oracle the WASM kernels of image-kernels.ts are
// tested against): im2col / col2im, max and average pooling over 'valid' windows, and batch normalisation's
// per-channel passes, channels-last. The loops work on arrays; jsImageKernels puts them behind ImageKernels.
import type { Tensor } from './engine.js';
import type { ImageKernels } from './image-kernels.js';
import { patchSize, type WindowGeometry } from './window.js';

/** Flat input indices of the max pool's maxima: int32s, or exact integers in a float64 memory. */
export type IndexArray = Int32Array | Float64Array;

/**
 * The image kernels over a memory reached through `view` (floats) and `indices` (the max pool's argmax slots).
 * Per-channel statistics are summed in float64 and the float32 outputs are rounded once.
 */
export function jsImageKernels(view: (t: Tensor, length: number) => Float32Array, indices: (t: Tensor, length: number) => IndexArray): ImageKernels {
  const imageFloats = (g: WindowGeometry, batch: number) => batch * g.inH * g.inW * g.inC;
  const pooledFloats = (g: WindowGeometry, batch: number) => batch * g.outH * g.outW * g.inC;
  const colFloats = (g: WindowGeometry, batch: number) => batch * g.outH * g.outW * patchSize(g);
  return {
    im2col(x, cols, g, batch) {
      im2col(view(x, imageFloats(g, batch)), view(cols, colFloats(g, batch)), g, batch);
    },
    col2im(cols, dx, g, batch) {
      const DX = view(dx, imageFloats(g, batch));
      DX.fill(0);
      col2im(view(cols, colFloats(g, batch)), DX, g, batch);
    },
    maxPool(x, y, argmax, g, batch) {
      maxPool(view(x, imageFloats(g, batch)), view(y, pooledFloats(g, batch)), indices(argmax, pooledFloats(g, batch)), g, batch);
    },
    maxPoolBackward(dy, argmax, dx, g, batch) {
      const n = pooledFloats(g, batch);
      maxPoolBackward(view(dy, n), indices(argmax, n), view(dx, imageFloats(g, batch)), n);
    },
    avgPool(x, y, g, batch) {
      avgPool(view(x, imageFloats(g, batch)), view(y, pooledFloats(g, batch)), g, batch);
    },
    avgPoolBackward(dy, dx, g, batch) {
      avgPoolBackward(view(dy, pooledFloats(g, batch)), view(dx, imageFloats(g, batch)), g, batch);
    },
    meanVariance(x, rows, channels, mean, variance) {
      meanVariance(view(x, rows * channels), rows, channels, mean, variance);
    },
    normalize(x, xHat, y, rows, channels, mean, invStd, gamma, beta) {
      const n = rows * channels;
      normalize(view(x, n), view(xHat, n), view(y, n), rows, channels, mean, invStd, view(gamma, channels), view(beta, channels));
    },
    gradSums(dy, xHat, rows, channels, sumDy, sumDyXHat) {
      gradSums(view(dy, rows * channels), view(xHat, rows * channels), rows, channels, sumDy, sumDyXHat);
    },
    affineGrad(dy, xHat, dx, rows, channels, a, b, k) {
      const n = rows * channels;
      affineGrad(view(dy, n), view(xHat, n), view(dx, n), rows, channels, a, b, k);
    },
  };
}

/**
 * Walks im2col's layout: visit(at, from) for each window position's run of inC channels, `at` its offset in the
 * columns and `from` the input offset it copies, or −1 where that position is padding.
 */
function forEachPatchRun(g: WindowGeometry, batch: number, visit: (at: number, from: number) => void): void {
  const { inH, inW, inC, kernel, stride, outH, outW, padTop, padLeft } = g;
  let at = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ky = 0; ky < kernel; ky++) {
          const iy = oy * stride - padTop + ky;
          for (let kx = 0; kx < kernel; kx++, at += inC) {
            const ix = ox * stride - padLeft + kx;
            visit(at, iy < 0 || iy >= inH || ix < 0 || ix >= inW ? -1 : ((b * inH + iy) * inW + ix) * inC);
          }
        }
      }
    }
  }
}

/**
 * im2col: cols[(b, oy, ox), (ky, kx, c)] = x[b, oy·s − padTop + ky, ox·s − padLeft + kx, c], or 0
 * where that position is padding. x is [batch, inH, inW, inC], cols [batch·outH·outW, k·k·inC].
 */
export function im2col(x: Float32Array, cols: Float32Array, g: WindowGeometry, batch: number): void {
  const inC = g.inC;
  forEachPatchRun(g, batch, (at, from) => {
    if (from < 0) cols.fill(0, at, at + inC);
    else for (let c = 0; c < inC; c++) cols[at + c] = x[from + c];
  });
}

/**
 * col2im, the adjoint of im2col: dx[b, iy, ix, c] += Σ of the cols entries im2col copied from
 * that position (padding entries are dropped). Accumulates: zero dx first for a plain gradient.
 */
export function col2im(cols: Float32Array, dx: Float32Array, g: WindowGeometry, batch: number): void {
  const inC = g.inC;
  forEachPatchRun(g, batch, (at, to) => {
    if (to >= 0) for (let c = 0; c < inC; c++) dx[to + c] += cols[at + c];
  });
}

/**
 * Walks the pools' output layout: visit(at, start, offsets) for each output, `at` its index, `start` the input index of
 * its window's first value and `offsets` those of the window's k·k values from there, in (ky, kx) order.
 */
function forEachPoolWindow(g: WindowGeometry, batch: number, visit: (at: number, start: number, offsets: readonly number[]) => void): void {
  const { inH, inW, inC, kernel, stride, outH, outW } = g;
  const offsets = Array.from({ length: kernel * kernel }, (_, i) => (Math.floor(i / kernel) * inW + (i % kernel)) * inC);
  let at = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = ((b * inH + oy * stride) * inW + ox * stride) * inC;
        for (let c = 0; c < inC; c++, at++) visit(at, corner + c, offsets);
      }
    }
  }
}

/**
 * Y = the maximum of each 'valid' window, argmax = its flat index into X: the first maximum in (ky, kx) scan
 * order on ties (PyTorch's CPU kernel picks the same); a NaN in the window wins, so NaNs propagate.
 */
export function maxPool(X: Float32Array, Y: Float32Array, argmax: IndexArray, g: WindowGeometry, batch: number): void {
  forEachPoolWindow(g, batch, (at, start, offsets) => {
    let best = start, max = X[best];
    for (const o of offsets) {
      const v = X[start + o];
      if (v > max || (v !== v && max === max)) {
        max = v;
        best = start + o;
      }
    }
    Y[at] = max;
    argmax[at] = best;
  });
}

/** DX = the adjoint of maxPool applied to the n values of D: DX = 0, then DX[argmax[i]] += D[i]. */
export function maxPoolBackward(D: Float32Array, argmax: IndexArray, DX: Float32Array, n: number): void {
  DX.fill(0);
  for (let i = 0; i < n; i++) DX[argmax[i]] += D[i];
}

/** Y = the mean of each 'valid' window. */
export function avgPool(X: Float32Array, Y: Float32Array, g: WindowGeometry, batch: number): void {
  const scale = 1 / (g.kernel * g.kernel);
  forEachPoolWindow(g, batch, (at, start, offsets) => {
    let sum = 0;
    for (const o of offsets) sum += X[start + o];
    Y[at] = sum * scale;
  });
}

/** DX = the adjoint of avgPool applied to D (each D spread as D/size² over its window); overwrites DX. */
export function avgPoolBackward(D: Float32Array, DX: Float32Array, g: WindowGeometry, batch: number): void {
  const scale = 1 / (g.kernel * g.kernel);
  DX.fill(0);
  forEachPoolWindow(g, batch, (at, start, offsets) => {
    const share = D[at] * scale;
    for (const o of offsets) DX[start + o] += share;
  });
}

/**
 * Per-channel mean and biased variance of a rows×C matrix, in float64: two passes (mean, then squared
 * deviations) avoid E[x²] − E[x]²'s cancellation.
 */
export function meanVariance(X: Float32Array, rows: number, C: number, mean: Float64Array, variance: Float64Array): void {
  mean.fill(0);
  variance.fill(0);
  for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < C; c++, i++) mean[c] += X[i];
  for (let c = 0; c < C; c++) mean[c] /= rows;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < C; c++, i++) {
      const d = X[i] - mean[c];
      variance[c] += d * d;
    }
  }
  for (let c = 0; c < C; c++) variance[c] /= rows;
}

/** XH = (X − mean)·invStd and Y = γ·XH + β per channel, each computed in float64. */
export function normalize(
  X: Float32Array,
  XH: Float32Array,
  Y: Float32Array,
  rows: number,
  C: number,
  mean: Float64Array,
  invStd: Float64Array,
  gamma: Float32Array,
  beta: Float32Array,
): void {
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < C; c++, i++) {
      const xh = (X[i] - mean[c]) * invStd[c];
      XH[i] = xh;
      Y[i] = gamma[c] * xh + beta[c];
    }
  }
}

/** Per-channel Σ D and Σ D·XH, summed in float64. */
export function gradSums(D: Float32Array, XH: Float32Array, rows: number, C: number, sumDy: Float64Array, sumDyXHat: Float64Array): void {
  sumDy.fill(0);
  sumDyXHat.fill(0);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < C; c++, i++) {
      sumDy[c] += D[i];
      sumDyXHat[c] += D[i] * XH[i];
    }
  }
}

/** DX = a·D + b + k·XH per channel, in float64. */
export function affineGrad(D: Float32Array, XH: Float32Array, DX: Float32Array, rows: number, C: number, a: Float64Array, b: Float64Array, k: Float64Array): void {
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < C; c++, i++) DX[i] = a[c] * D[i] + b[c] + k[c] * XH[i];
  }
}
