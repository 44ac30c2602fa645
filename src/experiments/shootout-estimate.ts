// The shootout's wall time, estimated before it starts from a short calibration on this machine: each model ×
// activation trains two epochs on a twentieth of MNIST (the first warms up), each data set is loaded once, and one
// run's plots are drawn; a cell costs its epochs at the measured rate plus its data loading and plots.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRunCharts } from '../report/run-charts.js';
import { resolveConfig, type TrainConfig } from '../train/config.js';
import { loadData } from '../train/load-data.js';
import { runDirectoryRecorder } from '../train/run-dir.js';
import { createSession, type DataSplits } from '../train/setup.js';
import { freshStart, train } from '../train/trainer.js';
import { SHOOTOUT_MODELS, type ShootoutOptions } from './shootout-cells.js';

/** The probe trains on 1/PROBE_FRACTION of the training and evaluation examples (the same 5 : 2 mix as a full epoch). */
const PROBE_FRACTION = 20;
/** Seconds to start a cell's process (Node and actlab's modules), measured on a 2-core machine. */
const PROCESS_START = 0.5;

const subset = (indices: Uint32Array) => indices.subarray(0, Math.ceil(indices.length / PROBE_FRACTION));

/** Seconds per full epoch of `config` on `data`, from two epochs on a part of it; draws the run's plots when `chartsDir` is given. */
async function probeEpoch(config: TrainConfig, data: DataSplits, chartsDir: string | null): Promise<{ epoch: number; charts: number }> {
  const part = { ...data, trainIndices: subset(data.trainIndices), valIndices: subset(data.valIndices), testIndices: subset(data.testIndices) };
  const session = await createSession({ ...config, epochs: 2 }, part);
  const stamps: number[] = [];
  try {
    const recorder = chartsDir === null ? undefined : runDirectoryRecorder(chartsDir);
    train(session, freshStart(), recorder, { onEpoch: () => stamps.push(performance.now()) });
  } finally {
    session.engine.dispose();
  }
  const started = performance.now();
  if (chartsDir !== null) await writeRunCharts(chartsDir, 'probe');
  return { epoch: ((stamps[1] - stamps[0]) / 1000) * PROBE_FRACTION, charts: (performance.now() - started) / 1000 };
}

/** Seconds to load each data set (as a cell does at its start). */
function loadSeconds(datasets: readonly string[], overrides: Record<string, unknown>): Map<string, { seconds: number; data: DataSplits }> {
  return new Map(
    datasets.map((dataset) => {
      const started = performance.now();
      const data = loadData(resolveConfig([{ source: 'probe', values: { ...overrides, dataset } }]));
      return [dataset, { seconds: (performance.now() - started) / 1000, data }];
    }),
  );
}

export async function estimateShootoutSeconds(o: ShootoutOptions, epochs: number, jobs: number, overrides: Record<string, unknown>): Promise<number> {
  const loads = loadSeconds(o.datasets, overrides);
  const data = [...loads.values()][0].data;
  const dir = mkdtempSync(join(tmpdir(), 'actlab-probe-'));
  let charts = 0;
  let perSeedAndDataset = 0;
  try {
    for (const model of o.models) {
      for (const activation of o.activations) {
        const config = resolveConfig([{ source: 'probe', values: { model: SHOOTOUT_MODELS[model], activation } }, { source: 'flag', values: overrides }]);
        const cost = await probeEpoch(config, data, charts === 0 ? join(dir, 'run') : null);
        charts = Math.max(charts, cost.charts);
        perSeedAndDataset += epochs * cost.epoch;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cellsPerDataset = o.models.length * o.activations.length * o.seeds.length;
  const overhead = [...loads.values()].reduce((sum, l) => sum + cellsPerDataset * (l.seconds + charts + PROCESS_START), 0);
  const serial = perSeedAndDataset * o.seeds.length * o.datasets.length + overhead;
  return serial / Math.max(1, Math.min(jobs, availableParallelism(), cellsPerDataset * o.datasets.length));
}
