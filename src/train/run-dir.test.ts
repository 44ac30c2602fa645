// metrics.jsonl after a process died while appending: the complete epochs are kept, the torn or garbled rest is
// dropped (and said); output folders holding anything but a run are refused.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFreshOutput, holdsRun, readMetricsRecovering, recoverMetrics, RUN_FILES, type EpochMetrics } from './run-dir.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'actlab-rundir-'));
const line = (epoch: number) => `${JSON.stringify({ epoch, trainLoss: 1 / epoch, trainAccuracy: 0.5, valLoss: null, valAccuracy: null, seconds: 1, samplesPerSecond: 1, activationMeans: {} } satisfies EpochMetrics)}\n`;

function metricsFile(text: string): string {
  const dir = tmp();
  writeFileSync(join(dir, RUN_FILES.metrics), text);
  return dir;
}

describe('metrics recovery', () => {
  it('keeps every complete epoch and drops a torn last line', () => {
    const dir = metricsFile(line(1) + line(2) + line(3).slice(0, 20));
    expect(readMetricsRecovering(dir)).toMatchObject({ dropped: 1, metrics: [{ epoch: 1 }, { epoch: 2 }] });
    expect(recoverMetrics(dir, 2)).toMatch(/metrics\.jsonl: dropped 1 incomplete or unreadable line .*kept epochs 1–2$/);
    expect(readFileSync(join(dir, RUN_FILES.metrics), 'utf8')).toBe(line(1) + line(2));
    expect(recoverMetrics(dir, 2)).toBeNull();
  });

  it('stops at a garbled or out-of-order line, and says which checkpoint epochs lack a line', () => {
    expect(readMetricsRecovering(metricsFile(line(1) + '\u0000\u0000garbage\n' + line(2))).metrics).toHaveLength(1);
    expect(readMetricsRecovering(metricsFile(line(1) + line(3))).metrics).toHaveLength(1);
    const dir = metricsFile(line(1) + '{"epoch":2,"trainLo\n');
    expect(recoverMetrics(dir, 3)).toMatch(/kept epochs 1–1; epochs 2–3 of the checkpoint have no metrics line/);
  });

  it('ends a complete last line that lacks its newline, so the next epoch starts a line of its own', () => {
    const dir = metricsFile(line(1) + line(2).trimEnd());
    expect(recoverMetrics(dir, 2)).toBeNull();
    expect(readFileSync(join(dir, RUN_FILES.metrics), 'utf8')).toBe(line(1) + line(2));
  });

  it('drops whole lines past the checkpoint without a warning (the run died between metrics and checkpoint)', () => {
    const dir = metricsFile(line(1) + line(2) + line(3));
    expect(recoverMetrics(dir, 2)).toBeNull();
    expect(readFileSync(join(dir, RUN_FILES.metrics), 'utf8')).toBe(line(1) + line(2));
  });
});

describe('checkFreshOutput', () => {
  const check = (dir: string) => checkFreshOutput(dir, '--out', holdsRun, `a run; use --resume ${dir}`);

  it('accepts a new or empty folder, and refuses a file, an empty path, a run and a folder of other files', () => {
    const root = tmp();
    check(join(root, 'new'));
    mkdirSync(join(root, 'empty'));
    check(join(root, 'empty'));
    writeFileSync(join(root, 'file'), '');
    expect(() => check(join(root, 'file'))).toThrow(/--out .*file: it is a file, not a folder/);
    expect(() => check('')).toThrow('--out is empty: give a folder path');
    mkdirSync(join(root, 'run'));
    writeFileSync(join(root, 'run', RUN_FILES.config), '{}');
    expect(() => check(join(root, 'run'))).toThrow(/already holds a run; use --resume/);
    mkdirSync(join(root, 'thesis'));
    for (const f of ['a.tex', 'b.tex', 'c.bib', 'd', 'e', 'f']) writeFileSync(join(root, 'thesis', f), '');
    expect(() => check(join(root, 'thesis'))).toThrow(/is a folder that is not empty and holds no actlab run \(.*, … \(6 entries\)\): give a new or empty folder/);
  });
});
