// Runs an experiment's cells into <out>/<cell id>: one after another in this process, or `jobs` at a time in
// child processes. The folder is locked for this runner; a finished cell is kept and not run again, an
// interrupted one (single or cross-validated) resumes from its checkpoints, and a failing one is recorded
// without stopping the others. Each cell's training output goes to <out>/logs/<cell id>.log.
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { makeDirectory } from '../fs.js';
import { inapplicable, resolveConfig, resolveConfigGiven, TRAIN_OPTIONS, type TrainConfig } from '../train/config.js';
import { lockDirectory } from '../train/lock.js';
import { checkFreshOutput, checkOutputPath, directoryEntries, holdsRun, readJson, RUN_FILES, writeJson } from '../train/run-dir.js';
import type { Summary, TrainHooks } from '../train/trainer.js';
import { VERSION } from '../version.js';
import { trainInChild } from './cell-process.js';
import type { Cell, CellResult, Experiment } from './experiment.js';
import { runTraining } from './run-training.js';

/** How a cell's turn ended. */
export type CellEnd = 'kept' | 'finished' | 'diverged' | 'failed';

/** What a grid runner tells about its cells as they go. */
export interface GridEvents {
  started(cell: Cell, resuming: boolean): void;
  ended(result: CellResult, how: CellEnd, seconds: number): void;
}

export interface RunOptions {
  out: string;
  /** Overrides for every cell (e.g. epochs, threads). */
  overrides: Record<string, unknown>;
  /** Progress of a cell trained in this process (its epoch count given), written with `write` to the cell's log. */
  hooks(epochs: number, write: (text: string) => void): TrainHooks;
  events?: Partial<GridEvents>;
  /** Cells trained at once, each in its own process (1: in this process). */
  jobs: number;
}

/** The record that marks a folder as an experiment's. */
export const EXPERIMENT_FILE = 'experiment.json';

/** Settings that may differ between a cell's recorded run and this one: how long, how many threads, where. */
const FREE_SETTINGS = new Set(['epochs', 'threads', 'out', 'actlabVersion', 'history']);

const cellConfig = (e: Experiment, index: number, options: Pick<RunOptions, 'overrides'>) =>
  resolveConfig([
    { source: `experiment ${e.name}, cell ${e.cells[index].id}:`, values: e.cells[index].config },
    { source: 'flag', values: options.overrides },
  ]);

export const cellLogFile = (out: string, cell: Cell) => join(out, 'logs', `${cell.id}.log`);

/**
 * Refuses, before anything trains, a grid whose folder holds a cell trained with other settings (say another
 * --lr): keeping or resuming it would mix two experiments in one table.
 */
function checkRecordedSettings(e: Experiment, configs: readonly TrainConfig[], out: string): void {
  e.cells.forEach((cell, index) => {
    const dir = join(out, cell.id);
    if (!holdsRun(dir)) return;
    const recorded = readJson<Record<string, unknown>>(dir, RUN_FILES.config);
    for (const [key, value] of Object.entries(configs[index])) {
      if (FREE_SETTINGS.has(key) || !(key in recorded) || JSON.stringify(recorded[key]) === JSON.stringify(value)) continue;
      throw new UsageError(
        `${dir} holds cell ${cell.id} trained with ${key} = ${JSON.stringify(recorded[key])}, but this run asks for ${JSON.stringify(value)}: ` +
          'give another --out to train the grid with these settings',
      );
    }
  });
}

/** Refuses an override that does nothing in every cell (--momentum on a grid of Adam cells). */
function checkOverridesApply(e: Experiment, configs: readonly TrainConfig[], overrides: Record<string, unknown>): void {
  const { given } = resolveConfigGiven([{ source: 'flag', values: overrides }]);
  for (const key of given) {
    if (key === 'threads' || key === 'epochs') continue;
    if (configs.every((c) => inapplicable(c, key) !== null)) {
      const flag = TRAIN_OPTIONS.find((o) => o.key === key)?.flag ?? key;
      throw new UsageError(`--${flag} does not apply to any cell of ${e.name}: it needs ${inapplicable(configs[0], key)}`);
    }
  }
}

/** A folder that is not empty must be this experiment's (its record, or cells that hold runs) and no other's. */
function checkExperimentFolder(e: Experiment, out: string): void {
  const marker = join(out, EXPERIMENT_FILE);
  if (existsSync(marker)) {
    const recorded = readJson<{ experiment?: string }>(out, EXPERIMENT_FILE).experiment;
    if (recorded !== e.name) throw new UsageError(`--out ${out} holds experiment ${recorded}, not ${e.name}: give another --out`);
    return;
  }
  if (e.cells.some((c) => holdsRun(join(out, c.id)))) return;
  checkFreshOutput(out, '--out', () => false, '');
}

/** A cell's recorded result when it needs no more training (finished its epochs, or diverged), else null. */
function keptSummary(dir: string, epochs: number): Summary | null {
  const kept = existsSync(join(dir, RUN_FILES.summary)) ? readJson<Summary>(dir, RUN_FILES.summary) : null;
  return kept !== null && (kept.status === 'diverged' || kept.epochs >= epochs) ? kept : null;
}

const recordedSummary = (dir: string) => (existsSync(join(dir, RUN_FILES.summary)) ? readJson<Summary>(dir, RUN_FILES.summary) : null);

/**
 * Checks, before anything trains or is written, that the grid can run as asked into options.out; returns each cell's
 * settings. (runExperiment checks again; callers that do slow work first, such as an estimate, check up front.)
 */
export function checkExperiment(e: Experiment, options: Pick<RunOptions, 'out' | 'overrides'>): TrainConfig[] {
  const { out } = options;
  checkOutputPath(out, '--out');
  const configs = e.cells.map((_, i) => cellConfig(e, i, options));
  checkOverridesApply(e, configs, options.overrides);
  if (directoryEntries(out) !== null) {
    checkExperimentFolder(e, out);
    checkRecordedSettings(e, configs, out);
  }
  return configs;
}

export async function runExperiment(e: Experiment, options: RunOptions): Promise<CellResult[]> {
  const { out } = options;
  const configs = checkExperiment(e, options);
  const lock = lockDirectory(out);
  try {
    writeJson(out, EXPERIMENT_FILE, { actlabVersion: VERSION, experiment: e.name });
    return await runCells(e, configs, options);
  } finally {
    lock.release();
  }
}

async function runCells(e: Experiment, configs: readonly TrainConfig[], options: RunOptions): Promise<CellResult[]> {
  const { out, events = {} } = options;
  makeDirectory(join(out, 'logs'));
  const results: CellResult[] = new Array(e.cells.length);
  const runCell = async (index: number) => {
    const cell = e.cells[index];
    const dir = join(out, cell.id);
    const config = { ...configs[index], out: dir };
    const kept = keptSummary(dir, config.epochs);
    if (kept !== null) {
      results[index] = { cell, dir, summary: kept, error: kept.diverged ? `diverged at epoch ${kept.diverged.epoch}` : null, exitCode: kept.diverged ? 3 : 0 };
      events.ended?.(results[index], 'kept', 0);
      return;
    }
    const started = performance.now();
    const logFile = cellLogFile(out, cell);
    events.started?.(cell, holdsRun(dir));
    let exitCode: number;
    let error: string | null = null;
    if (options.jobs > 1) {
      const outcome = await trainInChild(config, dir, logFile);
      exitCode = outcome.exitCode;
      if (exitCode !== 0) error = outcome.lastError || `exit code ${exitCode}`;
    } else {
      const write = (text: string) => appendFileSync(logFile, text);
      try {
        await runTraining(config, dir, options.hooks(config.epochs, write));
        exitCode = 0;
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        write(`actlab: ${err.message}\n`);
        exitCode = err.exitCode;
        error = err.message;
      }
    }
    const summary = recordedSummary(dir);
    const diverged = exitCode === 3 && summary?.status === 'diverged';
    results[index] = { cell, dir, summary: exitCode === 0 || diverged ? summary : null, error, exitCode };
    events.ended?.(results[index], exitCode === 0 ? 'finished' : diverged ? 'diverged' : 'failed', (performance.now() - started) / 1000);
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

/**
 * The grid's exit code: 0 when every cell has a result (finished or diverged), 2 when every cell failed on bad
 * input (the grid as asked cannot train), 1 when some cells failed.
 */
export function gridExitCode(results: readonly CellResult[]): number {
  const failed = results.filter((r) => r.summary === null);
  if (failed.length === 0) return 0;
  return failed.length === results.length && failed.every((r) => r.exitCode === 2) ? 2 : 1;
}
