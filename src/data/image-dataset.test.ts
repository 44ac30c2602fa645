// Loading a pair into an ImageDataset, and scaling selected images and labels into caller buffers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from './idx.js';
import { type ImageDataset, labelsOf, scaleBatch } from './image-dataset.js';
import { loadIdxPair } from './idx-file.js';

const dir = mkdtempSync(join(tmpdir(), 'actlab-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 5 images of 3×2 pixels × c channels; pixel k of image i is (37·i + k) mod 256, so every image differs. */
function dataset(channels: number): ImageDataset {
  const pixels = 3 * 2 * channels;
  return {
    images: Uint8Array.from({ length: 5 * pixels }, (_, j) => (37 * Math.floor(j / pixels) + (j % pixels)) % 256),
    labels: Uint8Array.of(4, 0, 9, 1, 7),
    count: 5,
    height: 3,
    width: 2,
    channels,
    classes: 10,
  };
}

describe('loadIdxPair', () => {
  it('keeps images as uint8 and reads shape from rank-3 and rank-4 files', () => {
    for (const channels of [1, 3]) {
      const ds = dataset(channels);
      const dims = channels === 1 ? [5, 3, 2] : [5, 3, 2, 3];
      const images = join(dir, `images-${channels}`);
      const labels = join(dir, `labels-${channels}`);
      writeFileSync(images, encodeIdx(dims, ds.images));
      writeFileSync(labels, encodeIdx([5], ds.labels));
      const loaded = loadIdxPair(images, labels);
      expect(loaded.images).toBeInstanceOf(Uint8Array);
      expect(loaded).toMatchObject({ count: 5, height: 3, width: 2, channels, classes: 10 });
      expect(Array.from(loaded.images)).toEqual(Array.from(ds.images));
      expect(Array.from(loaded.labels)).toEqual([4, 0, 9, 1, 7]);
    }
  });
});

describe('scaleBatch', () => {
  it('writes pixel/255 of the selected images, in index order, exactly rounded to float32', () => {
    // 6 and 18 pixels per image are read one by one, 12 four at a time.
    for (const channels of [1, 2, 3]) {
      const ds = dataset(channels);
      const pixels = 6 * channels;
      const indices = Uint32Array.of(3, 0, 4, 2, 1);
      const out = new Float32Array(2 * pixels).fill(-1);
      expect(scaleBatch(ds, indices, 1, 2, out)).toBe(2);
      let maxError = 0;
      [0, 4].forEach((image, b) => {
        for (let k = 0; k < pixels; k++) {
          const v = ds.images[image * pixels + k];
          expect(out[b * pixels + k]).toBe(Math.fround(v / 255));
          maxError = Math.max(maxError, Math.abs(out[b * pixels + k] - v / 255));
        }
      });
      expect(maxError).toBeLessThan(2 ** -25); // half a float32 ulp below 1
    }
  });

  it('gives the same floats reading four pixels at a time as one at a time, for every byte value', () => {
    // 64 images of 2×2 pixels hold the bytes 0–255; the unaligned copy (byte offset 1) is read one by one.
    const aligned: ImageDataset = { ...dataset(1), images: Uint8Array.from({ length: 256 }, (_, v) => v), count: 64, height: 2, width: 2 };
    const unaligned: ImageDataset = { ...aligned, images: new Uint8Array(257).subarray(1) };
    unaligned.images.set(aligned.images);
    const order = Uint32Array.from({ length: 64 }, (_, i) => (i * 37) % 64);
    const [a, u] = [new Float32Array(256), new Float32Array(256)];
    scaleBatch(aligned, order, 0, 64, a);
    scaleBatch(unaligned, order, 0, 64, u);
    expect(Array.from(a)).toEqual(Array.from(u));
    order.forEach((image, b) => {
      for (let k = 0; k < 4; k++) expect(a[4 * b + k]).toBe(Math.fround((4 * image + k) / 255));
    });
  });

  it('maps 0 to 0 and 255 to 1 exactly', () => {
    const ds = { ...dataset(1), images: Uint8Array.from({ length: 30 }, (_, j) => (j % 2 ? 255 : 0)) };
    const out = new Float32Array(30);
    scaleBatch(ds, [0, 1, 2, 3, 4], 0, 5, out);
    expect(new Set(out)).toEqual(new Set([0, 1]));
  });

  it('returns a short last batch and leaves the rest of out unchanged', () => {
    const ds = dataset(1);
    const out = new Float32Array(3 * 6).fill(-1);
    expect(scaleBatch(ds, [0, 1, 2, 3, 4], 3, 3, out)).toBe(2);
    expect(out.subarray(12).every((v) => v === -1)).toBe(true);
    expect(out[0]).toBe(Math.fround(ds.images[18] / 255));
    expect(scaleBatch(ds, [0, 1, 2, 3, 4], 5, 3, out)).toBe(0);
  });

  it('rejects bad arguments instead of reading or writing out of range', () => {
    const ds = dataset(1);
    const out = new Float32Array(12);
    expect(() => scaleBatch(ds, [0, 1, 2], 0, 3, out)).toThrow(/output holds 12 values, the batch needs 3×6 = 18/);
    expect(() => scaleBatch(ds, [0, 5], 0, 2, out)).toThrow(/index 5 at position 1 is not an example of a data set of 5/);
    expect(() => scaleBatch(ds, [0, -1], 0, 2, out)).toThrow(RangeError);
    expect(() => scaleBatch(ds, [0, 1.5], 0, 2, out)).toThrow(RangeError);
    expect(() => scaleBatch(ds, [0, 1], 3, 2, out)).toThrow(/offset must be in 0–2, got 3/);
    expect(() => scaleBatch(ds, [0, 1], 0, 0, out)).toThrow(/batch size must be ≥ 1/);
  });
});

describe('labelsOf', () => {
  it('writes the labels of the selected images into any numeric array', () => {
    const ds = dataset(1);
    const indices = Uint32Array.of(3, 0, 4, 2, 1);
    const ints = new Int32Array(4).fill(-1);
    expect(labelsOf(ds, indices, 1, 4, ints)).toBe(4);
    expect(Array.from(ints)).toEqual([4, 7, 9, 0]);
    const bytes = new Uint8Array(2);
    expect(labelsOf(ds, indices, 3, 4, bytes)).toBe(2);
    expect(Array.from(bytes)).toEqual([9, 0]);
    expect(() => labelsOf(ds, indices, 0, 4, new Int32Array(3))).toThrow(/output holds 3 values/);
  });
});
