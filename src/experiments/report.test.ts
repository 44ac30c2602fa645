import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_FILES } from '../train/run-dir.js';
import type { Summary } from '../train/trainer.js';
import type { Cell, CellResult } from './experiment.js';
import { accuracyPoints, bestEpochText } from './report.js';
import type { FoldSummary } from './run-training.js';

const run: Summary = {
  status: 'finished',
  epochs: 20,
  final: { testLoss: 0.1, testAccuracy: 0.95, valLoss: 0.1, valAccuracy: 0.95 },
  best: { epoch: 12, valAccuracy: 0.96, testLoss: 0.09, testAccuracy: 0.971 },
  secondsPerEpoch: 1,
  activationParams: {},
  diverged: null,
};

const statistic = (values: number[]) => ({ mean: values.reduce((a, b) => a + b, 0) / values.length, standardError: 0, values });

function foldSummary(bestEpochs: number[] | undefined): FoldSummary {
  const folds = { count: 5, testAccuracy: statistic([0.95]), testLoss: statistic([0.1]), bestTestAccuracy: statistic([0.971]) };
  return { ...run, best: { ...run.best!, epoch: 0 }, folds: bestEpochs === undefined ? (folds as FoldSummary['folds']) : { ...folds, bestEpochs } };
}

describe('bestEpochText', () => {
  it('names the best validation epoch of one run', () => {
    expect(bestEpochText(run)).toBe('97.10 % (epoch 12)');
  });

  it('gives the span of the folds’ best epochs for a cross-validated cell, not its epoch field', () => {
    expect(bestEpochText(foldSummary([312, 800, 455, 800, 612]))).toBe('97.10 % (epochs 312–800 over 5 folds)');
    expect(bestEpochText(foldSummary([800, 800, 800, 800, 800]))).toBe('97.10 % (epoch 800 in all 5 folds)');
  });

  it('says "mean over folds" for a fold summary written before the best epochs were kept, and – without a best epoch', () => {
    expect(bestEpochText(foldSummary(undefined))).toBe('97.10 % (mean over 5 folds)');
    expect(bestEpochText({ ...run, best: null })).toBe('–');
    expect(bestEpochText(null)).toBe('–');
  });
});

describe('accuracyPoints', () => {
  /** A cell's run directory with a metrics file of `epochs` epochs, in a fold-1 folder when `folded`. */
  function result(root: string, cell: Cell, epochs: number, folded: boolean): CellResult {
    const dir = join(root, cell.id);
    const metricsDir = folded ? join(dir, 'fold-1') : dir;
    mkdirSync(metricsDir, { recursive: true });
    const line = (epoch: number) => JSON.stringify({ epoch, trainLoss: 1, trainAccuracy: epoch / 10, valLoss: null, valAccuracy: epoch === 1 ? null : epoch / 20 });
    writeFileSync(join(metricsDir, RUN_FILES.metrics), Array.from({ length: epochs }, (_, i) => line(i + 1)).join('\n'));
    return { cell, dir, summary: null, error: null, exitCode: 1 };
  }

  it('reads each cell’s (first fold’s) metrics, places it by its grid row and column, and skips missing validation', () => {
    const root = mkdtempSync(join(tmpdir(), 'actlab-report-'));
    const points = accuracyPoints([
      result(root, { id: 'a', label: 'teacher T, student S', grid: { row: 'teacher T', column: 'student S' }, config: {} }, 2, true),
      result(root, { id: 'b', label: 'plain', config: {} }, 1, false),
    ]);
    expect(points).toEqual([
      { cell: 'teacher T, student S', row: 'teacher T', column: 'student S', epoch: 1, split: 'train', accuracy: 0.1 },
      { cell: 'teacher T, student S', row: 'teacher T', column: 'student S', epoch: 2, split: 'validation', accuracy: 0.1 },
      { cell: 'teacher T, student S', row: 'teacher T', column: 'student S', epoch: 2, split: 'train', accuracy: 0.2 },
      { cell: 'plain', epoch: 1, split: 'train', accuracy: 0.1 },
    ]);
  });
});
