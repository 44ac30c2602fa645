// `actlab experiment` for cluster schedulers: cells listed with their hash and state, one cell trained alone, the
// report collected from whatever finished, failures recorded and retried, folders of the old layout adopted, a cell
// stopped by SIGTERM resuming, and the options of --emit checked.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAILURE_FILE } from '../experiments/cell-state.js';
import { LOCK_FILE } from '../train/lock.js';
import { RUN_FILES } from '../train/run-dir.js';
import { runCaptured } from './testing.js';

/** seed-linear, tiny: a 16-unit hidden layer on 2 000 training images. */
const grid = (epochs = 2, threads = 1) => ['experiment', 'seed-linear', '--epochs', String(epochs), '--model', 'mlp:16', '--val-split', '58000', '--threads', String(threads)];
const GRID = grid();
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** The table rows of --list-cells: [index, hash, state, id]. */
function listed(out: string): string[][] {
  return out
    .split('\n')
    .filter((l) => /^\d+ /.test(l))
    .map((l) => l.split(/ {2,}/));
}

const folderOf = (out: string, id: string) => readdirSync(out).find((n) => new RegExp(`^${id}-[0-9a-f]{12}$`).test(n));

describe('actlab experiment on a cluster', () => {
  it('lists cells by index and hash, trains one alone, and collects a report naming the missing ones', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-grid-cells-')), 'grid');
    const fresh = await runCaptured(...GRID, '--out', out, '--list-cells');
    expect(fresh.code).toBe(0);
    const rows = listed(fresh.out);
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['0', 'not started', 'learnable-linear'],
      ['1', 'not started', 'relu'],
    ]);
    expect(rows[0][1]).toMatch(/^[0-9a-f]{12}$/);
    expect(rows[0][1]).not.toBe(rows[1][1]);
    expect(existsSync(out)).toBe(false);
    // The hash follows the settings that define a result, not how long or on how many threads.
    expect(listed((await runCaptured(...grid(5, 2), '--out', out, '--list-cells')).out)[1][1]).toBe(rows[1][1]);
    expect(listed((await runCaptured(...GRID, '--lr', '0.01', '--out', out, '--list-cells')).out)[1][1]).not.toBe(rows[1][1]);

    const one = await runCaptured(...GRID, '--out', out, '--cell', '1');
    expect(one.code, one.err).toBe(0);
    expect(one.out).toMatch(/^epoch 2\/2 /m);
    expect(one.out).not.toMatch(/estimated|report:/);
    expect(readdirSync(out).filter((n) => n.includes('-'))).toEqual([`relu-${rows[1][1]}`]);
    expect(listed((await runCaptured(...GRID, '--out', out, '--list-cells')).out).map((r) => r[2])).toEqual(['not started', 'finished']);

    const partial = await runCaptured(...GRID, '--out', out, '--collect');
    expect(partial.code).toBe(1);
    expect(partial.out).toMatch(/report: .*report\.md \(1 of 2 cells\)\nmissing: learnable-linear: not started/);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/\*\*1 of 2 cells have no result yet\*\*/);
    expect(report).toMatch(/\| ReLU \| 2 \| .* \| finished \|/);

    expect((await runCaptured(...GRID, '--out', out, '--cell', '0')).code).toBe(0);
    const kept = await runCaptured(...GRID, '--out', out, '--cell', '1');
    expect(kept.out).toMatch(/cell 1 \(relu\): finished earlier, kept/);
    const full = await runCaptured(...GRID, '--out', out, '--collect');
    expect(full.code).toBe(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).not.toMatch(/no result yet/);
  }, 120_000);

  it('records a failed cell with its error and trains it when run again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'actlab-grid-fail-'));
    const out = join(root, 'grid');
    const data = join(root, 'data.csv');
    const csv = [...GRID.filter((a) => a !== '--val-split' && a !== '58000'), '--dataset', 'csv', '--data', data, '--out', out];
    const failed = await runCaptured(...csv, '--cell', '0');
    expect(failed.code).toBe(2);
    const rows = listed((await runCaptured(...csv, '--list-cells')).out);
    expect(rows[0][2]).toBe('failed');
    expect(rows[0][4]).toMatch(/cannot read .*data\.csv: no such file or folder/);
    const collected = await runCaptured(...csv, '--collect');
    expect(collected.code).toBe(2);
    expect(collected.err).toMatch(/no cell of seed-linear has a result/);

    writeFileSync(data, Array.from({ length: 60 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`).join('\n'));
    expect((await runCaptured(...csv, '--cell', '0')).code).toBe(0);
    expect(listed((await runCaptured(...csv, '--list-cells')).out)[0][2]).toBe('finished');
    expect(existsSync(join(out, folderOf(out, 'learnable-linear')!, FAILURE_FILE))).toBe(false);
  }, 120_000);

  it('keeps a cell trained into the folder layout before hashes, moving it to its hashed folder', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-grid-old-')), 'grid');
    expect((await runCaptured(...GRID, '--out', out, '--cell', '1')).code).toBe(0);
    const hashed = folderOf(out, 'relu')!;
    const summary = readFileSync(join(out, hashed, RUN_FILES.summary), 'utf8');
    renameSync(join(out, hashed), join(out, 'relu'));
    expect(listed((await runCaptured(...GRID, '--out', out, '--list-cells')).out)[1][2]).toBe('finished');
    const again = await runCaptured(...GRID, '--out', out, '--jobs', '1');
    expect(again.out).toMatch(/\] relu: .* kept from an earlier run/);
    expect(readFileSync(join(out, hashed, RUN_FILES.summary), 'utf8')).toBe(summary);
    expect(existsSync(join(out, 'relu'))).toBe(false);
  }, 120_000);

  it.skipIf(!existsSync(cli))('resumes a cell killed by SIGTERM (a scheduler’s time limit) from its last checkpoint', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-grid-term-')), 'grid');
    const long = [...grid(20), '--out', out];
    const child = spawn(process.execPath, [cli, ...long, '--cell', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    const signal = await new Promise<string | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        printed += d;
        if (/^epoch 2\//m.test(printed)) child.kill('SIGTERM');
      });
      child.on('close', (_, s) => resolve(s));
    });
    expect(signal, printed).toBe('SIGTERM');
    const dir = join(out, folderOf(out, 'relu')!);
    // The dead process's lock is left behind; the next process on this host takes it over.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    expect(existsSync(join(dir, FAILURE_FILE))).toBe(false);
    expect(listed((await runCaptured(...long, '--list-cells')).out)[1][2]).toBe('partial');
    const resumed = await runCaptured(...long, '--cell', '1');
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(/resuming from its last checkpoint/);
    expect(resumed.out).not.toMatch(/^epoch 1\/20 /m);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it('refuses options that would do nothing or cannot be scheduled', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-grid-bad-')), 'grid');
    const cases: [string[], RegExp][] = [
      [['--cell', '2'], /--cell: '2' is not a cell index from 0 to 1/],
      [['--cell', '-1'], /--cell: '-1' is not a cell index/],
      [['--cell', '0', '--jobs', '2'], /--jobs applies to a run of the whole grid here, not to --cell/],
      [['--collect', '--list-cells'], /--list-cells and --collect cannot be given together/],
      [['--cpus', '2'], /--cpus applies to --emit slurm\|k8s only/],
      [['--emit', 'pbs'], /--emit: 'pbs' is not one of slurm, k8s/],
      [['--emit', 'k8s', '--partition', 'gpu'], /--partition applies to --emit slurm, not k8s/],
      [['--emit', 'slurm', '--image', 'x'], /--image applies to --emit k8s, not slurm/],
      [['--emit', 'slurm', '--time', '1:2:3:4'], /--time: '1:2:3:4' is not a Slurm time limit/],
      [['--emit', 'slurm', '--mem', '4 GB'], /--mem: '4 GB' is not a memory size/],
      [['--emit', 'slurm', '--max-running', '0'], /--max-running: '0' is not a whole number from 1/],
    ];
    for (const [args, message] of cases) {
      const r = await runCaptured(...GRID, '--out', out, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});
