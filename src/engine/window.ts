// Sliding-window geometry of the image kernels (convolution windows, pools), channels-last: where a k×k window with
// stride s lands on an [inH, inW, inC] input, with TensorFlow's padding rule.

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
export function windowGeometry(inputShape: readonly number[], kernel: number, stride: number, padding: Padding): WindowGeometry {
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
