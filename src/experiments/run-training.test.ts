import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../train/config.js';
import { readJson, RUN_FILES } from '../train/run-dir.js';
import type { Summary } from '../train/trainer.js';
import { runTraining, type FoldSummary } from './run-training.js';

describe('runTraining with folds', () => {
  it('keeps each fold’s best validation epoch and reports their median as the best epoch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-folds-'));
    const values = {
      dataset: 'teacher',
      teacherLayers: 1,
      teacherActivation: 'relu',
      teacherExamples: 150,
      model: 'mlp:4',
      folds: 3,
      epochs: 8,
      batch: 10,
      lr: 0.003,
      threads: 1,
    };
    const config = resolveConfig([{ source: 'test', values }]);
    const { summary } = await runTraining({ ...config, out: dir }, dir, {});
    const folds = [1, 2, 3].map((k) => readJson<Summary>(join(dir, `fold-${k}`), RUN_FILES.summary));
    const bestEpochs = folds.map((s) => s.best!.epoch);
    // These settings give folds different best epochs ([1, 8, 7] when written), so the median is not any fold's by default.
    expect(new Set(bestEpochs).size).toBeGreaterThan(1);
    expect((summary as FoldSummary).folds.bestEpochs).toEqual(bestEpochs);
    expect(summary.best!.epoch).toBe([...bestEpochs].sort((a, b) => a - b)[1]);
    expect(summary.best!.epoch).toBeGreaterThanOrEqual(1);
    expect(readJson<FoldSummary>(dir, RUN_FILES.summary).folds.bestEpochs).toEqual(bestEpochs);
  }, 120_000);
});
