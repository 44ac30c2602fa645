// Fashion-MNIST from the fashion-mnist package: integrity checks, and the fixed stratified 60 000 / 10 000 split.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { FASHION_CLASSES, loadFashionMnist, loadFashionMnistByClass, parseClassFile } from './fashion-mnist.js';
import type { ImageDataset } from './image-dataset.js';

const classCounts = (labels: Uint8Array) => FASHION_CLASSES.map((_, c) => labels.filter((l) => l === c).length);
const sha256 = (ds: ImageDataset) => createHash('sha256').update(ds.images).update(ds.labels).digest('hex').slice(0, 16);

describe('loadFashionMnist', () => {
  const { train, test } = loadFashionMnist();

  it('has 60 000 training and 10 000 test images of 28×28 in 10 classes', () => {
    expect(train).toMatchObject({ count: 60_000, height: 28, width: 28, channels: 1, classes: 10 });
    expect(test).toMatchObject({ count: 10_000, height: 28, width: 28, channels: 1, classes: 10 });
    expect(train.images.length).toBe(60_000 * 784);
  });

  it('is stratified: 6000 / 1000 per class, and the last 10 000 training images (the validation) hold 1000 per class', () => {
    expect(classCounts(train.labels)).toEqual(Array(10).fill(6000));
    expect(classCounts(test.labels)).toEqual(Array(10).fill(1000));
    expect(classCounts(train.labels.subarray(50_000))).toEqual(Array(10).fill(1000));
    // Shuffled, not sorted by class: the first 100 training labels hold most classes.
    expect(new Set(train.labels.subarray(0, 100)).size).toBeGreaterThanOrEqual(8);
  });

  it('is the same split on every run (content hashes of the test and training sets)', () => {
    expect([sha256(test), sha256(train)]).toEqual(['b6615ffc75cb89af', '08b33c65d1a290da']);
  });
});

describe('Fashion-MNIST integrity checks', () => {
  const image = (v: number) => `[${Array(784).fill(v).join(',')}]`;
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads pixels 0–255 in order and skips empty entries', () => {
    const pixels = parseClassFile(bytes(`{"data":[${image(3)},[],${image(255)}]}`), 'x.json');
    expect(pixels.length).toBe(2 * 784);
    expect([pixels[0], pixels[783], pixels[784], pixels[1567]]).toEqual([3, 3, 255, 255]);
  });

  it('names the file, image and pixel of a value outside 0–255, a fraction, a short image, a foreign file', () => {
    expect(() => parseClassFile(bytes(`{"data":[${image(256)}]}`), 'x.json')).toThrow(/x\.json: .*image 0, pixel 0: '256.*' is not an integer pixel 0–255/);
    expect(() => parseClassFile(bytes(`{"data":[${image(0)},[0.5]]}`), 'x.json')).toThrow(/image 1, pixel 0: '0\.5/);
    expect(() => parseClassFile(bytes('{"data":[[1,2,3]]}'), 'x.json')).toThrow(/image 0 has 3 pixels, expected 784/);
    expect(() => parseClassFile(bytes('[1,2]'), 'x.json')).toThrow(UsageError);
  });

  const dir = mkdtempSync(join(tmpdir(), 'actlab-fashion-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a class with the wrong number of images, and a missing class file', () => {
    for (let c = 0; c < 10; c++) writeFileSync(join(dir, `${c}.json`), `{"data":[${image(c)}]}`);
    expect(() => loadFashionMnistByClass(dir)).toThrow(/0\.json: .*class 0 \(T-shirt\/top\) holds 1 images, expected 7000/);
    rmSync(join(dir, '0.json'));
    expect(() => loadFashionMnistByClass(dir)).toThrow(/0\.json is missing/);
  });
});
