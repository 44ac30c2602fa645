// Where a grid cell stands, read from its folder alone (no process to ask): finished, diverged, running, failed,
// partial or not started. A cell that failed keeps a record of its error there until it is trained again.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lockHolder } from '../train/lock.js';
import { holdsRun, readJson, readMetrics, RUN_FILES, writeJson } from '../train/run-dir.js';
import type { Summary } from '../train/trainer.js';
import type { CellResult } from './experiment.js';
import { cellLocation, type GridCell } from './grid.js';

export type CellState = 'finished' | 'diverged' | 'running' | 'failed' | 'partial' | 'not started';

/** A cell's state, its folder, its summary when it has a result, and a few words more (the error, how far it got). */
export interface CellStatus {
  state: CellState;
  dir: string;
  summary: Summary | null;
  detail: string;
}

/** The record of a cell's last failed attempt, in its folder. */
export const FAILURE_FILE = 'failure.json';

export interface FailureRecord {
  error: string;
  exitCode: number;
  at: string;
  host: string;
}

export function recordFailure(dir: string, error: string, exitCode: number): void {
  writeJson(dir, FAILURE_FILE, { error, exitCode, at: new Date().toISOString(), host: hostname() } satisfies FailureRecord);
}

export function clearFailure(dir: string): void {
  rmSync(join(dir, FAILURE_FILE), { force: true });
}

/** A run's summary, if it wrote one. */
export const recordedSummary = (dir: string) => (existsSync(join(dir, RUN_FILES.summary)) ? readJson<Summary>(dir, RUN_FILES.summary) : null);

/** A run's recorded result when it needs no more training (finished its epochs, or diverged), else null. */
export function keptSummary(dir: string, epochs: number): Summary | null {
  const kept = recordedSummary(dir);
  return kept !== null && (kept.status === 'diverged' || kept.epochs >= epochs) ? kept : null;
}

/** How far an unfinished run got: "2 of 10 epochs", or for a cross-validated one "1 of 5 folds finished, …". */
function progress(dir: string, epochs: number): string {
  const folds = existsSync(dir) ? readdirSync(dir).filter((n) => /^fold-\d+$/.test(n)) : [];
  if (folds.length === 0) return `${readMetrics(dir).length} of ${epochs} epochs`;
  const done = folds.filter((f) => keptSummary(join(dir, f), epochs) !== null).length;
  return `${done} fold${done === 1 ? '' : 's'} finished, ${folds.length - done} begun`;
}

export function cellStatus(out: string, g: GridCell): CellStatus {
  const dir = cellLocation(out, g);
  const { epochs } = g.config;
  const kept = keptSummary(dir, epochs);
  if (kept !== null && kept.status === 'diverged') return { state: 'diverged', dir, summary: kept, detail: `diverged at epoch ${kept.diverged?.epoch ?? '?'}` };
  if (kept !== null) return { state: 'finished', dir, summary: kept, detail: `${kept.epochs} epochs` };
  const holder = lockHolder(dir);
  if (holder !== null) return { state: 'running', dir, summary: null, detail: `process ${holder.pid} on ${holder.host} since ${holder.since}` };
  if (existsSync(join(dir, FAILURE_FILE))) {
    const failure = readJson<FailureRecord>(dir, FAILURE_FILE);
    return { state: 'failed', dir, summary: null, detail: failure.error };
  }
  if (holdsRun(dir)) return { state: 'partial', dir, summary: null, detail: progress(dir, epochs) };
  return { state: 'not started', dir, summary: null, detail: '' };
}

/** A cell's result as a report shows it: its summary when it has one, else what keeps it from having one. */
export function statusResult(g: GridCell, s: CellStatus): CellResult {
  if (s.state === 'finished') return { cell: g.cell, dir: s.dir, summary: s.summary, error: null, exitCode: 0 };
  if (s.state === 'diverged') return { cell: g.cell, dir: s.dir, summary: s.summary, error: s.detail, exitCode: 3 };
  const failure = s.state === 'failed' ? readJson<FailureRecord>(s.dir, FAILURE_FILE) : null;
  const error = failure?.error ?? (s.detail === '' ? s.state : `${s.state}: ${s.detail}`);
  return { cell: g.cell, dir: s.dir, summary: null, error, exitCode: failure?.exitCode ?? 1 };
}
