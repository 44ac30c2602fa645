// An experiment grid killed at any moment finishes when run again and keeps the cells that had finished, including
// cross-validated cells whose checkpoints live per fold; killing only the runner stops its cells; one runner per
// folder. These run the built CLI in separate processes, as a user does.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { paperTable1 } from '../experiments/paper-table1.js';
import { LOCK_FILE, processAlive } from '../train/lock.js';
import { RUN_FILES } from '../train/run-dir.js';
import { runCaptured } from './testing.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/** Table 1's 16 cross-validated cells, small: 2 folds of 200 teacher examples, 2 epochs. */
const GRID = ['experiment', 'paper-table1', '--epochs', '2', '--folds', '2', '--teacher-examples', '200', '--jobs', '2'];
const cells = paperTable1.cells.map((c) => c.id);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, test: () => boolean, seconds = 120): Promise<void> {
  for (let waited = 0; !test(); waited += 0.05) {
    if (waited > seconds) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A cell's folder: <out>/<cell id>-<hash of its settings>. */
const cellDir = (out: string, id: string) => join(out, readdirSync(out).find((n) => new RegExp(`^${id}-[0-9a-f]{12}$`).test(n)) ?? id);
const finished = (out: string) => cells.filter((id) => existsSync(join(cellDir(out, id), RUN_FILES.summary)));
/** Cells with a fold checkpoint but no summary: interrupted in the middle. */
const partial = (out: string) =>
  cells.filter((id) => !existsSync(join(cellDir(out, id), RUN_FILES.summary)) && existsSync(join(cellDir(out, id), 'fold-1', RUN_FILES.checkpoint)));

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', (code) => resolve(code ?? -1))));
}

/** Processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Alive and not a zombie waiting for a parent that will never reap it. */
function running(pid: number): boolean {
  if (!processAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every file below `dir` whose name says it is a lock or a half-written temporary file. */
function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith(LOCK_FILE) || /\.tmp-\d+$/.test(p));
}

describe.skipIf(!existsSync(cli))('an interrupted experiment grid', () => {
  it('finishes when run again after kill -9 of its whole process group, keeping the finished cells', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-grid-kill-')), 'grid');
    const grid = spawn(process.execPath, [cli, ...GRID, '--out', out], { stdio: 'ignore', detached: true });
    await until('a finished cell and an interrupted one', () => existsSync(out) && finished(out).length >= 2 && partial(out).length >= 1);
    process.kill(-grid.pid!, 'SIGKILL');
    await exited(grid);
    const kept = Object.fromEntries(finished(out).map((id) => [id, readFileSync(join(cellDir(out, id), RUN_FILES.summary), 'utf8')]));
    expect(Object.keys(kept).length).toBeGreaterThanOrEqual(2);

    const again = spawn(process.execPath, [cli, ...GRID, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    again.stdout!.on('data', (d) => (printed += d));
    again.stderr!.on('data', (d) => (printed += d));
    expect(await exited(again), printed).toBe(0);
    for (const id of cells) expect(JSON.parse(readFileSync(join(cellDir(out, id), RUN_FILES.summary), 'utf8')).status, id).toBe('finished');
    for (const [id, summary] of Object.entries(kept)) expect(readFileSync(join(cellDir(out, id), RUN_FILES.summary), 'utf8'), id).toBe(summary);
    expect(printed).toMatch(new RegExp(`\\] ${Object.keys(kept)[0]}: .* kept from an earlier run`));
    expect(printed).not.toMatch(/already holds a run|failed/);
    expect(leftovers(out)).toEqual([]);
    expect(statSync(join(out, 'report.md')).size).toBeGreaterThan(0);
  }, 300_000);

  it('stops its cells when only the runner is killed, refuses a second runner, and resumes after either', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'actlab-grid-orphan-')), 'grid');
    const grid = spawn(process.execPath, [cli, ...GRID, '--out', out], { stdio: 'ignore' });
    await until('running cells', () => childrenOf(grid.pid!).length >= 2 && existsSync(join(out, LOCK_FILE)));
    // A second copy on the same folder is refused, naming the first.
    const second = await runCaptured(...GRID, '--out', out);
    expect(second.code).toBe(2);
    expect(second.err).toMatch(new RegExp(`${out} is in use by actlab process ${grid.pid} `));
    const cellPids = childrenOf(grid.pid!);
    grid.kill('SIGKILL');
    await exited(grid);
    await until('the orphaned cells to stop', () => cellPids.every((pid) => !running(pid)), 30);
    const again = spawn(process.execPath, [cli, ...GRID, '--out', out], { stdio: 'ignore' });
    expect(await exited(again)).toBe(0);
    expect(leftovers(out)).toEqual([]);
  }, 300_000);
});
