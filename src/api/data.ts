// Examples held in memory (arrays or typed arrays), as the library's train() takes them: checked (shapes agree, every
// value finite, class labels whole numbers) and turned into the example source the trainer reads.
import { batchLength, exampleIndex } from '../data/batch.js';
import type { ExampleSource } from '../data/source.js';
import { UsageError } from '../errors.js';

/** Examples in memory: inputs `x` and a target per example `y`. */
export interface ExampleArrays {
  /** Inputs: one array per example, or all of them in one flat array (example after example). */
  x: ArrayLike<number> | readonly ArrayLike<number>[];
  /** Targets: class indices 0…K−1 (classification), or values (regression). */
  y: ArrayLike<number>;
  /** Shape of one example: [features] (the default), or [height, width, channels] for images (channels last). */
  shape?: readonly number[];
  /** 'classification' (the default) or 'regression'. */
  task?: 'classification' | 'regression';
  /** Number of classes K; by default 1 + the largest label. */
  classes?: number;
}

const isRows = (x: ExampleArrays['x']): x is readonly ArrayLike<number>[] => x.length > 0 && typeof (x as ArrayLike<unknown>)[0] === 'object';

/** The inputs as one flat float32 array, example after example, checked to be finite. */
function flatInputs(x: ExampleArrays['x'], count: number, size: number, name: string): Float32Array {
  const out = new Float32Array(count * size);
  if (isRows(x)) {
    x.forEach((row, i) => {
      if (row.length !== size) throw new UsageError(`${name}.x[${i}] has ${row.length} values, expected ${size} (the example shape)`);
      out.set(row, i * size);
    });
  } else {
    if (x.length !== count * size) throw new UsageError(`${name}.x holds ${x.length} values, expected ${count * size} (${count} examples of ${size})`);
    out.set(x);
  }
  const bad = out.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UsageError(`${name}.x: example ${Math.floor(bad / size)}, value ${bad % size} is ${out[bad]}, expected a finite number`);
  return out;
}

/** The number of classes the labels need, checking each is a whole number in range. */
function classCount(y: ArrayLike<number>, given: number | undefined, name: string): number {
  if (given !== undefined && (!Number.isInteger(given) || given < 2)) throw new UsageError(`${name}.classes: ${given} is not a whole number ≥ 2`);
  let largest = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || (given !== undefined && v >= given)) {
      throw new UsageError(`${name}.y[${i}] is ${v}, expected a class index 0…${given === undefined ? 'K−1' : given - 1} (or task: 'regression')`);
    }
    largest = Math.max(largest, v);
  }
  if (given === undefined && largest === 0) throw new UsageError(`${name}.y: every label is 0; a classifier needs ≥ 2 classes`);
  return given ?? largest + 1;
}

/** The per-example shape: given, the rows' length, or the flat length divided by the example count. */
function exampleShape(data: ExampleArrays, count: number, name: string): number[] {
  if (data.shape !== undefined) {
    if (!data.shape.every((d) => Number.isInteger(d) && d >= 1) || (data.shape.length !== 1 && data.shape.length !== 3)) {
      throw new UsageError(`${name}.shape: [${data.shape.join(', ')}] is not [features] or [height, width, channels] of whole numbers ≥ 1`);
    }
    return [...data.shape];
  }
  return [isRows(data.x) ? data.x[0].length : data.x.length / count];
}

/** The trainer's source over `data`; `name` names it in errors ("data", "test"). */
export function arraySource(data: ExampleArrays, name = 'data'): ExampleSource {
  const count = data.y.length;
  if (count === 0) throw new UsageError(`${name}: no examples (y is empty)`);
  const sampleShape = exampleShape(data, count, name);
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const inputs = flatInputs(data.x, count, size, name);
  const targets = Float32Array.from(data.y);
  const classes = data.task === 'regression' ? 0 : classCount(data.y, data.classes, name);
  if (classes === 0 && targets.some((v) => !Number.isFinite(v))) throw new UsageError(`${name}.y holds a value that is not a finite number`);
  return {
    count,
    sampleShape,
    classes,
    unit: sampleShape.length === 3 ? 'images' : 'rows',
    fillInputs(indices, offset, batch, out) {
      const n = batchLength(indices, offset, batch, out.length, size);
      for (let b = 0; b < n; b++) {
        const src = exampleIndex(indices, offset + b, count) * size;
        out.set(inputs.subarray(src, src + size), b * size);
      }
      return n;
    },
    fillTargets(indices, offset, batch, out) {
      const n = batchLength(indices, offset, batch, out.length, 1);
      for (let b = 0; b < n; b++) out[b] = targets[exampleIndex(indices, offset + b, count)];
      return n;
    },
  };
}
