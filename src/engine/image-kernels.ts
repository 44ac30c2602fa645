// The WASM SIMD kernels of the image layers (assembly/conv.ts) over the arena: im2col / col2im, max and
// average pooling, and batch normalisation's per-channel passes (the JS engine's, in plain TypeScript, are
// js-image-kernels.ts; layers reach either through Engine.imageKernels). Large calls are split over
// the engine's threads by images or rows (each thread writes its own part: the result is the same bit for
// bit); the per-channel sums run on the calling thread, so their summation order never depends on threads.
import type { Arena } from './arena.js';
import type { Tensor } from './engine.js';
import type { GemmRunner, SplittableKernel } from './pool.js';
import type { Kernels } from './wasm.js';
import type { WindowGeometry } from './window.js';

/** Calls touching fewer floats than this stay on the calling thread: a hand-off costs ~5–15 µs. */
const MIN_SPLIT_FLOATS = 1 << 16;

/** Channels-last image operations on engine tensors; `rows` × `channels` matrices have channels last. */
export interface ImageKernels {
  /** cols = im2col(x) for `batch` images: rows (b, oy, ox), columns (ky, kx, c), 0 on padding (js-image-kernels.ts). */
  im2col(x: Tensor, cols: Tensor, g: WindowGeometry, batch: number): void;
  /** dx = col2im(cols), the adjoint of im2col; overwrites dx. */
  col2im(cols: Tensor, dx: Tensor, g: WindowGeometry, batch: number): void;
  /**
   * y = the maximum of each 'valid' window, argmax = its flat index into x (int32s in argmax's slots, exact values
   * in a float64 memory); the
   * first maximum in (ky, kx) order on ties, a NaN over any number.
   */
  maxPool(x: Tensor, y: Tensor, argmax: Tensor, g: WindowGeometry, batch: number): void;
  /** dx = the adjoint of maxPool applied to dy: dx = 0, then dx[argmax[i]] += dy[i]. */
  maxPoolBackward(dy: Tensor, argmax: Tensor, dx: Tensor, g: WindowGeometry, batch: number): void;
  /** y = the mean of each 'valid' window. */
  avgPool(x: Tensor, y: Tensor, g: WindowGeometry, batch: number): void;
  /** dx = the adjoint of avgPool applied to dy; overwrites dx. */
  avgPoolBackward(dy: Tensor, dx: Tensor, g: WindowGeometry, batch: number): void;
  /** Per-channel mean and biased variance of x, summed in float64 (WASM: 16-row blocks in float32, shifted by the first row). */
  meanVariance(x: Tensor, rows: number, channels: number, mean: Float64Array, variance: Float64Array): void;
  /** x̂ = (x − mean)·invStd and y = γ·x̂ + β per channel (WASM: the mean to ~float64 accuracy, invStd rounded to float32). */
  normalize(x: Tensor, xHat: Tensor, y: Tensor, rows: number, channels: number, mean: Float64Array, invStd: Float64Array, gamma: Tensor, beta: Tensor): void;
  /** Per-channel Σ dy and Σ dy·x̂, summed in float64 (WASM: 16-row blocks in float32). */
  gradSums(dy: Tensor, xHat: Tensor, rows: number, channels: number, sumDy: Float64Array, sumDyXHat: Float64Array): void;
  /** dx = a·dy + b + k·x̂ per channel (WASM: a, b, k rounded to float32). */
  affineGrad(dy: Tensor, xHat: Tensor, dx: Tensor, rows: number, channels: number, a: Float64Array, b: Float64Array, k: Float64Array): void;
}

/** One object per kernel instance, i.e. per engine: each keeps a scratch block in the arena. */
const cache = new WeakMap<Kernels, ImageKernels>();

/**
 * The image kernels of instance `kernels` over `arena`, split over `runner`'s threads where given: the same
 * object on every call with the same instance.
 */
export function imageKernels(arena: Arena, kernels: Kernels, runner: GemmRunner | null = null): ImageKernels {
  let image = cache.get(kernels);
  if (image === undefined) {
    image = createImageKernels(arena, kernels, runner);
    cache.set(kernels, image);
  }
  return image;
}

function createImageKernels(arena: Arena, kernels: Kernels, runner: GemmRunner | null): ImageKernels {
  /** kernel(...args, 0, count) on this thread, or split over the runner's threads when `floats` is large. */
  const split = (name: SplittableKernel, args: readonly number[], count: number, floats: number) => {
    if (runner !== null && floats >= MIN_SPLIT_FLOATS) runner.run(name, args, count);
    else (kernels[name] as (...a: number[]) => void)(...args, 0, count);
  };
  // Per-channel vectors travel through one scratch block: 4 floats per channel cover the largest use
  // (two float64 vectors, or three float32 ones).
  let scratch = 0, scratchChannels = 0;
  const reserve = (channels: number): number => {
    if (channels > scratchChannels) {
      if (scratchChannels > 0) arena.release(scratch);
      scratch = arena.alloc(16 * channels);
      scratchChannels = channels;
    }
    return scratch;
  };
  /** Copies float64 vectors into the scratch as float32 vectors, one after another; returns their pointers. */
  const stage = (channels: number, ...vectors: Float64Array[]): number[] => {
    const base = reserve(channels);
    return vectors.map((v, j) => {
      const ptr = base + 4 * channels * j;
      arena.f32(ptr, channels).set(v.subarray(0, channels));
      return ptr;
    });
  };
  const window = (g: WindowGeometry) => [g.inH, g.inW, g.inC, g.kernel, g.stride] as const;
  /** Floats of one image's window columns, and of one image. */
  const colsPerImage = (g: WindowGeometry) => g.outH * g.outW * g.kernel * g.kernel * g.inC;
  const imageFloats = (g: WindowGeometry) => g.inH * g.inW * g.inC;
  return {
    im2col(x, cols, g, batch) {
      split('im2col', [x.ptr, cols.ptr, ...window(g), g.padTop, g.padLeft, g.outH, g.outW], batch, batch * colsPerImage(g));
    },
    col2im(cols, dx, g, batch) {
      split('col2im', [cols.ptr, dx.ptr, ...window(g), g.padTop, g.padLeft, g.outH, g.outW], batch, batch * colsPerImage(g));
    },
    maxPool(x, y, argmax, g, batch) {
      split('max_pool', [x.ptr, y.ptr, argmax.ptr, ...window(g), g.outH, g.outW], batch, batch * imageFloats(g));
    },
    maxPoolBackward(dy, argmax, dx, g, batch) {
      split('max_pool_backward', [dy.ptr, argmax.ptr, dx.ptr, ...window(g), g.outH, g.outW], batch, batch * imageFloats(g));
    },
    avgPool(x, y, g, batch) {
      split('avg_pool', [x.ptr, y.ptr, ...window(g), g.outH, g.outW], batch, batch * imageFloats(g));
    },
    avgPoolBackward(dy, dx, g, batch) {
      split('avg_pool_backward', [dy.ptr, dx.ptr, ...window(g), g.outH, g.outW], batch, batch * imageFloats(g));
    },
    meanVariance(x, rows, channels, mean, variance) {
      const base = reserve(channels), second = base + 8 * channels;
      kernels.channel_mean_variance(x.ptr, rows, channels, base, second);
      mean.set(new Float64Array(arena.memory.buffer, base, channels));
      variance.set(new Float64Array(arena.memory.buffer, second, channels));
    },
    normalize(x, xHat, y, rows, channels, mean, invStd, gamma, beta) {
      // The mean as float32 hi + lo: x − hi is exact for x near the mean, so x − mean keeps float64 accuracy.
      const hi = mean.map(Math.fround);
      const [pHi, pLo, pInvStd] = stage(channels, hi, mean.map((m, c) => m - hi[c]), invStd);
      split('channel_normalize', [x.ptr, xHat.ptr, y.ptr, channels, pHi, pLo, pInvStd, gamma.ptr, beta.ptr], rows, rows * channels);
    },
    gradSums(dy, xHat, rows, channels, sumDy, sumDyXHat) {
      const base = reserve(channels), second = base + 8 * channels;
      kernels.channel_grad_sums(dy.ptr, xHat.ptr, rows, channels, base, second);
      sumDy.set(new Float64Array(arena.memory.buffer, base, channels));
      sumDyXHat.set(new Float64Array(arena.memory.buffer, second, channels));
    },
    affineGrad(dy, xHat, dx, rows, channels, a, b, k) {
      const [pa, pb, pk] = stage(channels, a, b, k);
      split('channel_affine_grad', [dy.ptr, xHat.ptr, dx.ptr, channels, pa, pb, pk], rows, rows * channels);
    },
  };
}
