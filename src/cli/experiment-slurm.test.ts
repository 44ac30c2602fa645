// A grid run by a real Slurm (the one-node cluster .ci/slurm-setup.sh starts on localhost): the emitted sbatch script
// submitted as it is, the report collected from the array equal to the one --jobs 1 writes, and an array task cancelled
// midway that a second submission resumes. Skipped, saying why, where Slurm is not running.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockDirectory, LOCK_FILE } from '../train/lock.js';
import { RUN_FILES } from '../train/run-dir.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/** seed-linear on 10 000 training images through a 16-unit layer, 12 epochs: about 3 s per cell. */
const GRID = ['experiment', 'seed-linear', '--epochs', '12', '--model', 'mlp:16', '--val-split', '50000'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Why the Slurm tests cannot run here, or null when a node is up. */
function slurmMissing(): string | null {
  if (!existsSync(cli)) return `the CLI is not built (${cli})`;
  const sinfo = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 10_000 });
  if (sinfo.error) return 'sinfo is not installed (run .ci/slurm-setup.sh as root to install and start Slurm)';
  if (sinfo.status !== 0) return `sinfo failed: ${sinfo.stderr.trim()} (run .ci/slurm-setup.sh as root to start Slurm)`;
  if (!/^(idle|mix|alloc)/m.test(sinfo.stdout)) return `no Slurm node is up (sinfo: ${sinfo.stdout.trim() || 'none'})`;
  return null;
}

const missing = slurmMissing();
if (missing !== null) console.warn(`Slurm tests skipped: ${missing}`);

/** Runs a command without blocking this test's event loop (vitest's workers must keep answering); its exit code and output. */
function run(command: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, out: stdout + stderr });
    });
  });
}

const actlab = (...args: string[]) => run(process.execPath, [cli, ...args]);

/** The output of a Slurm command that must succeed. */
async function slurm(command: string, ...args: string[]): Promise<string> {
  const r = await run(command, args);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')}: exit code ${r.code}: ${r.out}`);
  return r.out.trim();
}

const submit = async (script: string) => (await slurm('sbatch', '--parsable', script)).split(';')[0];

/** Waits until Slurm has no task of job `id` left in its queue. */
async function finished(id: string, seconds = 120): Promise<void> {
  for (let waited = 0; (await slurm('squeue', '-h', '-j', id)) !== ''; waited += 0.2) {
    if (waited > seconds) throw new Error(`Slurm job ${id} still queued after ${seconds} s`);
    await sleep(200);
  }
}

/** A grid folder with its sbatch script emitted. */
async function emitted(prefix: string): Promise<{ out: string; script: string }> {
  const out = join(mkdtempSync(join(tmpdir(), prefix)), 'grid');
  const r = await actlab(...GRID, '--out', out, '--emit', 'slurm', '--max-running', '2', '--time', '10');
  expect(r.code, r.out).toBe(0);
  return { out, script: join(out, 'seed-linear.sbatch') };
}

const cellFolder = (out: string, id: string) => join(out, readdirSync(out).find((n) => new RegExp(`^${id}-[0-9a-f]{12}$`).test(n)) ?? id);

describe.skipIf(missing !== null)('a grid on Slurm', () => {
  let expected = '';
  beforeAll(async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-slurm-ref-')), 'grid');
    const r = await actlab(...GRID, '--out', out, '--jobs', '1');
    expect(r.code, r.out).toBe(0);
    expected = readFileSync(join(out, 'report.md'), 'utf8');
  }, 120_000);

  it('runs the emitted script as a job array and collects the report that --jobs 1 writes', async () => {
    const { out, script } = await emitted('actlab-slurm-');
    expect(readFileSync(script, 'utf8')).toMatch(/^#SBATCH --array=0-1%2$/m);
    const job = await submit(script);
    await finished(job);
    expect(readdirSync(join(out, 'logs')).sort()).toEqual([`seed-linear-${job}_0.out`, `seed-linear-${job}_1.out`]);
    expect(readFileSync(join(out, 'logs', `seed-linear-${job}_1.out`), 'utf8')).toMatch(/^cell 1 of 2 \(relu, /);
    const collected = await actlab(...GRID, '--out', out, '--collect');
    expect(collected.code, collected.out).toBe(0);
    // Equal: the same table, numbers, discussion and links; nothing in report.md depends on where or when cells ran.
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(expected);
  }, 180_000);

  it('resumes a cell whose array task was cancelled midway when the script is submitted again', async () => {
    const { out, script } = await emitted('actlab-slurm-cancel-');
    const first = await submit(script);
    const metrics = () => join(cellFolder(out, 'relu'), RUN_FILES.metrics);
    for (let waited = 0; !(existsSync(metrics()) && readFileSync(metrics(), 'utf8').split('\n').length > 2); waited += 0.05) {
      if (waited > 120) throw new Error('cell 1 never finished its second epoch');
      await sleep(50);
    }
    await slurm('scancel', `${first}_1`);
    await finished(first);
    const listed = await actlab(...GRID, '--out', out, '--list-cells');
    expect(listed.out).toMatch(/^1 +[0-9a-f]{12} +partial +relu +\d+ of 12 epochs$/m);
    const second = await submit(script);
    await finished(second);
    expect(readFileSync(join(out, 'logs', `seed-linear-${second}_1.out`), 'utf8')).toMatch(/resuming from its last checkpoint/);
    expect(readFileSync(join(out, 'logs', `seed-linear-${second}_0.out`), 'utf8')).toMatch(/finished earlier, kept/);
    expect((await actlab(...GRID, '--out', out, '--collect')).code).toBe(0);
    // A resumed run continues bitwise: the report is the uninterrupted one.
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(expected);
  }, 180_000);

  it('takes over a cell lock left by a Slurm job that is no longer running on a lost node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-slurm-lock-'));
    writeFileSync(join(dir, 'true.sbatch'), '#!/bin/bash\n#SBATCH --output=/dev/null\ntrue\n');
    const ended = await submit(join(dir, 'true.sbatch'));
    await finished(ended);
    const lost = { pid: 1, host: `${hostname()}-lost`, startTicks: null, since: new Date().toISOString(), command: 'actlab', task: `slurm:${ended}` };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(lost));
    lockDirectory(dir).release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    // A job still running keeps its lock.
    writeFileSync(join(dir, 'sleep.sbatch'), '#!/bin/bash\n#SBATCH --output=/dev/null\nsleep 60\n');
    const running = await submit(join(dir, 'sleep.sbatch'));
    while ((await slurm('squeue', '-h', '-j', running, '-o', '%T')) !== 'RUNNING') await sleep(100);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ ...lost, task: `slurm:${running}` }));
    expect(() => lockDirectory(dir)).toThrow(/is in use by actlab process 1 on host/);
    await slurm('scancel', running);
  }, 60_000);
});
