// Sliding-window geometry and the im2col / col2im pair that turn a channels-last convolution into
// one GEMM: rows are output positions (batch·outH·outW), columns the window in (ky, kx, c) order.
import type { Shape } from './layer.js';

export type Padding = 'valid' | 'same';

/** Where a k×k window with stride s lands on an [inH, inW, inC] input. */
export interface WindowGeometry {
  readonly inH: number;
  readonly inW: number;
  readonly inC: number;
  readonly kernel: number;
  readonly stride: number;
  readonly outH: number;
  readonly outW: number;
  /** Zero rows above / columns left of the input ('same' puts any odd extra at the bottom/right). */
  readonly padTop: number;
  readonly padLeft: number;
}

/** A window larger than its input under 'valid' padding: the layer would have no output. */
export class WindowTooLargeError extends RangeError {}

/** Output length and leading padding along one axis, TensorFlow's rule. */
function axisGeometry(size: number, kernel: number, stride: number, padding: Padding): [out: number, padBefore: number] {
  if (padding === 'valid') {
    if (size < kernel) throw new WindowTooLargeError(`window ${kernel} does not fit in ${size} with 'valid' padding`);
    return [Math.floor((size - kernel) / stride) + 1, 0];
  }
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [out, Math.floor(total / 2)];
}

/**
 * Window geometry as TensorFlow defines it: 'valid' out = ⌊(in − k)/s⌋ + 1 with no padding;
 * 'same' out = ⌈in/s⌉, padded by max((out − 1)·s + k − in, 0) split with the extra on the
 * bottom/right (PyTorch's padding='same' allows stride 1 only and puts the extra at the end too).
 */
export function windowGeometry(inputShape: Shape, kernel: number, stride: number, padding: Padding): WindowGeometry {
  if (inputShape.length !== 3) throw new Error(`expected a per-sample shape [height, width, channels], got [${inputShape.join(', ')}]`);
  if (!(Number.isInteger(kernel) && kernel >= 1)) throw new Error(`kernel must be a positive integer, got ${kernel}`);
  if (!(Number.isInteger(stride) && stride >= 1)) throw new Error(`stride must be a positive integer, got ${stride}`);
  const [inH, inW, inC] = inputShape;
  const [outH, padTop] = axisGeometry(inH, kernel, stride, padding);
  const [outW, padLeft] = axisGeometry(inW, kernel, stride, padding);
  return { inH, inW, inC, kernel, stride, outH, outW, padTop, padLeft };
}

/** Columns of the im2col matrix: k·k·inC. */
export const patchSize = (g: WindowGeometry) => g.kernel * g.kernel * g.inC;

/**
 * im2col: cols[(b, oy, ox), (ky, kx, c)] = x[b, oy·s − padTop + ky, ox·s − padLeft + kx, c], or 0
 * where that position is padding. x is [batch, inH, inW, inC], cols [batch·outH·outW, k·k·inC].
 */
export function im2col(x: Float32Array, cols: Float32Array, g: WindowGeometry, batch: number): void {
  const { inH, inW, inC, kernel, stride, outH, outW, padTop, padLeft } = g;
  let at = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ky = 0; ky < kernel; ky++) {
          const iy = oy * stride - padTop + ky;
          for (let kx = 0; kx < kernel; kx++) {
            const ix = ox * stride - padLeft + kx;
            if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) {
              cols.fill(0, at, at + inC);
            } else {
              const from = ((b * inH + iy) * inW + ix) * inC;
              for (let c = 0; c < inC; c++) cols[at + c] = x[from + c];
            }
            at += inC;
          }
        }
      }
    }
  }
}

/**
 * col2im, the adjoint of im2col: dx[b, iy, ix, c] += Σ of the cols entries im2col copied from
 * that position (padding entries are dropped). Accumulates: zero dx first for a plain gradient.
 */
export function col2im(cols: Float32Array, dx: Float32Array, g: WindowGeometry, batch: number): void {
  const { inH, inW, inC, kernel, stride, outH, outW, padTop, padLeft } = g;
  let at = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ky = 0; ky < kernel; ky++) {
          const iy = oy * stride - padTop + ky;
          for (let kx = 0; kx < kernel; kx++) {
            const ix = ox * stride - padLeft + kx;
            if (iy >= 0 && iy < inH && ix >= 0 && ix < inW) {
              const to = ((b * inH + iy) * inW + ix) * inC;
              for (let c = 0; c < inC; c++) dx[to + c] += cols[at + c];
            }
            at += inC;
          }
        }
      }
    }
  }
}
