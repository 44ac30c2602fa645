// `actlab experiment`: bad input stops it before any cell trains, with exit code 2 and a message naming the value.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from './testing.js';

describe('actlab experiment', () => {
  it('names the experiments when given an unknown one', async () => {
    const { code, err } = await runCaptured('experiment', 'paper-table9');
    expect(code).toBe(2);
    expect(err).toMatch(/unknown experiment 'paper-table9'; experiments: .*paper-table1.*paper-table2/);
  });

  it('refuses a bad --jobs or training option before training anything', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-experiment-')), 'grid');
    const jobs = await runCaptured('experiment', 'seed-linear', '--jobs', '0', '--out', out);
    expect(jobs.code).toBe(2);
    expect(jobs.err).toMatch(/--jobs: '0' is not a whole number from 1 to 64/);
    const lr = await runCaptured('experiment', 'seed-linear', '--lr', 'fast', '--out', out);
    expect(lr.code).toBe(2);
    expect(lr.err).toMatch(/lr: 'fast' is not a finite number/);
    const optimizer = await runCaptured('experiment', 'seed-linear', '--optimizer', 'adagrad', '--out', out);
    expect(optimizer.code).toBe(2);
    expect(optimizer.err).toMatch(/'adagrad' is not one of adam, sgd/);
    expect(existsSync(out)).toBe(false);
  });
});
