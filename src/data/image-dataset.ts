// Labelled image data sets kept as uint8 (MNIST train is 47 MB as bytes, 188 MB as float32), scaled to
// [0, 1] one batch at a time into a caller-owned buffer.
import { UsageError } from '../errors.js';
import { IdxFormatError, type IdxArray } from './idx.js';
import { batchLength, exampleIndex } from './batch.js';

/** Images and class labels; image i is `images[i·h·w·c, (i+1)·h·w·c)`, row-major, channels last. */
export interface ImageDataset {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  /** Labels lie in [0, classes). */
  classes: number;
}

export interface LoadIdxPairOptions {
  /** Number of classes; every label must be below it. Default 10. */
  classes?: number;
}

/** A writable array of numbers (typed array or plain array) to receive labels. */
export interface NumberSink {
  readonly length: number;
  [i: number]: number;
}

/**
 * The image data set of an images array (rank 3: n×h×w, or rank 4: n×h×w×c) and its labels (rank 1: n), checked to
 * agree; `imagesName` and `labelsName` name them in errors (their files).
 */
export function pairIdx(images: IdxArray, labels: IdxArray, imagesName: string, labelsName: string, options: LoadIdxPairOptions = {}): ImageDataset {
  const classes = options.classes ?? 10;
  if (!Number.isInteger(classes) || classes < 1 || classes > 256) {
    throw new UsageError(`classes must be an integer in 1–256 (labels are uint8), got ${classes}`);
  }
  const [count, height, width, channels = 1] = images.dims;
  if (labels.dims[0] !== count) {
    throw new IdxFormatError(labelsName, 'label count does not match image count', `expected ${count} labels for ${imagesName}, found ${labels.dims[0]}`);
  }
  const bad = labels.data.findIndex((label) => label >= classes);
  if (bad >= 0) {
    throw new IdxFormatError(labelsName, 'label out of range', `expected labels in 0–${classes - 1}, found ${labels.data[bad]} at index ${bad}`);
  }
  return { images: images.data, labels: labels.data, count, height, width, channels, classes };
}

/** pixel → pixel/255 as float32, tabulated once: exact (one rounding) and faster than dividing per pixel. */
const SCALE = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** Whether a uint32 read of 4 bytes holds the first byte lowest, as on every host Node runs on today. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** Each data set's images as uint32 words of 4 pixels, or null where they do not split into whole aligned words. */
const pixelWords = new WeakMap<ImageDataset, Uint32Array | null>();

/** Reading 4 pixels per load takes half the time of reading them one by one (MNIST: ~11 vs ~20 ms per 10 000 images). */
function wordsOf(ds: ImageDataset, pixels: number): Uint32Array | null {
  let words = pixelWords.get(ds);
  if (words === undefined) {
    const fits = LITTLE_ENDIAN && pixels % 4 === 0 && ds.images.byteOffset % 4 === 0 && ds.images.length === ds.count * pixels;
    words = fits ? new Uint32Array(ds.images.buffer, ds.images.byteOffset, ds.images.length / 4) : null;
    pixelWords.set(ds, words);
  }
  return words;
}

/**
 * Writes images indices[offset, offset + n) scaled to [0, 1] (pixel/255) into `out`, n × h·w·c floats in
 * the data set's layout; n = min(batchSize, indices.length − offset), so the last batch may be short.
 * Returns n. Does not allocate (after its first call on a data set); `out` beyond n·h·w·c is left as it was.
 */
export function scaleBatch(
  ds: ImageDataset,
  indices: ArrayLike<number>,
  offset: number,
  batchSize: number,
  out: Float32Array,
): number {
  const pixels = ds.height * ds.width * ds.channels;
  const n = batchLength(indices, offset, batchSize, out.length, pixels);
  const words = wordsOf(ds, pixels);
  if (words !== null) {
    const perImage = pixels / 4;
    for (let b = 0; b < n; b++) {
      const src = exampleIndex(indices, offset + b, ds.count) * perImage;
      for (let k = 0, dst = b * pixels; k < perImage; k++, dst += 4) {
        const w = words[src + k];
        out[dst] = SCALE[w & 255];
        out[dst + 1] = SCALE[(w >>> 8) & 255];
        out[dst + 2] = SCALE[(w >>> 16) & 255];
        out[dst + 3] = SCALE[w >>> 24];
      }
    }
    return n;
  }
  const images = ds.images;
  for (let b = 0; b < n; b++) {
    const src = exampleIndex(indices, offset + b, ds.count) * pixels;
    const dst = b * pixels;
    for (let k = 0; k < pixels; k++) out[dst + k] = SCALE[images[src + k]];
  }
  return n;
}

/** Writes the labels of indices[offset, offset + n) into `out` (same n as scaleBatch). Returns n. Does not allocate. */
export function labelsOf(
  ds: ImageDataset,
  indices: ArrayLike<number>,
  offset: number,
  batchSize: number,
  out: NumberSink,
): number {
  const n = batchLength(indices, offset, batchSize, out.length, 1);
  for (let b = 0; b < n; b++) out[b] = ds.labels[exampleIndex(indices, offset + b, ds.count)];
  return n;
}
