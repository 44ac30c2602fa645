// Runs an experiment's cells into <out>/<cell id>-<hash> (see grid.ts): one after another in this process, or `jobs` at a
// time in child processes; or one cell alone (an array task of a cluster scheduler). The folder is locked for a whole
// grid's runner, each cell's folder for its trainer; a finished cell is kept and not run again, an interrupted one
// (single or cross-validated) resumes from its checkpoints, and a failing one is recorded in its folder without stopping
// the others. Each cell's training output goes to <out>/logs/<cell id>.log.
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { makeDirectory } from '../fs.js';
import { inapplicable, resolveConfigGiven, TRAIN_OPTIONS, type TrainConfig } from '../train/config.js';
import { DirectoryLockedError, lockDirectory } from '../train/lock.js';
import { checkFreshOutput, checkOutputPath, directoryEntries, holdsRun, readJson, writeJson } from '../train/run-dir.js';
import type { TrainHooks } from '../train/trainer.js';
import { VERSION } from '../version.js';
import { trainInChild } from './cell-process.js';
import { cellStatus, clearFailure, keptSummary, recordedSummary, recordFailure, statusResult } from './cell-state.js';
import type { Cell, CellResult, Experiment } from './experiment.js';
import { adoptCellFolder, cellLocation, checkRecordedSettings, gridCells, type GridCell } from './grid.js';
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
  /** Where a cell trained in this process writes its output (default: its log file). */
  write?: (text: string) => void;
}

/** The record that marks a folder as an experiment's. */
export const EXPERIMENT_FILE = 'experiment.json';

export const cellLogFile = (out: string, cell: Cell) => join(out, 'logs', `${cell.id}.log`);

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
function checkExperimentFolder(e: Experiment, out: string, cells: readonly GridCell[]): void {
  const marker = join(out, EXPERIMENT_FILE);
  if (existsSync(marker)) {
    const recorded = readJson<{ experiment?: string }>(out, EXPERIMENT_FILE).experiment;
    if (recorded !== e.name) throw new UsageError(`--out ${out} holds experiment ${recorded}, not ${e.name}: give another --out`);
    return;
  }
  if (cells.some((g) => holdsRun(cellLocation(out, g)))) return;
  checkFreshOutput(out, '--out', () => false, '');
}

/**
 * Checks, before anything trains or is written, that the grid can run as asked into options.out; returns its cells.
 * (runExperiment checks again; callers that do slow work first, such as an estimate, check up front.)
 */
export function checkExperiment(e: Experiment, options: Pick<RunOptions, 'out' | 'overrides'>): GridCell[] {
  const { out } = options;
  checkOutputPath(out, '--out');
  const cells = gridCells(e, options.overrides);
  checkOverridesApply(e, cells.map((g) => g.config), options.overrides);
  if (directoryEntries(out) !== null) {
    checkExperimentFolder(e, out, cells);
    checkRecordedSettings(out, cells);
  }
  return cells;
}

export async function runExperiment(e: Experiment, options: RunOptions): Promise<CellResult[]> {
  const { out } = options;
  const cells = checkExperiment(e, options);
  const lock = lockDirectory(out);
  try {
    writeJson(out, EXPERIMENT_FILE, { actlabVersion: VERSION, experiment: e.name });
    return await runCells(cells, options);
  } finally {
    lock.release();
  }
}

/**
 * Trains the one cell at `index` (an array task of a cluster scheduler: many such processes share `out`, each
 * locking its cell's folder only), in this process; resolves with its result and how its turn ended.
 */
export async function runGridCell(e: Experiment, index: number, options: Omit<RunOptions, 'jobs'>): Promise<{ result: CellResult; how: CellEnd }> {
  const cells = checkExperiment(e, options);
  if (!existsSync(join(options.out, EXPERIMENT_FILE))) writeJson(options.out, EXPERIMENT_FILE, { actlabVersion: VERSION, experiment: e.name });
  return trainCell(cells[index], { ...options, jobs: 1 });
}

/** Every cell's result as its folder holds it, training nothing (for a report of whatever has finished). */
export function collectResults(e: Experiment, options: Pick<RunOptions, 'out' | 'overrides'>): CellResult[] {
  return checkExperiment(e, options).map((g) => statusResult(g, cellStatus(options.out, g)));
}

/** Exit codes of a cell's training that are not its fault: stopped by a signal, to resume later. */
const STOPPED = new Set([130, 137, 143]);

/** Trains one cell (or keeps it), records a failure in its folder, and tells `options.events`. */
async function trainCell(g: GridCell, options: RunOptions): Promise<{ result: CellResult; how: CellEnd }> {
  const { out, events = {} } = options;
  const { cell } = g;
  const dir = adoptCellFolder(out, g);
  const config = { ...g.config, out: dir };
  const kept = keptSummary(dir, config.epochs);
  if (kept !== null) {
    const result = { cell, dir, summary: kept, error: kept.diverged ? `diverged at epoch ${kept.diverged.epoch}` : null, exitCode: kept.diverged ? 3 : 0 };
    events.ended?.(result, 'kept', 0);
    return { result, how: 'kept' };
  }
  const started = performance.now();
  const logFile = cellLogFile(out, cell);
  events.started?.(cell, holdsRun(dir));
  const { exitCode, error, locked } = options.jobs > 1 ? await trainCellInChild(config, dir, logFile) : await trainCellHere(config, dir, options, logFile);
  const summary = recordedSummary(dir);
  const diverged = exitCode === 3 && summary?.status === 'diverged';
  const result = { cell, dir, summary: exitCode === 0 || diverged ? summary : null, error, exitCode };
  // A cell another process trains, or that a signal stopped, has not failed: it is running, or resumes next time.
  if (result.summary !== null) clearFailure(dir);
  else if (!locked && !STOPPED.has(exitCode)) recordFailure(dir, error ?? `exit code ${exitCode}`, exitCode);
  const how = exitCode === 0 ? 'finished' : diverged ? 'diverged' : 'failed';
  events.ended?.(result, how, (performance.now() - started) / 1000);
  return { result, how };
}

interface TrainOutcome {
  exitCode: number;
  error: string | null;
  /** Another live process holds the cell's folder. */
  locked: boolean;
}

async function trainCellInChild(config: TrainConfig, dir: string, logFile: string): Promise<TrainOutcome> {
  const outcome = await trainInChild(config, dir, logFile);
  const error = outcome.exitCode === 0 ? null : outcome.lastError || `exit code ${outcome.exitCode}`;
  return { exitCode: outcome.exitCode, error, locked: outcome.exitCode === 2 && / is in use by actlab process /.test(outcome.lastError) };
}

async function trainCellHere(config: TrainConfig, dir: string, options: RunOptions, logFile: string): Promise<TrainOutcome> {
  const write = options.write ?? ((text: string) => appendFileSync(logFile, text));
  try {
    await runTraining(config, dir, options.hooks(config.epochs, write));
    return { exitCode: 0, error: null, locked: false };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    write(`actlab: ${err.message}\n`);
    return { exitCode: err.exitCode, error: err.message, locked: err instanceof DirectoryLockedError };
  }
}

async function runCells(cells: readonly GridCell[], options: RunOptions): Promise<CellResult[]> {
  makeDirectory(join(options.out, 'logs'));
  const results: CellResult[] = new Array(cells.length);
  // A shared queue, dearest cells first (stable, so equal weights keep their order): each of `jobs` runners
  // takes the next cell when its last one ends. Results stay in the experiment's order.
  const queue = [...cells].sort((a, b) => (b.cell.weight ?? 1) - (a.cell.weight ?? 1));
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const g = queue[next++];
      results[g.index] = (await trainCell(g, options)).result;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, cells.length)) }, worker));
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
