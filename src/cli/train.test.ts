// `actlab train` as a user meets it: a refused command never changes a run, a resumed run records what it changed,
// a torn metrics line or a corrupt checkpoint is handled as what it is, --out never overwrites a user's files,
// options that would do nothing are refused, and the defaults fit tabular data.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../train/lock.js';
import { readMetrics, RUN_FILES } from '../train/run-dir.js';
import { runCaptured } from './testing.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'actlab-cli-train-'));
/** A small, fast run: 200 teacher examples through one hidden layer of 4. */
const TINY = ['--dataset', 'teacher', '--teacher-examples', '200', '--model', 'mlp:4', '--threads', '1'];

/** Every file below `dir` with its bytes, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

async function trained(epochs = 1): Promise<string> {
  const dir = join(tmp(), 'run');
  const r = await runCaptured('train', ...TINY, '--epochs', String(epochs), '--out', dir);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return dir;
}

describe('actlab train --resume', () => {
  it('leaves every file of the run as it was when the command is refused', async () => {
    const dir = await trained();
    const before = snapshot(dir);
    const refused: [string[], RegExp][] = [
      [['--model', 'mlp:8'], /--model cannot change when resuming .*: it was trained with model = "mlp:4"/],
      [['--activation', 'relux'], /--activation cannot change when resuming/],
      [['--seed', '7'], /--seed cannot change when resuming .*resuming continues the recorded random stream/],
      [['--momentum', '0.9'], /--momentum 0\.9 does not apply here: it needs --optimizer sgd \(this run: --optimizer adam\)/],
      [['--lr', 'ten'], /lr: 'ten' is not a finite number/],
      [['--out', join(dir, 'elsewhere')], /--out does not apply with --resume/],
    ];
    for (const [flags, message] of refused) {
      const r = await runCaptured('train', '--resume', dir, '--epochs', '2', ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('records accepted overrides in the history and keeps the original settings recoverable', async () => {
    const dir = await trained();
    const r = await runCaptured('train', '--resume', dir, '--epochs', '2', '--lr', '0.002');
    expect(r.code).toBe(0);
    const record = JSON.parse(readFileSync(join(dir, RUN_FILES.config), 'utf8'));
    expect(record.lr).toBe(0.002);
    expect(record.epochs).toBe(2);
    expect(record.history).toHaveLength(1);
    expect(record.history[0]).toMatchObject({ afterEpoch: 1, changed: { lr: [0.001, 0.002], epochs: [1, 2] } });
    expect(readMetrics(dir).map((m) => m.epoch)).toEqual([1, 2]);
  });

  it('recovers from a torn last metrics line and says so', async () => {
    const dir = await trained();
    appendFileSync(join(dir, RUN_FILES.metrics), '{"epoch":2,"trainLoss":0.6');
    const r = await runCaptured('train', '--resume', dir, '--epochs', '2');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: .*metrics\.jsonl: dropped 1 incomplete or unreadable line \(a process died while writing\); kept epochs 1–1/);
    expect(readMetrics(dir).map((m) => m.epoch)).toEqual([1, 2]);
  });

  it('refuses a checkpoint with damaged bytes as corrupt, not as a diverged run, and changes nothing', async () => {
    const dir = await trained();
    const path = join(dir, RUN_FILES.checkpoint);
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 0x7f; // a flipped exponent bit: a huge or non-finite weight
    writeFileSync(path, bytes);
    const before = snapshot(dir);
    const r = await runCaptured('train', '--resume', dir, '--epochs', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/checkpoint\.safetensors is corrupt: its bytes do not match the checksum written with them/);
    expect(r.err).not.toMatch(/diverged/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('starts a run that died before its first checkpoint from epoch 1', async () => {
    const dir = join(tmp(), 'run');
    mkdirSync(dir);
    const first = await runCaptured('train', ...TINY, '--epochs', '1', '--out', dir);
    expect(first.code).toBe(0);
    // As a process killed during its first epoch leaves it: the record, but no checkpoint.
    for (const f of [RUN_FILES.checkpoint, RUN_FILES.best, RUN_FILES.summary]) rmSync(join(dir, f));
    const r = await runCaptured('train', '--resume', dir);
    expect(r.code).toBe(0);
    expect(readMetrics(dir).map((m) => m.epoch)).toEqual([1]);
  });
});

describe('actlab train --out', () => {
  it("never writes into a user's folder or over a file, and names what is wrong", async () => {
    const root = tmp();
    const mine = join(root, 'thesis');
    mkdirSync(mine);
    writeFileSync(join(mine, 'chapter1.tex'), 'my work');
    writeFileSync(join(root, 'file'), 'data');
    const cases: [string, RegExp][] = [
      [mine, /--out .*thesis is a folder that is not empty and holds no actlab run \(chapter1\.tex\): give a new or empty folder/],
      ['', /--out is empty: give a folder path/],
      [join(root, 'file'), /--out .*file: it is a file, not a folder/],
      [join(root, 'file', 'run'), /cannot create the folder .*file\/run: a part of the path is a file, not a folder \(ENOTDIR\)/],
      [join(root, 'x'.repeat(300)), /the name is too long \(ENAMETOOLONG\)/],
      ['/proc/actlab-run', /the file system at \/proc does not allow new folders/],
    ];
    for (const [out, message] of cases) {
      const r = await runCaptured('train', ...TINY, '--epochs', '1', '--out', out);
      expect(r.code, out).toBe(2);
      expect(r.err).toMatch(message);
    }
    expect(readdirSync(mine)).toEqual(['chapter1.tex']);
    expect(readFileSync(join(root, 'file'), 'utf8')).toBe('data');
    expect(readdirSync(root).sort()).toEqual(['file', 'thesis']);
  });

  it('refuses a run folder that another process is writing, naming it', async () => {
    const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
    if (!existsSync(cli)) return;
    const dir = join(tmp(), 'run');
    const child = spawn(process.execPath, [cli, 'train', ...TINY.map((a) => (a === '200' ? '20000' : a)), '--epochs', '200', '--out', dir], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 200 && !existsSync(join(dir, RUN_FILES.checkpoint)); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
      const resume = await runCaptured('train', '--resume', dir, '--epochs', '300');
      expect(resume.code).toBe(2);
      expect(resume.err).toMatch(new RegExp(`is in use by actlab process ${child.pid} \\(since .*train`));
      const fresh = await runCaptured('train', ...TINY, '--out', dir);
      expect(fresh.code).toBe(2);
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((r) => child.on('close', r));
    // The holder died: its lock is stale, taken over, and the run resumes.
    const after = await runCaptured('train', '--resume', dir, '--epochs', String(readMetrics(dir).length + 1));
    expect(after.err).toBe('');
    expect(after.code).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 60_000);
});

/** A 1 MiB tmpfs at a new folder, where this machine lets tests mount one (root with mount rights), else null. */
function smallDisk(): { dir: string; unmount(): void } | null {
  const dir = tmp();
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status !== 0) return null;
  return { dir, unmount: () => spawnSync('umount', ['-l', dir]) };
}

describe('actlab train on a full disk', () => {
  it('exits 2 naming the file and the reason, leaves no temporary file, keeps the checkpoint, and resumes once there is room', async (ctx) => {
    const disk = smallDisk();
    if (disk === null) return ctx.skip();
    try {
      const dir = join(disk.dir, 'run');
      // mlp:200: a checkpoint of about 30 KB, larger than the room left below.
      expect((await runCaptured('train', ...TINY.map((a) => (a === 'mlp:4' ? 'mlp:200' : a)), '--epochs', '1', '--out', dir)).code).toBe(0);
      const checkpoint = readFileSync(join(dir, RUN_FILES.checkpoint));
      // Fill what is left of the disk.
      const filler = join(disk.dir, 'filler');
      const chunk = Buffer.alloc(4096, 1);
      try {
        for (;;) appendFileSync(filler, chunk);
      } catch {
        // ENOSPC: full. Free 12 KB: room for the lock file and a metrics line, not for the checkpoint.
        const { truncateSync } = await import('node:fs');
        truncateSync(filler, statSync(filler).size - 3 * 4096);
      }
      const r = await runCaptured('train', '--resume', dir, '--epochs', '3');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^actlab: cannot write .*run\/checkpoint\.safetensors: no space left on the device \(ENOSPC\)\n$/);
      expect(readdirSync(dir).filter((n) => /\.tmp-\d+$/.test(n))).toEqual([]);
      expect(readFileSync(join(dir, RUN_FILES.checkpoint)).equals(checkpoint)).toBe(true);
      rmSync(filler);
      const resumed = await runCaptured('train', '--resume', dir, '--epochs', '3');
      expect(resumed.code).toBe(0);
      expect(readMetrics(dir).map((m) => m.epoch)).toEqual([1, 2, 3]);
    } finally {
      disk.unmount();
    }
  });
});

describe('actlab train options', () => {
  it('refuses options that would do nothing, repeated ones, and empty model items', async () => {
    const cases: [string[], RegExp][] = [
      [['--data', 'x.csv'], /--data x\.csv does not apply here: it needs --dataset csv \(this run: --dataset mnist\)/],
      [['--momentum', '0.9'], /--momentum 0\.9 does not apply here: it needs --optimizer sgd/],
      [['--share', 'channel', '--activation', 'prelu'], /--share channel does not apply here: it needs a model with conv blocks/],
      [['--conv-activation', 'prelu'], /--conv-activation prelu does not apply here: it needs a model with conv blocks/],
      [['--act-lr', '0.1'], /--act-lr 0\.1 does not apply here: it needs a learnable activation \(this run: relu/],
      [['--val-split', '0.1', '--dataset', 'teacher', '--folds', '3'], /--val-split 0\.1 does not apply here: it needs a single train\/validation split/],
      [['--lr', '0.1', '--lr', '0.2'], /--lr is given twice \('0\.1' and '0\.2'\): give it once/],
      [['--activation', 'prelu:a=0.1,a=0.2'], /parameter a is given twice/],
      [['--activation', 'prelu:a=1e999'], /a = Infinity is not a finite number/],
      [['--model', 'mlp:128,,64'], /--model 'mlp:128,,64': item 2 of '128,,64' is empty/],
    ];
    for (const [flags, message] of cases) {
      const out = join(tmp(), 'run');
      const r = await runCaptured('train', '--epochs', '1', '--out', out, ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('names the layer, its sizes and the padding when a window does not fit, and what a model too large needs', async () => {
    const conv = await runCaptured('train', '--epochs', '1', '--out', join(tmp(), 'r'), '--model', 'conv:20x5,pool:2,conv:50x5,pool:2,conv:50x5');
    expect(conv.code).toBe(2);
    expect(conv.err).toMatch(/layer conv2 \(conv:50x5\): its 5×5 window does not fit its 4×4×50 input with 'valid' padding/);
    const big = await runCaptured('train', '--epochs', '1', '--out', join(tmp(), 'r'), '--model', 'lenet5', '--batch', '65536');
    expect(big.code).toBe(2);
    expect(big.err).toMatch(/need .* GiB of engine memory, more than the .* available: .* per sample × 65536 samples/);
  });

  it('trains CSV data with the defaults, and reports regression as mean squared error', async () => {
    const dir = tmp();
    const csv = join(dir, 'teacher.csv');
    expect((await runCaptured('simulate', '--out', csv, '--examples', '2000')).code).toBe(0);
    const r = await runCaptured('train', '--dataset', 'csv', '--data', csv, '--target', 'label', '--epochs', '1', '--threads', '1', '--out', join(dir, 'c'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const small = await runCaptured('train', '--dataset', 'csv', '--data', csv, '--val-split', '2000', '--out', join(dir, 'd'));
    expect(small.err).toMatch(/validation of 2000 rows leaves none to train on/);
    const regression = await runCaptured('train', '--dataset', 'csv', '--data', csv, '--target', 'x0', '--task', 'regression', '--epochs', '1', '--threads', '1', '--out', join(dir, 'e'));
    expect(regression.code).toBe(0);
    expect(regression.out).toMatch(/epoch 1\/1 {2}mse \d\.\d+ {2}val mse \d/);
    expect(regression.out).toMatch(/test mean squared error \d\.\d+ \(RMSE \d\.\d+\)/);
    expect(regression.out).not.toMatch(/NaN/);
  });

  it('trains on Fashion-MNIST and records actlab\'s split of it in config.json, kept when the run resumes', async () => {
    const out = join(tmp(), 'fashion');
    // 1000 training images (59 000 held out): a second of training.
    const first = await runCaptured('train', '--dataset', 'fashion-mnist', '--val-split', '59000', '--model', 'mlp:16', '--threads', '1', '--epochs', '1', '--out', out);
    expect(first.code, first.err).toBe(0);
    const split = /fixed split \(seed 20170825\): per class 1000 test, 6000 train, of which the last 10 000 train images \(the default validation\) hold 1000 of each class/;
    expect(JSON.parse(readFileSync(join(out, RUN_FILES.config), 'utf8')).datasetSplit).toMatch(split);
    const resumed = await runCaptured('train', '--resume', out, '--epochs', '2', '--threads', '1');
    expect(resumed.code, resumed.err).toBe(0);
    expect(JSON.parse(readFileSync(join(out, RUN_FILES.config), 'utf8')).datasetSplit).toMatch(split);
  });
});
