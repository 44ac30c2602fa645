// `actlab train` with formula activations: a formula computing a built-in trains to the same numbers, its learned
// parameters are recorded as a built-in's are, an affine formula is warned about, and --resume rebuilds the formula
// from the run directory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMetrics, RUN_FILES } from '../train/run-dir.js';
import { runCaptured } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'actlab-cli-formula-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small, fast run: 200 teacher examples through one hidden layer of 4. */
const TINY = ['--dataset', 'teacher', '--teacher-examples', '200', '--model', 'mlp:4', '--threads', '1'];
const LINEAR = 'formula:k0 + k1*x;k0=0.5;k1=1';

const readJson = (run: string, file: string) => JSON.parse(readFileSync(join(run, file), 'utf8'));
/** Each epoch's metrics without its timing. */
const untimed = (run: string) => readMetrics(run).map(({ seconds: _s, samplesPerSecond: _r, ...rest }) => rest);

describe('actlab train --activation formula:...', () => {
  it('trains seed 002’s k0 + k1·x, warns that the network is linear, and resumes it', async () => {
    const run = join(dir, 'linear');
    const r = await runCaptured('train', ...TINY, '--activation', LINEAR, '--epochs', '1', '--out', run);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/warning: every hidden activation \(formula:k0 \+ k1\*x;k0=0\.5;k1=1\) is affine, so the whole network is a linear model/);
    expect(readJson(run, RUN_FILES.config).activation).toBe(LINEAR);
    const [record] = readJson(run, RUN_FILES.activations);
    expect(record.activation).toBe(LINEAR);
    expect(Object.keys(record.learned)).toEqual(['k0', 'k1']);
    expect(record.initial.k0).toEqual([0.5, 0.5, 0.5, 0.5]);

    const resumed = await runCaptured('train', '--resume', run, '--epochs', '2');
    expect(resumed.code, resumed.err).toBe(0);
    expect(readMetrics(run).map((m) => m.epoch)).toEqual([1, 2]);
    expect(resumed.out).toMatch(/epoch 2\/2 .*act0\.k0=/);
  });

  it('trains to the built-in’s numbers, to float32 rounding, where it computes the same function', async () => {
    const builtin = join(dir, 'learnableLinear');
    const formula = join(dir, 'formula');
    expect((await runCaptured('train', ...TINY, '--activation', 'learnableLinear', '--epochs', '2', '--out', builtin)).code).toBe(0);
    expect((await runCaptured('train', ...TINY, '--activation', LINEAR, '--epochs', '2', '--out', formula)).code).toBe(0);
    // The built-in's WASM kernel rounds differently from the formula's float64 arithmetic: equal to about 1e-8.
    const want = untimed(builtin);
    untimed(formula).forEach((m, i) => {
      expect(m.trainAccuracy).toBe(want[i].trainAccuracy);
      expect(m.trainLoss).toBeCloseTo(want[i].trainLoss, 6);
      expect(m.valLoss!).toBeCloseTo(want[i].valLoss!, 6);
      for (const [k, v] of Object.entries(want[i].activationMeans)) expect(m.activationMeans[k], k).toBeCloseTo(v, 6);
    });
  });

  it('names a bad formula with its column and writes nothing', async () => {
    const run = join(dir, 'bad');
    const r = await runCaptured('train', ...TINY, '--activation', 'formula:x*sigmoid(c*x);b=1', '--out', run);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^actlab: formula activation 'formula:x\*sigmoid\(c\*x\);b=1', column 19: unknown symbol 'c'/);
  });
});
