// The playground's data: 2-D data sets made in the page from a seed (circle, xor, gauss, spiral, as TensorFlow
// Playground draws them), a CSV the user drops (last column the class), and the MNIST subset the site ships.
import { parseCsv } from 'actlab';

/** Examples as the worker trains on them: the first `trainCount` rows train, the rest test. */
export interface Examples {
  /** Row after row, `features` values each. */
  x: Float32Array;
  y: Float32Array;
  features: number;
  trainCount: number;
  testCount: number;
  /** Where the 2-D inputs lie (for the heat map), or null when there are not 2 features. */
  bounds: { x0: number; x1: number; y0: number; y1: number } | null;
}

export const TWO_D = ['circle', 'xor', 'gauss', 'spiral'] as const;
export type TwoD = (typeof TWO_D)[number];

/** Uniform numbers in [0, 1) from a 32-bit seed (mulberry32): the same points for the same seed, in every browser. */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal numbers (Box–Muller) from `u`. */
function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

type Point = [number, number, number];

/** `count` points of one 2-D data set with `noise` (0…1), half of each class. */
export function twoD(kind: TwoD, count: number, noise: number, seed: number): Point[] {
  const u = uniform(seed);
  const g = normal(u);
  const half = Math.floor(count / 2);
  const out: Point[] = [];
  const jitter = () => (u() * 2 - 1) * noise * 5;
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < (c === 0 ? half : count - half); i++) {
      switch (kind) {
        case 'spiral': {
          const n = c === 0 ? half : count - half;
          const r = (i / n) * 5;
          const t = 1.75 * (i / n) * 2 * Math.PI + c * Math.PI;
          out.push([r * Math.sin(t) + jitter(), r * Math.cos(t) + jitter(), c]);
          break;
        }
        case 'circle': {
          const r = c === 0 ? u() * 2.5 : 3.5 + u() * 1.5;
          const t = u() * 2 * Math.PI;
          out.push([r * Math.sin(t) + jitter(), r * Math.cos(t) + jitter(), c]);
          break;
        }
        case 'xor': {
          const sx = u() < 0.5 ? -1 : 1;
          const sy = c === 0 ? sx : -sx;
          out.push([sx * (0.3 + u() * 4.7) + jitter(), sy * (0.3 + u() * 4.7) + jitter(), c]);
          break;
        }
        case 'gauss': {
          const m = c === 0 ? 2 : -2;
          const sd = 1 + noise * 2;
          out.push([m + g() * sd, m + g() * sd, c]);
          break;
        }
      }
    }
  }
  return out;
}

/** A 2-D data set: `count` training points and `count / 2` test points drawn with the next seed. */
export function twoDExamples(kind: TwoD, count: number, noise: number, seed: number): Examples {
  const rows = [...twoD(kind, count, noise, seed), ...twoD(kind, Math.max(2, Math.round(count / 2)), noise, seed + 1)];
  return fromRows(rows, count, { x0: -6, x1: 6, y0: -6, y1: 6 });
}

function fromRows(rows: number[][], trainCount: number, bounds: Examples['bounds']): Examples {
  const features = rows[0].length - 1;
  const x = new Float32Array(rows.length * features);
  const y = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    x.set(r.slice(0, features), i * features);
    y[i] = r[features];
  });
  return { x, y, features, trainCount, testCount: rows.length - trainCount, bounds };
}

/** A dropped CSV: numeric columns, the last one the class (0…K−1); a fifth of the rows, taken evenly, test. */
export function csvExamples(text: string, name: string): Examples {
  const table = parseCsv(text, name);
  const rows: number[][] = [];
  const width = table.featureNames.length;
  for (let i = 0; i < table.count; i++) rows.push([...Array.from(table.features.subarray(i * width, (i + 1) * width)), table.targets[i]]);
  if (rows.length < 10) throw new Error(`${name}: ${rows.length} rows; the playground needs at least 10`);
  const bad = rows.findIndex((r) => !Number.isInteger(r[width]) || r[width] < 0);
  if (bad >= 0) throw new Error(`${name}: row ${bad + 1} has class ${rows[bad][width]} in the last column, expected a class index 0, 1, 2, …`);
  const test = rows.filter((_, i) => i % 5 === 4);
  const train = rows.filter((_, i) => i % 5 !== 4);
  return fromRows([...train, ...test], train.length, width === 2 ? paddedBounds(rows) : null);
}

/** The box around the points' two features, with a margin. */
function paddedBounds(rows: number[][]): Examples['bounds'] {
  const xs = rows.map((r) => r[0]);
  const ys = rows.map((r) => r[1]);
  const pad = (lo: number, hi: number) => (hi - lo) * 0.1 || 1;
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { x0: x0 - pad(x0, x1), x1: x1 + pad(x0, x1), y0: y0 - pad(y0, y1), y1: y1 + pad(y0, y1) };
}
