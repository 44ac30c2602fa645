// actlab/node's train(): the core's, with the data sets on disk or generated that `actlab train` names (MNIST, IDX
// folders, CSV files, teacher networks); and trainRun(), which writes a run directory as `actlab train --out DIR` does.
import { train as trainArrays, trainSplits, type TrainOptions as ArrayOptions, type TrainResult } from '../api/train.js';
import { runTraining } from '../experiments/run-training.js';
import { checkApplicable, resolveConfigGiven, type ConfigLayer, type TrainConfig } from '../train/config.js';
import { loadData } from '../train/load-data.js';
import { planFresh, planResume } from '../train/run-plan.js';
import type { Summary, TrainHooks } from '../train/trainer.js';

/** Data sets named as on the command line (`dataset: 'mnist'` by default), or examples as arrays (`data: { x, y }`). */
export type TrainOptions = ArrayOptions | Partial<TrainConfig>;

const inMemory = (o: TrainOptions): o is ArrayOptions => typeof (o as { data?: unknown }).data === 'object' && (o as { data?: unknown }).data !== null;

/** Trains in memory on a data set on disk or on arrays; returns the summary, every epoch's metrics and the model. */
export async function train(options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  if (inMemory(options)) return trainArrays(options, hooks);
  const { config, given } = resolveConfigGiven([{ source: 'train options:', values: options }]);
  checkApplicable(config, given);
  return trainSplits(config, loadData(config), hooks);
}

/**
 * Trains as `actlab train` does, into a run directory (config, metrics, checkpoints, summary, plots; locked while it
 * trains): a new run into `options.out` (default runs/<time>-<activation>), or, with `resume: DIR`, the run in DIR
 * continued with the options it may change (epochs, learning rates, penalties, batch, threads). Returns the summary.
 */
export async function trainRun(options: Partial<TrainConfig> & { resume?: string }, hooks: TrainHooks = {}): Promise<Summary> {
  const { resume, ...settings } = options;
  const layers: ConfigLayer[] = [{ source: 'trainRun options:', values: settings }];
  const plan = resume === undefined ? planFresh(layers) : planResume(resume, layers);
  return (await runTraining(plan.config, plan.dir, hooks, plan.changed)).summary;
}
