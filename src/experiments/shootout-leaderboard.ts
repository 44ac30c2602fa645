// The shootout's numbers from its run records: per seed, the test accuracy at the best validation epoch; per activation
// and setting (data set × model), mean ± sd over seeds and the paired per-seed difference with ReLU (95 % t-interval,
// sign test), time per epoch relative to ReLU and the count of activation parameters; pooled over settings, the
// leaderboard. As tables, which shootout-report.ts writes as markdown and HTML.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getElementwise } from '../activations/catalog.js';
import { readRegularFile } from '../fs.js';
import { readJson, RUN_FILES } from '../train/run-dir.js';
import { decodeSafetensors } from '../train/safetensors.js';
import type { ActivationRecord } from '../train/trainer.js';
import type { CellResult } from './experiment.js';
import { mean, sampleSd, signTest, tInterval, type Interval, type SignTest } from './statistics.js';

/** One cell: an activation in a setting with a seed, and what its run recorded (null where it has no result). */
export interface SeedOutcome {
  activation: string;
  setting: string;
  seed: number;
  /** Test accuracy at the epoch of the best validation accuracy. */
  accuracy: number | null;
  secondsPerEpoch: number | null;
  /** Learnable activation parameters in the network (0 for a fixed activation). */
  activationParams: number | null;
  /** Every trained parameter of the network, activation parameters included (batch norm's moving statistics not). */
  networkParams: number | null;
  diverged: boolean;
}

/** Learnable values in a run's activations.json: one per slot (neuron, channel or layer) and learnable parameter. */
export function learnableCount(dir: string): number | null {
  if (!existsSync(join(dir, RUN_FILES.activations))) return null;
  const records = readJson<ActivationRecord[]>(dir, RUN_FILES.activations);
  return records.reduce((sum, r) => sum + getElementwise(r.activation).params.filter((p) => p.learnable).reduce((n, p) => n + (r.learned[p.name]?.length ?? 0), 0), 0);
}

/** Trained parameters in a run's best-epoch weights (best.safetensors): every tensor but batch norm's moving statistics. */
export function parameterCount(dir: string): number | null {
  const path = join(dir, RUN_FILES.best);
  if (!existsSync(path)) return null;
  const { tensors } = decodeSafetensors(readRegularFile(path, path), path);
  let count = 0;
  for (const [name, t] of tensors) if (!/moving/i.test(name)) count += t.data.length;
  return count;
}

/** Each cell's outcome; the setting and activation come from the cell's settings. */
export function seedOutcomes(results: readonly CellResult[], settingOf: (config: Record<string, unknown>) => string): SeedOutcome[] {
  return results.map((r) => ({
    activation: String(r.cell.config.activation),
    setting: settingOf(r.cell.config),
    seed: Number(r.cell.config.seed),
    accuracy: r.summary?.best?.testAccuracy ?? null,
    secondsPerEpoch: r.summary?.secondsPerEpoch ?? null,
    activationParams: learnableCount(r.dir),
    networkParams: parameterCount(r.dir),
    diverged: r.summary?.status === 'diverged',
  }));
}

/** An activation against the baseline over paired seeds: differences in accuracy, and time per epoch ratios. */
export interface Comparison {
  /** Seeds where both have a result. */
  pairs: number;
  /** Mean paired difference (activation − baseline) and its 95 % t-interval, in accuracy units (0.01 = 1 point). */
  delta: Interval;
  sign: SignTest;
  /** Mean over pairs of time per epoch ÷ the baseline's, or null without pairs. */
  timeRatio: number | null;
}

function compare(mine: readonly SeedOutcome[], baseline: readonly SeedOutcome[]): Comparison {
  const pairs = mine.flatMap((m) => {
    const b = baseline.find((x) => x.setting === m.setting && x.seed === m.seed);
    return b && m.accuracy !== null && b.accuracy !== null ? [{ m, b }] : [];
  });
  const differences = pairs.map(({ m, b }) => (m.accuracy as number) - (b.accuracy as number));
  const ratios = pairs.flatMap(({ m, b }) => (m.secondsPerEpoch && b.secondsPerEpoch ? [m.secondsPerEpoch / b.secondsPerEpoch] : []));
  return { pairs: pairs.length, delta: tInterval(differences), sign: signTest(differences), timeRatio: ratios.length ? mean(ratios) : null };
}

/** One activation in one setting. */
export interface SettingResult {
  setting: string;
  accuracies: number[];
  mean: number;
  sd: number;
  vsBaseline: Comparison;
  params: number | null;
  /** The network's trained parameters, activation parameters included. */
  networkParams: number | null;
  diverged: number;
  missing: number;
}

/** One activation over every setting: the leaderboard's row. */
export interface LeaderboardRow {
  activation: string;
  /** Over all (setting, seed) pairs. */
  pooled: Comparison;
  settings: SettingResult[];
}

function settingResult(all: readonly SeedOutcome[], activation: string, setting: string, baseline: string): SettingResult {
  const mine = all.filter((o) => o.activation === activation && o.setting === setting);
  const accuracies = mine.flatMap((o) => (o.accuracy === null ? [] : [o.accuracy]));
  return {
    setting,
    accuracies,
    mean: accuracies.length ? mean(accuracies) : NaN,
    sd: sampleSd(accuracies),
    vsBaseline: compare(mine, all.filter((o) => o.activation === baseline && o.setting === setting)),
    params: mine.find((o) => o.activationParams !== null)?.activationParams ?? null,
    networkParams: mine.find((o) => o.networkParams !== null)?.networkParams ?? null,
    diverged: mine.filter((o) => o.diverged).length,
    missing: mine.filter((o) => o.accuracy === null).length,
  };
}

const firstSeen = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) === i);

/** Rows for every activation, best mean pooled difference first (the baseline's is 0). */
export function leaderboard(all: readonly SeedOutcome[], baseline: string): LeaderboardRow[] {
  const settings = firstSeen(all.map((o) => o.setting));
  const rows = firstSeen(all.map((o) => o.activation)).map((activation) => ({
    activation,
    pooled: compare(all.filter((o) => o.activation === activation), all.filter((o) => o.activation === baseline)),
    settings: settings.map((s) => settingResult(all, activation, s, baseline)),
  }));
  const key = (r: LeaderboardRow) => (Number.isFinite(r.pooled.delta.mean) ? r.pooled.delta.mean : -Infinity);
  return rows.sort((a, b) => key(b) - key(a));
}
