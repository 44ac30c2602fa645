// Table 1's grid over K teachers, and its report: accuracy averaged over teachers with the majority-class rate beside it.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../train/config.js';
import { RUN_FILES, writeJson } from '../train/run-dir.js';
import type { Summary } from '../train/trainer.js';
import type { CellResult } from './experiment.js';
import { majorityRate } from './paper-table1-labels.js';
import { paperTable1Experiment } from './paper-table1.js';
import type { FoldSummary } from './run-training.js';

const root = mkdtempSync(join(tmpdir(), 'actlab-table1-'));

/** A finished cross-validated cell of `e` with this fold-mean accuracy, its config recorded with `labels`. */
function finished(cell: CellResult['cell'], accuracy: number, labels: string): CellResult {
  const dir = join(root, `${cell.id}-${labels}`);
  mkdirSync(dir, { recursive: true });
  writeJson(dir, RUN_FILES.config, { actlabVersion: '0.1.0', ...resolveConfig([{ source: 'test', values: { ...cell.config, teacherLabels: labels } }]) });
  const base: Summary = { status: 'finished', epochs: 1, final: { testLoss: 0, testAccuracy: accuracy, valLoss: null, valAccuracy: null }, best: null, secondsPerEpoch: 1, activationParams: {}, diverged: null };
  const fold = { mean: accuracy, standardError: 0.004, values: [accuracy] };
  const summary: FoldSummary = { ...base, folds: { count: 5, testAccuracy: fold, testLoss: fold, bestTestAccuracy: null, bestEpochs: [] } };
  return { cell, dir, summary, error: null, exitCode: 0 };
}

describe('paper-table1 over K teachers', () => {
  it('has every teacher × teacher seed × student, seed 1 under its old name', () => {
    const ids = paperTable1Experiment(2).cells.map((c) => c.id);
    expect(ids).toHaveLength(32);
    expect(ids.slice(0, 5)).toEqual(['teacher-1-sig--student-sig', 'teacher-1-sig--student-agumb', 'teacher-1-sig--student-relu', 'teacher-1-sig--student-arelu', 'teacher-1-sig--student-sig--teacher-seed-2']);
    expect(paperTable1Experiment(2).cells[4].config.teacherSeed).toBe(2);
    expect(paperTable1Experiment(1).cells.map((c) => c.id)).toEqual(ids.filter((id) => !id.includes('teacher-seed')));
    expect(paperTable1Experiment(2).options?.replaces).toEqual({ teacherSeed: 'teacher-seeds' });
  });

  it('measures the majority-class rate of a cell\'s recorded teacher data (threshold labels of an 8-layer sigmoid teacher: one class)', () => {
    const e = paperTable1Experiment(1);
    const cell = e.cells.find((c) => c.id === 'teacher-8-sig--student-sig')!;
    expect(majorityRate(finished(cell, 0.5, 'threshold').dir)).toBe(1);
    expect(majorityRate(finished(cell, 0.5, 'median').dir)).toBe(0.5);
    expect(majorityRate(join(root, 'nothing'))).toBeNull();
  });

  it('reports each cell as the mean over teachers ± their standard error, with the paper\'s number and the majority rate', () => {
    const e = paperTable1Experiment(2);
    const results = e.cells.map((c) => finished(c, c.id.includes('teacher-seed-2') ? 0.9 : 0.8, 'median'));
    const text = e.discussion(results);
    // 8-layer sigmoid row: (0.8 + 0.9) / 2 = 85.0, sd 0.0707 / √2 = 5.0 points, majority 50.0 % (median labels).
    expect(text).toContain('| 8 layers, Sig | 85.0 ± 5.0 (83.7); majority 50.0 |');
    expect(text).toMatch(/majority-class rate of the 2 teachers' labels/);
    expect(text).toContain('## Which label reading fits the 8-layer rows');
  });
});
