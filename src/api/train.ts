// The library's train(): the command line's training options (camelCase) with examples held in memory; returns the
// summary, every epoch's metrics and the trained model. Nothing is written anywhere: checkpoints are bytes.
import type { ExampleSource } from '../data/source.js';
import { UsageError } from '../errors.js';
import { checkApplicable, resolveConfigGiven, type TrainConfig } from '../train/config.js';
import { activationRecords } from '../train/model-state.js';
import { createSession } from '../train/setup.js';
import { splitData, type DataSplits } from '../train/splits.js';
import { freshStart, noRecorder, train as trainSession, type EpochMetrics, type Summary, type TrainHooks } from '../train/trainer.js';
import { arraySource, type ExampleArrays } from './data.js';
import { TrainedModel } from './model.js';

/** Settings that name files, folders or generated data sets: the library's train() takes its examples as arrays. */
type FileSettings = 'dataset' | 'dataDir' | 'data' | 'target' | 'task' | 'out' | `teacher${string}`;

/** The command line's training options, camelCase (see `actlab train --help`), with the examples themselves. */
export type TrainOptions = Partial<Omit<TrainConfig, FileSettings>> & {
  /** The examples: a validation part (valSplit, by default a fifth of rows or a sixth of images) is held out of them. */
  data: ExampleArrays;
  /** Examples to test on; by default the validation part. */
  test?: ExampleArrays;
};

export interface TrainResult {
  summary: Summary;
  /** Every epoch's metrics, in order. */
  metrics: EpochMetrics[];
  model: TrainedModel;
}

/**
 * Trains a network on examples in memory, as `actlab train` does on files: `options` are its options in camelCase
 * (model, activation, share, optimizer, lr, epochs, seed, ...). Throws a UsageError naming a bad setting or example
 * and DivergedError when training diverges. The model keeps its engine until `result.model.dispose()`.
 */
export async function train(options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const { config, splits } = inMemoryPlan(options);
  return trainSplits(config, splits, hooks);
}

/** The settings and data splits of in-memory training options, every setting and example checked. */
export function inMemoryPlan(options: TrainOptions): { config: TrainConfig; splits: DataSplits } {
  const { data, test, ...settings } = options;
  if (data === undefined) throw new UsageError('train: options.data is missing: give the examples as { x, y }');
  for (const key of ['dataset', 'dataDir', 'data', 'target', 'out'] as const) {
    if (key in settings) throw new UsageError(`train: ${key} names files; give the examples as options.data = { x, y } (or use actlab/node for data sets on disk)`);
  }
  const { config, given } = resolveConfigGiven([{ source: 'train options:', values: settings }]);
  const inMemory: TrainConfig = { ...config, dataset: 'arrays', task: data.task ?? 'classification' };
  checkApplicable(inMemory, given);
  const source: ExampleSource = arraySource(data, 'data');
  const testSource = test === undefined ? null : arraySource({ task: data.task, classes: source.classes || undefined, ...test }, 'test');
  if (testSource !== null && testSource.sampleShape.join() !== source.sampleShape.join()) {
    throw new UsageError(`test examples have shape [${testSource.sampleShape}], the training examples [${source.sampleShape}]`);
  }
  return { config: inMemory, splits: splitData(inMemory, { train: source, test: testSource }) };
}

/** Trains a session of `config` on `splits` in memory (the core of train(), and of actlab/node's for data on disk). */
export async function trainSplits(config: TrainConfig, splits: DataSplits, hooks: TrainHooks): Promise<TrainResult> {
  const session = await createSession(config, splits);
  try {
    const initial = activationRecords(session, null);
    const metrics: EpochMetrics[] = [];
    const onEpoch = (m: EpochMetrics) => {
      metrics.push(m);
      hooks.onEpoch?.(m);
    };
    const summary = trainSession(session, freshStart(), noRecorder, { ...hooks, onEpoch });
    return { summary, metrics, model: new TrainedModel(session, initial) };
  } catch (err) {
    session.engine.dispose();
    throw err;
  }
}
