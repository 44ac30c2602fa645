// actlab/node: the core (./index.ts) plus what needs files and processes. The whole public surface for Node.
export * from './index.js';

// train() also takes data sets on disk by name (dataset: 'mnist', 'fashion-mnist', 'idx', 'csv', 'teacher'); trainRun() writes a run
// directory as `actlab train` does, and continues one.
export { train, trainRun, type TrainOptions } from './node/train.js';
export { loadModelFile, saveModel } from './node/checkpoint-files.js';

// Activation plots as SVG or PNG files.
export { plotActivations } from './node/plot.js';

// Data sets on disk.
export { loadIdxDirectory, loadMnist } from './data/mnist.js';
export { FASHION_CLASSES, loadFashionMnist } from './data/fashion-mnist.js';
export { readCsv, writeCsv } from './data/csv-file.js';

// The seed experiments and the grid runner behind `actlab experiment`.
export { experiments, getExperiment } from './experiments/catalog.js';
export { runExperiment } from './experiments/runner.js';
