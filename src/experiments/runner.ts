// Runs an experiment's cells into <out>/<cell id>, one after another. A finished cell is kept and
// not run again, an interrupted one resumes from its checkpoint, and a failing one is recorded
// without stopping the others.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainHooks } from '../train/trainer.js';
import { runTraining } from './run-training.js';
import { resolveConfig } from '../train/config.js';
import { readJson, RUN_FILES } from '../train/run-dir.js';
import type { Summary } from '../train/trainer.js';
import { UsageError } from '../errors.js';
import type { CellResult, Experiment } from './experiment.js';

export interface RunOptions {
  out: string;
  /** Overrides for every cell (e.g. epochs, threads). */
  overrides: Record<string, unknown>;
  /** Progress for the cell being trained (its epoch count given). */
  hooks(epochs: number): TrainHooks;
  /** Where the runner says which cell it starts, keeps or lost. */
  log(line: string): void;
}

export async function runExperiment(e: Experiment, options: RunOptions): Promise<CellResult[]> {
  const results: CellResult[] = [];
  for (const cell of e.cells) {
    const dir = join(options.out, cell.id);
    const config = resolveConfig([
      { source: `experiment ${e.name}, cell ${cell.id}:`, values: cell.config },
      { source: 'flag', values: options.overrides },
    ]);
    const summaryPath = join(dir, RUN_FILES.summary);
    if (existsSync(summaryPath)) {
      const summary = readJson<Summary>(dir, RUN_FILES.summary);
      if (summary.status === 'diverged' || summary.epochs >= config.epochs) {
        options.log(`${cell.id}: kept (${summary.status}, ${summary.epochs} epochs) from ${dir}`);
        results.push({ cell, dir, summary, error: summary.diverged ? `diverged at epoch ${summary.diverged.epoch}` : null });
        continue;
      }
    }
    const resume = existsSync(join(dir, RUN_FILES.checkpoint));
    options.log(`${cell.id}: ${resume ? 'resuming' : 'training'} ${cell.label} (${config.epochs} epochs)`);
    try {
      const { summary } = await runTraining({ ...config, out: dir }, dir, resume, options.hooks(config.epochs));
      results.push({ cell, dir, summary, error: null });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      options.log(`${cell.id}: failed: ${err.message}`);
      const summary = existsSync(summaryPath) ? readJson<Summary>(dir, RUN_FILES.summary) : null;
      results.push({ cell, dir, summary, error: err.message });
    }
  }
  return results;
}
