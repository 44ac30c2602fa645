// The data sets a config names by file or generator (MNIST, IDX folders, CSV files, teacher networks), loaded and
// split as the run needs them.
import { csvSource } from '../data/csv.js';
import { readCsv } from '../data/csv-file.js';
import { FASHION_SPLIT_TEXT, loadFashionMnist } from '../data/fashion-mnist.js';
import { loadIdxDirectory, loadMnist } from '../data/mnist.js';
import { imageSource } from '../data/source.js';
import { simulateTeacher, teacherTable } from '../data/teacher.js';
import type { Rng } from '../rng.js';
import { ConfigError, type TrainConfig } from './config.js';
import { foldData, splitData, type DataSource, type DataSplits } from './splits.js';

/** The whole data set a config names, before any split: a train part, and a test part where one exists. */
export function loadSource(config: TrainConfig): DataSource {
  switch (config.dataset) {
    case 'fashion-mnist': {
      const sets = loadFashionMnist();
      return { train: imageSource(sets.train), test: imageSource(sets.test) };
    }
    case 'mnist':
    case 'idx': {
      if (config.dataset === 'idx' && config.dataDir === null) throw new ConfigError('--dataset idx needs --data-dir DIR (a folder with train/t10k IDX files)');
      const sets = config.dataset === 'mnist' ? loadMnist() : loadIdxDirectory(config.dataDir as string);
      return { train: imageSource(sets.train), test: imageSource(sets.test) };
    }
    case 'csv': {
      if (config.data === null) throw new ConfigError('--dataset csv needs --data FILE.csv');
      const target = config.target === null ? undefined : config.target;
      return { train: csvSource(readCsv(config.data, { target, task: config.task })), test: null };
    }
    case 'arrays':
      throw new ConfigError('examples held in arrays are given to train() as its data, not loaded by name');
    case 'teacher': {
      const data = simulateTeacher({
        hiddenLayers: config.teacherLayers,
        activation: config.teacherActivation,
        examples: config.teacherExamples,
        spread: config.teacherSpread,
        labels: config.teacherLabels,
        seed: config.teacherSeed,
      });
      return { train: csvSource(teacherTable(data)), test: null };
    }
  }
}

/** How the data set a config names was split into train and test by actlab, for the run's record; null for a split the data set comes with. */
export function datasetSplitRecord(config: TrainConfig): string | null {
  return config.dataset === 'fashion-mnist' ? FASHION_SPLIT_TEXT : null;
}

/** Train/validation/test indices for a single run of `config`'s data set. */
export const loadData = (config: TrainConfig): DataSplits => splitData(config, loadSource(config));

/** The K cross-validation splits of `config`'s data set (which has no test set). */
export const foldSplits = (config: TrainConfig, rng: Rng): DataSplits[] => foldData(config, loadSource(config), rng);
