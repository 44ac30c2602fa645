// The run directory, the unit of record: config.json, metrics.jsonl, checkpoint.safetensors,
// activations.json, summary.json and the plots. Every file is written atomically.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs.js';

export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint.safetensors',
  best: 'best.safetensors',
  activations: 'activations.json',
  summary: 'summary.json',
} as const;

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  seconds: number;
  samplesPerSecond: number;
  /** Mean of each learnable activation parameter per layer, e.g. {"act0.alpha": 0.93}. */
  activationMeans: Record<string, number>;
}

export function writeJson(dir: string, file: string, value: unknown): void {
  writeFileAtomic(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson<T>(dir: string, file: string): T {
  const path = join(dir, file);
  if (!existsSync(path)) throw new UsageError(`${path} does not exist: is ${dir} a run directory?`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Appends one epoch's line (a plain append: a 2000-epoch run must not re-read its metrics every epoch). */
export function appendMetrics(dir: string, m: EpochMetrics): void {
  appendFileSync(join(dir, RUN_FILES.metrics), `${JSON.stringify(m)}\n`);
}

/** Drops the lines of epochs after `lastEpoch`: what an interrupted run wrote after its last checkpoint. */
export function truncateMetrics(dir: string, lastEpoch: number): void {
  const all = readMetrics(dir);
  const kept = all.filter((x) => x.epoch <= lastEpoch);
  if (kept.length !== all.length) writeFileAtomic(join(dir, RUN_FILES.metrics), kept.map((x) => `${JSON.stringify(x)}\n`).join(''));
}

export function readMetrics(dir: string): EpochMetrics[] {
  const path = join(dir, RUN_FILES.metrics);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EpochMetrics);
}
