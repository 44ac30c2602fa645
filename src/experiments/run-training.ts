// One training run as every command does it: the directory locked for this process, the session built and the
// checkpoint checked before anything is written, the config recorded (with the history of a resumed run's
// changes), trained, the plots drawn from the run's records, the engine released. With --folds K the run
// directory holds one run per fold (fold-1 … fold-K) and a summary of their mean and standard error.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getElementwise } from '../activations/catalog.js';
import { prepareCharts } from '../report/render.js';
import { writeRunCharts } from '../report/run-charts.js';
import { Rng } from '../rng.js';
import type { TrainConfig } from '../train/config.js';
import type { RunRecord } from '../train/run-plan.js';
import { lockDirectory } from '../train/lock.js';
import { holdsRun, readJson, RUN_FILES, runDirectoryRecorder, writeJson } from '../train/run-dir.js';
import { datasetSplitRecord, foldSplits, loadData } from '../train/load-data.js';
import { createSession, type DataSplits } from '../train/setup.js';
import { summarize } from '../train/stats.js';
import { prepareStart } from '../train/resume.js';
import { DivergedError, train, type ActivationRecord, type Summary, type TrainHooks } from '../train/trainer.js';
import { VERSION } from '../version.js';

export interface RunOutcome {
  dir: string;
  summary: Summary;
}

/** Mean and standard error (sample std / √n) across folds. */
export interface FoldStatistic {
  mean: number;
  standardError: number;
  values: number[];
}

/** A cross-validated run's summary: the usual fields (means over folds) plus the per-fold statistics. */
export interface FoldSummary extends Summary {
  /** bestEpochs: each finished fold's best validation epoch, in fold order (best.epoch is their median). */
  folds: { count: number; testAccuracy: FoldStatistic; testLoss: FoldStatistic; bestTestAccuracy: FoldStatistic | null; bestEpochs: number[] };
}


function statistic(values: number[]): FoldStatistic {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, standardError: Math.sqrt(variance / n), values };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A resumed run's accepted changes: [before, after] by setting. */
type Changes = Record<string, [unknown, unknown]>;

/** What config.json of `dir` says after a start at `afterEpoch` with `changed` settings (none for a fresh run). */
function runRecord(config: TrainConfig, dir: string, changed: Changes, afterEpoch: number): RunRecord {
  const history = holdsRun(dir) ? (readJson<RunRecord>(dir, RUN_FILES.config).history ?? []) : [];
  if (Object.keys(changed).length > 0) history.push({ at: new Date().toISOString(), afterEpoch, changed });
  const split = datasetSplitRecord(config);
  return { actlabVersion: VERSION, ...config, out: dir, ...(history.length > 0 ? { history } : {}), ...(split === null ? {} : { datasetSplit: split }) };
}

/**
 * Builds the session and checks the checkpoint (writing nothing), then records the config and trains.
 * `beforeWrite` runs once everything is checked, before the first write.
 */
async function trainOne(config: TrainConfig, dir: string, changed: Changes, hooks: TrainHooks, data?: DataSplits, beforeWrite = () => {}): Promise<Summary> {
  // The plots come last; their renderer loads its libraries on another thread while the data loads.
  prepareCharts();
  const session = await createSession(config, data ?? loadData(config));
  try {
    const start = prepareStart(session, dir, holdsRun(dir));
    beforeWrite();
    writeJson(dir, RUN_FILES.config, runRecord(config, dir, changed, start.progress.epoch));
    const summary = train(session, start, runDirectoryRecorder(dir), hooks);
    await writeRunCharts(dir, `${config.model} · ${config.activation}`);
    return summary;
  } finally {
    session.engine.dispose();
  }
}

const foldDir = (dir: string, i: number) => join(dir, `fold-${i + 1}`);

/** A fold's summary when it needs no more training (finished its epochs, or diverged), else null. */
function doneFold(dir: string, epochs: number): Summary | null {
  const done = existsSync(join(dir, RUN_FILES.summary)) ? readJson<Summary>(dir, RUN_FILES.summary) : null;
  return done !== null && (done.status === 'diverged' || done.epochs >= epochs) ? done : null;
}

/** Trains every fold that has not finished (resuming interrupted ones) and writes the fold summary. */
async function trainFolds(config: TrainConfig, dir: string, changed: Changes, hooks: TrainHooks): Promise<FoldSummary> {
  // Fold membership comes from its own RNG stream, so it does not depend on how training draws.
  const splits = foldSplits(config, new Rng(config.seed ^ 0x5eed));
  const summaries: Summary[] = [];
  let recorded = false;
  const record = () => {
    if (!recorded) writeJson(dir, RUN_FILES.config, runRecord(config, dir, changed, 0));
    recorded = true;
  };
  for (let i = 0; i < splits.length; i++) {
    const done = doneFold(foldDir(dir, i), config.epochs);
    if (done !== null) {
      summaries.push(done);
      continue;
    }
    try {
      summaries.push(await trainOne(config, foldDir(dir, i), changed, hooks, splits[i], record));
    } catch (err) {
      if (!(err instanceof DivergedError)) throw err;
      summaries.push(readJson<Summary>(foldDir(dir, i), RUN_FILES.summary));
    }
  }
  record();
  const summary = foldSummary(dir, splits.length, summaries);
  writeJson(dir, RUN_FILES.summary, summary);
  return summary;
}

/** The means and standard errors over the folds' summaries, and their learned parameters pooled. */
function foldSummary(dir: string, count: number, summaries: readonly Summary[]): FoldSummary {
  const finished = summaries.filter((s) => s.status === 'finished');
  const records = Array.from({ length: count }, (_, i) => foldDir(dir, i))
    .filter((d) => existsSync(join(d, RUN_FILES.activations)))
    .flatMap((d) => readJson<ActivationRecord[]>(d, RUN_FILES.activations));
  // Learned parameters of every fold pooled per layer and parameter (learnable ones only).
  const pooled = new Map<string, Map<string, number[]>>();
  for (const r of records) {
    for (const spec of getElementwise(r.activation).params.filter((p) => p.learnable)) {
      const layer = pooled.get(r.layer) ?? new Map<string, number[]>();
      pooled.set(r.layer, layer.set(spec.name, [...(layer.get(spec.name) ?? []), ...r.learned[spec.name]]));
    }
  }
  const activationParams: Summary['activationParams'] = {};
  for (const [layer, params] of pooled) activationParams[layer] = Object.fromEntries([...params].map(([name, v]) => [name, summarize(v)]));
  const test = statistic(finished.map((s) => s.final.testAccuracy));
  const best = finished.every((s) => s.best !== null) && finished.length > 0 ? statistic(finished.map((s) => (s.best as NonNullable<Summary['best']>).testAccuracy)) : null;
  const bestEpochs = best === null ? [] : finished.map((s) => (s.best as NonNullable<Summary['best']>).epoch);
  return {
    status: finished.length === summaries.length ? 'finished' : 'diverged',
    epochs: Math.min(...summaries.map((s) => s.epochs)),
    final: { testLoss: statistic(finished.map((s) => s.final.testLoss)).mean, testAccuracy: test.mean, valLoss: null, valAccuracy: null },
    best: best === null ? null : { epoch: Math.round(median(bestEpochs)), valAccuracy: NaN, testLoss: NaN, testAccuracy: best.mean },
    secondsPerEpoch: statistic(summaries.map((s) => s.secondsPerEpoch)).mean,
    activationParams,
    diverged: summaries.find((s) => s.diverged !== null)?.diverged ?? null,
    folds: { count, testAccuracy: test, testLoss: statistic(finished.map((s) => s.final.testLoss)), bestTestAccuracy: best, bestEpochs },
  };
}

/** The fold directories below a run directory (their leftover temporary files are the lock holder's to remove). */
const foldDirectories = (dir: string) => readdirSync(dir).filter((n) => /^fold-\d+$/.test(n)).map((n) => join(dir, n));

/**
 * Trains from a resolved config into `dir` — fresh, or continuing the run there — and writes the plots; returns the
 * summary. `changed` lists a resumed run's accepted changes, [before, after] by setting, for config.json's history.
 * One process at a time: `dir` is locked. Nothing is written before the config, data, model and checkpoint are
 * checked, and a fresh folder made for a run that could not start is removed again.
 */
export async function runTraining(config: TrainConfig, dir: string, hooks: TrainHooks, changed: Changes = {}): Promise<RunOutcome> {
  const existed = existsSync(dir);
  const lock = lockDirectory(dir, foldDirectories);
  try {
    const summary = config.folds >= 2 ? await trainFolds(config, dir, changed, hooks) : await trainOne(config, dir, changed, hooks);
    return { dir, summary };
  } finally {
    lock.release();
    if (!existed && readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
  }
}
