// `actlab simulate` through runCli: the CSV and its sidecar, reproducibility from the seed, and every
// bad flag rejected with exit 2 and nothing written.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/csv-file.js';
import { simulateTeacher, TEACHER_DEFAULTS } from '../data/teacher.js';
import { runCaptured } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'actlab-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCaptured;

describe('actlab simulate', () => {
  it('writes the CSV (x0…x9, label) and a JSON sidecar with every option', async () => {
    const csv = join(dir, 'a', 'teacher.csv');
    const r = await run('simulate', '--out', csv, '--layers', '8', '--activation', 'relu', '--examples', '500', '--seed', '5');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote .*teacher\.csv: 500 examples × 10 features, label 1 for 50\.0 % \(median labels\); majority class 50\.0 % \(the accuracy of always answering it\); teacher and options in .*teacher\.json\n$/);
    const table = readCsv(csv, { target: 'label' });
    expect(table.columns).toEqual([...Array.from({ length: 10 }, (_, i) => `x${i}`), 'label']);
    expect(table.count).toBe(500);
    expect(table.classes).toBe(2);
    // The CSV holds the simulated values exactly (shortest round-trip decimals).
    const data = simulateTeacher({ examples: 500, hiddenLayers: 8, activation: 'relu', seed: 5 });
    expect(Array.from(table.features)).toEqual(Array.from(data.features));
    expect(Array.from(table.targets)).toEqual(Array.from(data.labels));
    const meta = JSON.parse(readFileSync(join(dir, 'a', 'teacher.json'), 'utf8'));
    expect(meta.options).toEqual({ ...TEACHER_DEFAULTS, examples: 500, hiddenLayers: 8, activation: 'relu', seed: 5 });
    expect(meta.csv).toEqual({ file: 'teacher.csv', columns: table.columns, target: 'label' });
    expect(meta.architecture.length).toBe(9);
    expect(meta.classBalance.counts).toEqual([250, 250]);
    expect(meta.classBalance.majorityRate).toBe(0.5);
    expect(meta.assumptions.inputs).toMatch(/N\(0, 1\)/);
  });

  it('gives identical bytes for the same seed and different data for another', async () => {
    const write = async (sub: string, seed: string) => {
      const csv = join(dir, sub, 'd.csv');
      const r = await run('simulate', '--out', csv, '--examples', '300', '--labels', 'bernoulli', '--spread', 'std', '--seed', seed);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/bernoulli labels; best possible accuracy \d+\.\d %\); majority class \d+\.\d %/);
      return [readFileSync(csv), readFileSync(join(dir, sub, 'd.json'))];
    };
    const [csv1, json1] = await write('s1', '12');
    const [csv2, json2] = await write('s2', '12');
    const [csv3, json3] = await write('s3', '13');
    expect(csv2.equals(csv1)).toBe(true);
    expect(json2.equals(json1)).toBe(true);
    expect(csv3.equals(csv1)).toBe(false);
    expect(json3.equals(json1)).toBe(false);
    expect(JSON.parse(json1.toString()).options).toMatchObject({ spread: 'std', labels: 'bernoulli', seed: 12 });
  });

  it('rejects bad flags with exit 2, a clear message, and writes nothing', async () => {
    const target = join(dir, 'bad', 'x.csv');
    const cases: [string[], RegExp][] = [
      [[], /needs --out FILE\.csv/],
      [['--out', join(dir, 'bad', 'x.txt')], /--out: '.*x\.txt' must be a file name ending in \.csv/],
      [['--out', target, '--layers', '0'], /--layers: '0' is not a whole number in \[1, 1000\]/],
      [['--out', target, '--layers', 'two'], /--layers: 'two' is not a whole number/],
      [['--out', target, '--examples', '1.5'], /--examples: '1\.5' is not a whole number/],
      [['--out', target, '--features', '-3'], /--features: '-3' is not a whole number/],
      [['--out', target, '--seed', '4294967296'], /--seed: '4294967296' is not a whole number in \[0, 4294967295\]/],
      [['--out', target, '--activation', 'sigmod'], /unknown activation 'sigmod'; closest: sigmoid/],
      [['--out', target, '--spread', 'sd'], /--spread: 'sd' is not one of variance, std/],
      [['--out', target, '--labels', 'sign'], /--labels: 'sign' is not one of bernoulli, threshold, median/],
      [['--out', target, '--lr', '1'], /unknown option '--lr'/],
      [['--out', target, 'extra'], /takes no arguments, got 'extra'/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run('simulate', ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^actlab: /);
      expect(r.err).toMatch(pattern);
    }
    expect(existsSync(join(dir, 'bad')) ? readdirSync(join(dir, 'bad')) : []).toEqual([]);
  });

  it('warns when the labels are (nearly) one class, and not when they are balanced', async () => {
    const skewed = await run('simulate', '--out', join(dir, 'skewed.csv'), '--layers', '8', '--labels', 'threshold', '--examples', '500');
    expect(skewed.code).toBe(0);
    expect(skewed.err).toMatch(/^actlab: warning: 100\.0 % of the labels are 1: a model that always answers 1 scores 100\.0 %/);
    const balanced = await run('simulate', '--out', join(dir, 'balanced.csv'), '--examples', '500');
    expect(balanced.err).toBe('');
  });

  it('prints help and is listed by actlab --help', async () => {
    const r = await run('simulate', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: actlab simulate --out FILE\.csv/);
    expect((await run('--help')).out).toMatch(/simulate\s+simulate a data set from a random teacher network/);
  });
});
