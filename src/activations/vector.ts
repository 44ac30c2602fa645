// Row-wise functions of a vector: softmax, softmin and logSoftmax. Each is written once as a row
// kernel over [start, end) of any array; the float64 reference runs it on number[], the float32
// kernels on Float32Array rows (arithmetic in float64, rounded on store).
import type { VectorActivation } from './types.js';

type RowIn = ArrayLike<number>;
type RowOut = { [i: number]: number };
type RowForward = (x: RowIn, y: RowOut, start: number, end: number) => void;
type RowBackward = (y: RowIn, dy: RowIn, dx: RowOut, start: number, end: number) => void;
type VectorMetadata = Omit<VectorActivation, 'kind' | 'ref' | 'kernels'>;

/** max of sign·x over [start, end): −Inf for an empty row, NaN if any element is NaN. */
function signedMax(x: RowIn, start: number, end: number, sign: number): number {
  let m = -Infinity;
  for (let i = start; i < end; i++) {
    const v = sign * x[i];
    if (v !== v) return NaN;
    if (v > m) m = v;
  }
  return m;
}

/**
 * For a row whose max m is ±Inf, where exp(x − m) is NaN: the entries equal to m share the mass
 * equally and the rest get 0. This is the limit of the finite case (+Inf entries far ahead of the
 * rest; an all −Inf row is uniform like any constant row).
 */
function shareAmongMaxima(x: RowIn, y: RowOut, start: number, end: number, sign: number, m: number): void {
  let count = 0;
  for (let i = start; i < end; i++) if (sign * x[i] === m) count++;
  const share = 1 / count;
  for (let i = start; i < end; i++) y[i] = sign * x[i] === m ? share : 0;
}

/** y = softmax(sign·x) over a row, stabilised by subtracting the row max (no overflow). */
function softmaxRow(x: RowIn, y: RowOut, start: number, end: number, sign: number): void {
  const m = signedMax(x, start, end, sign);
  if (m === Infinity || m === -Infinity) {
    shareAmongMaxima(x, y, start, end, sign, m);
    return;
  }
  // The sum is kept in float64; y holds exp(x − m) in between (≤ 1, and the max entry gives 1).
  let sum = 0;
  for (let i = start; i < end; i++) {
    const e = Math.exp(sign * x[i] - m);
    y[i] = e;
    sum += e;
  }
  for (let i = start; i < end; i++) y[i] = y[i] / sum;
}

/** dx = sign·y ⊙ (dy − ⟨dy, y⟩): the VJP of softmax(sign·x) from its output y. */
function softmaxVjpRow(y: RowIn, dy: RowIn, dx: RowOut, start: number, end: number, sign: number): void {
  let dot = 0;
  for (let i = start; i < end; i++) dot += dy[i] * y[i];
  for (let i = start; i < end; i++) dx[i] = sign * y[i] * (dy[i] - dot);
}

/** y = x − m − log Σ exp(x − m), m the row max; (x − m) is taken first so large x keep their precision. */
function logSoftmaxRow(x: RowIn, y: RowOut, start: number, end: number): void {
  const m = signedMax(x, start, end, 1);
  if (m === Infinity || m === -Infinity) {
    shareAmongMaxima(x, y, start, end, 1, m);
    for (let i = start; i < end; i++) y[i] = Math.log(y[i]);
    return;
  }
  let sum = 0;
  for (let i = start; i < end; i++) sum += Math.exp(x[i] - m);
  const logSum = Math.log(sum);
  for (let i = start; i < end; i++) y[i] = x[i] - m - logSum;
}

/** dx = dy − exp(y)·Σdy: the VJP of logSoftmax from its output y (exp(y) is softmax(x)). */
function logSoftmaxVjpRow(y: RowIn, dy: RowIn, dx: RowOut, start: number, end: number): void {
  let total = 0;
  for (let i = start; i < end; i++) total += dy[i];
  for (let i = start; i < end; i++) dx[i] = dy[i] - Math.exp(y[i]) * total;
}

function checkRows(name: string, rowLength: number, n: number): void {
  if (!(Number.isInteger(rowLength) && rowLength >= 1 && n % rowLength === 0)) {
    throw new RangeError(`${name}: ${n} elements do not split into rows of length ${rowLength}`);
  }
}

/** A catalog entry from its row kernels: the reference runs them on number[], the kernels row by row. */
function defineVector(meta: VectorMetadata, forwardRow: RowForward, backwardRow: RowBackward): VectorActivation {
  const f = (row: readonly number[]): number[] => {
    const y = new Array<number>(row.length).fill(0);
    forwardRow(row, y, 0, row.length);
    return y;
  };
  return {
    ...meta,
    kind: 'vector',
    ref: {
      f,
      vjp(row, dy) {
        if (dy.length !== row.length) throw new RangeError(`${meta.name}: dy has ${dy.length} elements, the row ${row.length}`);
        const dx = new Array<number>(row.length).fill(0);
        backwardRow(f(row), dy, dx, 0, row.length);
        return dx;
      },
    },
    kernels: {
      forward(x, y, rowLength, n) {
        checkRows(meta.name, rowLength, n);
        for (let start = 0; start < n; start += rowLength) forwardRow(x, y, start, start + rowLength);
      },
      backward(y, dy, dx, rowLength, n) {
        checkRows(meta.name, rowLength, n);
        for (let start = 0; start < n; start += rowLength) backwardRow(y, dy, dx, start, start + rowLength);
      },
    },
  };
}

const INFINITE_ROWS =
  'PyTorch and JAX give NaN there. Any NaN in a row makes the whole row NaN.';

/** softmax: exp(xᵢ − m)/Σⱼ exp(xⱼ − m), m = max x. VJP: y ⊙ (dy − ⟨dy, y⟩). */
export const softmax = defineVector(
  {
    name: 'softmax',
    aliases: ['Softmax'],
    description: 'Normalised exponential: a probability vector that favours the largest entries.',
    formula: 'exp(xᵢ − max x)/Σⱼ exp(xⱼ − max x)',
    tex: String.raw`\frac{e^{x_i - \max_k x_k}}{\sum_j e^{x_j - \max_k x_k}}`,
    reference: 'Bridle 1990; PyTorch Softmax, jax.nn.softmax',
    family: 'vector',
    params: [],
    notes: `If the row max is ±Inf, the entries equal to it share the mass equally (an all −Inf row is uniform); ${INFINITE_ROWS}`,
  },
  (x, y, start, end) => softmaxRow(x, y, start, end, 1),
  (y, dy, dx, start, end) => softmaxVjpRow(y, dy, dx, start, end, 1),
);

/** softmin: softmax(−x). VJP: −y ⊙ (dy − ⟨dy, y⟩). */
export const softmin = defineVector(
  {
    name: 'softmin',
    aliases: ['Softmin'],
    description: 'Softmax of the negated row: a probability vector that favours the smallest entries.',
    formula: 'exp(m − xᵢ)/Σⱼ exp(m − xⱼ), m = min x',
    tex: String.raw`\frac{e^{m - x_i}}{\sum_j e^{m - x_j}}, \quad m = \min_k x_k`,
    reference: 'PyTorch Softmin',
    family: 'vector',
    params: [],
    notes: `If the row min is ±Inf, the entries equal to it share the mass equally (an all +Inf row is uniform); ${INFINITE_ROWS}`,
  },
  (x, y, start, end) => softmaxRow(x, y, start, end, -1),
  (y, dy, dx, start, end) => softmaxVjpRow(y, dy, dx, start, end, -1),
);

/** logSoftmax: xᵢ − m − log Σⱼ exp(xⱼ − m), m = max x. VJP: dy − exp(y)·Σdy. */
export const logSoftmax = defineVector(
  {
    name: 'logSoftmax',
    aliases: ['log_softmax', 'LogSoftmax'],
    description: 'Logarithm of the softmax, computed without forming the softmax (stable for large spreads).',
    formula: 'xᵢ − max x − log Σⱼ exp(xⱼ − max x)',
    tex: String.raw`x_i - \max_k x_k - \log \sum_j e^{x_j - \max_k x_k}`,
    reference: 'PyTorch LogSoftmax, jax.nn.log_softmax',
    family: 'vector',
    params: [],
    notes: `If the row max is ±Inf the result is the log of softmax's convention: −log k at the k entries equal to it, −Inf elsewhere (an all −Inf row gives −log n); ${INFINITE_ROWS}`,
  },
  logSoftmaxRow,
  logSoftmaxVjpRow,
);
