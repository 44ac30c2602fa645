// One training run as every command does it: the config recorded, the session built, trained,
// the plots drawn from the run's records, the engine released. With --folds K the run directory
// holds one run per fold (fold-1 … fold-K) and a summary of their mean and standard error.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getElementwise } from '../activations/catalog.js';
import { prepareCharts } from '../report/render.js';
import { writeRunCharts } from '../report/run-charts.js';
import { Rng } from '../rng.js';
import type { TrainConfig } from '../train/config.js';
import { readJson, RUN_FILES, writeJson } from '../train/run-dir.js';
import { createSession, foldSplits, type DataSplits } from '../train/setup.js';
import { summarize } from '../train/stats.js';
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
  folds: { count: number; testAccuracy: FoldStatistic; testLoss: FoldStatistic; bestTestAccuracy: FoldStatistic | null };
}

function statistic(values: number[]): FoldStatistic {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, standardError: Math.sqrt(variance / n), values };
}

async function trainOne(config: TrainConfig, dir: string, resume: boolean, hooks: TrainHooks, data?: DataSplits): Promise<Summary> {
  // The plots come last; their renderer loads its libraries on another thread while the data loads.
  prepareCharts();
  writeJson(dir, RUN_FILES.config, { actlabVersion: VERSION, ...config, out: dir });
  const session = await createSession(config, data);
  try {
    const summary = train(session, dir, resume, hooks);
    await writeRunCharts(dir, `${config.model} · ${config.activation}`);
    return summary;
  } finally {
    session.engine.dispose();
  }
}

/** Trains every fold that has not finished (resuming interrupted ones) and writes the fold summary. */
async function trainFolds(config: TrainConfig, dir: string, hooks: TrainHooks): Promise<FoldSummary> {
  writeJson(dir, RUN_FILES.config, { actlabVersion: VERSION, ...config, out: dir });
  // Fold membership comes from its own RNG stream, so it does not depend on how training draws.
  const splits = foldSplits(config, new Rng(config.seed ^ 0x5eed));
  const summaries: Summary[] = [];
  for (let i = 0; i < splits.length; i++) {
    const foldDir = join(dir, `fold-${i + 1}`);
    const done = existsSync(join(foldDir, RUN_FILES.summary)) ? readJson<Summary>(foldDir, RUN_FILES.summary) : null;
    if (done !== null && (done.status === 'diverged' || done.epochs >= config.epochs)) {
      summaries.push(done);
      continue;
    }
    try {
      summaries.push(await trainOne(config, foldDir, existsSync(join(foldDir, RUN_FILES.checkpoint)), hooks, splits[i]));
    } catch (err) {
      if (!(err instanceof DivergedError)) throw err;
      summaries.push(readJson<Summary>(foldDir, RUN_FILES.summary));
    }
  }
  const finished = summaries.filter((s) => s.status === 'finished');
  const records = splits.map((_, i) => join(dir, `fold-${i + 1}`)).filter((d) => existsSync(join(d, RUN_FILES.activations))).flatMap((d) => readJson<ActivationRecord[]>(d, RUN_FILES.activations));
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
  const summary: FoldSummary = {
    status: finished.length === summaries.length ? 'finished' : 'diverged',
    epochs: Math.min(...summaries.map((s) => s.epochs)),
    final: { testLoss: statistic(finished.map((s) => s.final.testLoss)).mean, testAccuracy: test.mean, valLoss: null, valAccuracy: null },
    best: best === null ? null : { epoch: 0, valAccuracy: NaN, testLoss: NaN, testAccuracy: best.mean },
    secondsPerEpoch: statistic(summaries.map((s) => s.secondsPerEpoch)).mean,
    activationParams,
    diverged: summaries.find((s) => s.diverged !== null)?.diverged ?? null,
    folds: { count: splits.length, testAccuracy: test, testLoss: statistic(finished.map((s) => s.final.testLoss)), bestTestAccuracy: best },
  };
  writeJson(dir, RUN_FILES.summary, summary);
  return summary;
}

/**
 * Trains from a resolved config (fresh, or resuming `dir`), writes the plots, returns the summary.
 * With config.folds ≥ 2 it cross-validates: each fold is a run directory below `dir`.
 */
export async function runTraining(config: TrainConfig, dir: string, resume: boolean, hooks: TrainHooks): Promise<RunOutcome> {
  if (config.folds >= 2) return { dir, summary: await trainFolds(config, dir, hooks) };
  return { dir, summary: await trainOne(config, dir, resume, hooks) };
}
