// `actlab experiment`: bad input stops it before any cell trains, with exit code 2 and a message naming the value.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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

  it('refuses an override that applies to no cell, and a folder holding something else', async () => {
    const root = mkdtempSync(join(tmpdir(), 'actlab-experiment-'));
    const momentum = await runCaptured('experiment', 'seed-linear', '--momentum', '0.9', '--out', join(root, 'a'));
    expect(momentum.code).toBe(2);
    expect(momentum.err).toMatch(/--momentum does not apply to any cell of seed-linear: it needs --optimizer sgd/);
    const mine = join(root, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.md'), '');
    const foreign = await runCaptured('experiment', 'seed-linear', '--out', mine);
    expect(foreign.code).toBe(2);
    expect(foreign.err).toMatch(/--out .*mine is a folder that is not empty and holds no actlab run \(notes\.md\)/);
    expect(readdirSync(mine)).toEqual(['notes.md']);
    expect((await runCaptured('experiment', 'seed-linear', '--out', '')).err).toMatch(/--out is empty/);
  });

  it('exits 2 when every cell fails on bad input, with one line per cell and the error in its log', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-experiment-')), 'grid');
    const r = await runCaptured('experiment', 'seed-linear', '--dataset', 'csv', '--data', join(out, 'missing.csv'), '--jobs', '1', '--out', out);
    expect(r.code).toBe(2);
    const lines = r.out.split('\n').filter((l) => l.startsWith('['));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[1\/2\] learnable-linear: failed: cannot read .*missing\.csv: no such file or folder \(ENOENT\), in \d+:\d\d · 1\/2 cells done, 0 running, 1 left · \d+:\d\d elapsed/);
    expect(readdirSync(join(out, 'logs')).sort()).toEqual(['learnable-linear.log', 'relu.log']);
  });

  it('takes --teacher-seeds K for paper-table1 (K teachers per row), refusing a bad K and --teacher-seed beside K > 1', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-experiment-')), 'grid');
    const listed = await runCaptured('experiment', 'paper-table1', '--teacher-seeds', '3', '--list-cells', '--out', out);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/paper-table1: 48 cells/);
    expect(listed.out).toContain('teacher-8-relu--student-arelu--teacher-seed-3');
    const zero = await runCaptured('experiment', 'paper-table1', '--teacher-seeds', '0', '--out', out);
    expect(zero.err).toMatch(/--teacher-seeds: '0' is not a whole number from 1 to 100/);
    const both = await runCaptured('experiment', 'paper-table1', '--teacher-seeds', '2', '--teacher-seed', '5', '--out', out);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--teacher-seed does not apply to paper-table1, whose cells vary it: use --teacher-seeds/);
    expect((await runCaptured('experiment', 'paper-table1', '--teacher-seed', '5', '--list-cells', '--out', out)).code).toBe(0);
  });
});
