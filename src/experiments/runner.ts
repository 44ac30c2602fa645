// Runs an experiment's cells into <out>/<cell id>: one after another in this process, or `jobs` at a
// time in child processes. A finished cell is kept and not run again, an interrupted one resumes from
// its checkpoint, and a failing one is recorded without stopping the others.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainHooks } from '../train/trainer.js';
import { trainInChild } from './cell-process.js';
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
  /** Cells trained at once, each in its own process (1: in this process). */
  jobs: number;
}

/** Settings that may differ between a cell's recorded run and this one: how long, how many threads, where. */
const FREE_SETTINGS = new Set(['epochs', 'threads', 'out', 'actlabVersion']);

const cellConfig = (e: Experiment, index: number, options: RunOptions) =>
  resolveConfig([
    { source: `experiment ${e.name}, cell ${e.cells[index].id}:`, values: e.cells[index].config },
    { source: 'flag', values: options.overrides },
  ]);

/**
 * Refuses, before anything trains, a grid whose folder holds a cell trained with other settings (say another
 * --lr): keeping or resuming it would mix two experiments in one table.
 */
function checkRecordedSettings(e: Experiment, options: RunOptions): void {
  e.cells.forEach((cell, index) => {
    const dir = join(options.out, cell.id);
    if (!existsSync(join(dir, RUN_FILES.config))) return;
    const recorded = readJson<Record<string, unknown>>(dir, RUN_FILES.config);
    for (const [key, value] of Object.entries(cellConfig(e, index, options))) {
      if (FREE_SETTINGS.has(key) || !(key in recorded) || JSON.stringify(recorded[key]) === JSON.stringify(value)) continue;
      throw new UsageError(
        `${dir} holds cell ${cell.id} trained with ${key} = ${JSON.stringify(recorded[key])}, but this run asks for ${JSON.stringify(value)}: ` +
          'give another --out to train the grid with these settings',
      );
    }
  });
}

export async function runExperiment(e: Experiment, options: RunOptions): Promise<CellResult[]> {
  checkRecordedSettings(e, options);
  const results: CellResult[] = new Array(e.cells.length);
  const runCell = async (index: number) => {
    const cell = e.cells[index];
    const dir = join(options.out, cell.id);
    const config = cellConfig(e, index, options);
    const summaryPath = join(dir, RUN_FILES.summary);
    const recorded = () => (existsSync(summaryPath) ? readJson<Summary>(dir, RUN_FILES.summary) : null);
    const kept = recorded();
    if (kept !== null && (kept.status === 'diverged' || kept.epochs >= config.epochs)) {
      options.log(`${cell.id}: kept (${kept.status}, ${kept.epochs} epochs) from ${dir}`);
      results[index] = { cell, dir, summary: kept, error: kept.diverged ? `diverged at epoch ${kept.diverged.epoch}` : null };
      return;
    }
    const resume = existsSync(join(dir, RUN_FILES.checkpoint));
    options.log(`${cell.id}: ${resume ? 'resuming' : 'training'} ${cell.label} (${config.epochs} epochs)`);
    if (options.jobs > 1) {
      const outcome = await trainInChild({ ...config, out: dir }, dir, resume, (line) => options.log(`${cell.id}: ${line}`));
      const summary = recorded();
      const finished = outcome.exitCode === 0 && summary !== null;
      if (!finished) options.log(`${cell.id}: failed (exit ${outcome.exitCode}): ${outcome.lastError}`);
      results[index] = { cell, dir, summary, error: finished ? null : outcome.lastError || `exit code ${outcome.exitCode}` };
      return;
    }
    try {
      const { summary } = await runTraining({ ...config, out: dir }, dir, resume, options.hooks(config.epochs));
      results[index] = { cell, dir, summary, error: null };
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      options.log(`${cell.id}: failed: ${err.message}`);
      results[index] = { cell, dir, summary: recorded(), error: err.message };
    }
  };
  // A shared queue, dearest cells first (stable, so equal weights keep their order): each of `jobs` runners
  // takes the next cell when its last one ends. Results stay in the experiment's order.
  const queue = e.cells.map((_, i) => i).sort((a, b) => (e.cells[b].weight ?? 1) - (e.cells[a].weight ?? 1));
  let next = 0;
  const worker = async () => {
    while (next < queue.length) await runCell(queue[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, e.cells.length)) }, worker));
  return results;
}
