// The run directory, the unit of record: config.json, metrics.jsonl, checkpoint.safetensors,
// activations.json, summary.json and the plots. Every file is written atomically but metrics.jsonl,
// which is appended and recovered from a torn last line.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileAccessError, UsageError } from '../errors.js';
import { appendFileChecked, readTextFile, writeFileAtomic } from '../fs.js';
import { LOCK_FILE } from './lock.js';
import type { ActivationRecord, EpochMetrics, RunRecorder } from './trainer.js';

export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint.safetensors',
  best: 'best.safetensors',
  activations: 'activations.json',
  summary: 'summary.json',
} as const;

export type { EpochMetrics } from './trainer.js';

export function writeJson(dir: string, file: string, value: unknown): void {
  writeFileAtomic(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson<T>(dir: string, file: string): T {
  const path = join(dir, file);
  if (!existsSync(path)) throw new UsageError(`${path} does not exist: is ${dir} a run directory?`);
  const text = readTextFile(path, path);
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Appends one epoch's line (a plain append: a 2000-epoch run must not re-read its metrics every epoch). */
export function appendMetrics(dir: string, m: EpochMetrics): void {
  appendFileChecked(join(dir, RUN_FILES.metrics), `${JSON.stringify(m)}\n`);
}

/** What readMetricsRecovering kept and what it had to drop. */
export interface RecoveredMetrics {
  metrics: EpochMetrics[];
  /** Lines dropped: unreadable (torn by a process that died mid-append) or out of epoch order, and those after them. */
  dropped: number;
}

const isEpochLine = (v: unknown, epoch: number): v is EpochMetrics =>
  typeof v === 'object' && v !== null && (v as EpochMetrics).epoch === epoch && typeof (v as EpochMetrics).trainLoss === 'number';

/** The epochs 1, 2, … in order up to the first line that is not the next epoch's complete record. */
export function readMetricsRecovering(dir: string): RecoveredMetrics {
  const path = join(dir, RUN_FILES.metrics);
  if (!existsSync(path)) return { metrics: [], dropped: 0 };
  const lines = readTextFile(path, path)
    .split('\n')
    .filter((l) => l.trim() !== '');
  const metrics: EpochMetrics[] = [];
  // A line cut short by a process that died mid-append does not parse, or lacks fields: it and all after it go.
  for (const line of lines) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      break;
    }
    if (!isEpochLine(value, metrics.length + 1)) break;
    metrics.push(value);
  }
  return { metrics, dropped: lines.length - metrics.length };
}

/**
 * Keeps epochs 1…lastEpoch (what the checkpoint holds) and drops the rest: lines an interrupted run wrote after its
 * last checkpoint, and a torn or garbled tail. Returns what it did, in words, when it dropped a line that was not whole.
 */
export function recoverMetrics(dir: string, lastEpoch: number): string | null {
  const { metrics, dropped } = readMetricsRecovering(dir);
  const kept = metrics.filter((x) => x.epoch <= lastEpoch);
  const path = join(dir, RUN_FILES.metrics);
  // A last line without its newline would run into the next epoch's: such a file is rewritten whole too.
  const ended = !existsSync(path) || /(^|\n)$/.test(readTextFile(path, path));
  if (kept.length === metrics.length && dropped === 0 && ended) return null;
  writeFileAtomic(path, kept.map((x) => `${JSON.stringify(x)}\n`).join(''));
  if (dropped === 0) return null;
  const lastKept = kept.at(-1)?.epoch ?? 0;
  const gap = lastKept < lastEpoch ? `; epochs ${lastKept + 1}–${lastEpoch} of the checkpoint have no metrics line` : '';
  return `${join(dir, RUN_FILES.metrics)}: dropped ${dropped} incomplete or unreadable line${dropped === 1 ? '' : 's'} (a process died while writing); kept epochs 1–${lastKept}${gap}`;
}

/** Every epoch's metrics; a torn or garbled line ends the list (see readMetricsRecovering). */
export function readMetrics(dir: string): EpochMetrics[] {
  return readMetricsRecovering(dir).metrics;
}

/** True when `dir` holds an actlab run or run record (its config.json). */
export const holdsRun = (dir: string) => existsSync(join(dir, RUN_FILES.config));

/** Refuses an empty path, and a path that is not a folder, for `flag` ("--out"). */
export function checkOutputPath(dir: string, flag: string): void {
  if (dir.trim() === '') throw new UsageError(`${flag} is empty: give a folder path`);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new FileAccessError(`${flag} ${dir}: it is a file, not a folder`);
}

/** Entries of folder `dir` other than a lock file, or null when `dir` does not exist. */
export function directoryEntries(dir: string): string[] | null {
  if (!existsSync(dir)) return null;
  return readdirSync(dir).filter((n) => n !== LOCK_FILE);
}

/**
 * Checks that `dir` can take something new: it does not exist, or it is an empty folder. A folder holding anything
 * else is refused with what is in it, so a user's files are never mixed with or overwritten by a run: `isOurs`
 * tells one holding actlab's own work (refused with `oursHint`) from a foreign one. `flag` names the option.
 */
export function checkFreshOutput(dir: string, flag: string, isOurs: (dir: string) => boolean, oursHint: string): void {
  checkOutputPath(dir, flag);
  const entries = directoryEntries(dir);
  if (entries === null || entries.length === 0) return;
  if (isOurs(dir)) throw new UsageError(`${flag} ${dir} already holds ${oursHint}`);
  const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
  throw new UsageError(`${flag} ${dir} is a folder that is not empty and holds no actlab run (${shown}): give a new or empty folder`);
}

/** A recorder that writes a run's records into `dir` as it trains (see RunRecorder in trainer.ts). */
export function runDirectoryRecorder(dir: string): RunRecorder {
  return {
    where: `in ${dir}`,
    begin(progress, initial, best) {
      if (progress.epoch === 0) {
        recoverMetrics(dir, 0);
        writeJson(dir, RUN_FILES.activations, initial);
        return [];
      }
      const repaired = recoverMetrics(dir, progress.epoch);
      if (best !== null) writeFileAtomic(join(dir, RUN_FILES.best), best());
      return repaired === null ? [] : [repaired];
    },
    // Metrics, then the checkpoint, then the best epoch: a process killed between two of these leaves records that a
    // resume puts right (metrics past the checkpoint are dropped; a best epoch equal to the checkpoint's is rewritten).
    epoch(m, checkpoint, best) {
      appendMetrics(dir, m);
      writeFileAtomic(join(dir, RUN_FILES.checkpoint), checkpoint());
      if (best !== null) writeFileAtomic(join(dir, RUN_FILES.best), best());
    },
    end(learned, summary) {
      if (learned !== null) {
        // A resumed run started from where it was: its true start is in the records it wrote then.
        const recorded = existsSync(join(dir, RUN_FILES.activations)) ? readJson<ActivationRecord[]>(dir, RUN_FILES.activations) : [];
        writeJson(dir, RUN_FILES.activations, learned.map((r) => ({ ...r, initial: recorded.find((x) => x.layer === r.layer)?.initial ?? r.initial })));
      }
      writeJson(dir, RUN_FILES.summary, summary);
    },
  };
}
