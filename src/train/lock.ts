// One writer per directory: a lock file naming the process that writes there (pid, host, start time, command).
// A second writer is refused with the holder's name; a lock left by a process that died (kill -9, a lost node)
// is taken over, and so are the temporary files such a process left half-written.
import { linkSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError, fileAccessError, systemErrorCode } from '../errors.js';
import { isTempName, makeDirectory } from '../fs.js';
import { currentTask, taskEnded } from './scheduler-task.js';

export const LOCK_FILE = '.actlab.lock';

/** Who holds a lock. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is not mistaken for the holder. */
  startTicks: number | null;
  since: string;
  command: string;
  /** The cluster scheduler task the process ran as (see scheduler-task.ts), if any. */
  task?: string | null;
}

/** Another live process writes in the directory. Exit code 2. */
export class DirectoryLockedError extends UsageError {}

export interface DirectoryLock {
  readonly dir: string;
  release(): void;
}

/** Start time of process `pid` in clock ticks since boot (field 22 of /proc/PID/stat), or null where unknown. */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** True when process `pid` on this host exists and, where start times are known, is the one that started at `startTicks`. */
export function processAlive(pid: number, startTicks: number | null = null): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (systemErrorCode(err) !== 'EPERM') return false;
  }
  const now = startTicks === null ? null : processStartTicks(pid);
  return now === null || now === startTicks;
}

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

/**
 * A holder on another host is alive unless it ran as a scheduler task that the scheduler says has ended (a lost node);
 * else it cannot be checked and is taken as alive (remove the lock file by hand once it is gone).
 */
const holderAlive = (h: LockHolder) => (h.host === hostname() ? processAlive(h.pid, h.startTicks) : !(h.task && taskEnded(h.task)));

function describe(h: LockHolder, dir: string): string {
  const where = h.host === hostname() ? '' : ` on host ${h.host}`;
  return `${dir} is in use by actlab process ${h.pid}${where} (since ${h.since}: ${h.command}); wait for it to end, or stop it` +
    (h.host === hostname() ? '' : `; if that process is gone, delete ${join(dir, LOCK_FILE)}`);
}

/** The live process that holds `dir`'s lock (on another host: taken as live), or null when it is free. */
export function lockHolder(dir: string): LockHolder | null {
  const holder = readHolder(join(dir, LOCK_FILE));
  return holder !== null && holderAlive(holder) ? holder : null;
}

/** Creates the lock file with our record in one step (link fails if the file exists, so no one reads it half-written). */
function tryCreate(path: string, me: LockHolder): boolean {
  const tmp = `${path}.new-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(me)}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if (systemErrorCode(err) === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Moves a dead holder's lock aside and removes it. Two processes may both find it dead: each renames the lock to
 * a name of its own, and only the one that moved the dead record deletes it; one that moved a fresh lock puts it back.
 */
function removeStale(path: string, stale: LockHolder): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if (systemErrorCode(err) === 'ENOENT') return;
    throw err;
  }
  const moved = readHolder(aside);
  if (moved !== null && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone locked meanwhile: theirs stands, and the one we moved was taken over by it.
    }
  }
  rmSync(aside, { force: true });
}

/** Deletes temporary files of writes that never finished in `dir` and the given subfolders (the lock holder's job). */
function sweepTemporaryFiles(dirs: readonly string[]): void {
  for (const d of dirs) {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const name of names) if (isTempName(name)) rmSync(join(d, name), { force: true });
  }
}

/**
 * Takes `dir` (created if missing) for this process, or throws DirectoryLockedError naming the live holder.
 * `sweep` names subfolders whose leftover temporary files are removed too (fold directories).
 */
export function lockDirectory(dir: string, sweep: (dir: string) => string[] = () => []): DirectoryLock {
  makeDirectory(dir);
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startTicks: processStartTicks(process.pid),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 300),
    task: currentTask(),
  };
  for (let attempt = 0; ; attempt++) {
    let created: boolean;
    try {
      created = tryCreate(path, me);
    } catch (err) {
      throw fileAccessError(err, 'lock the folder', dir);
    }
    if (created) break;
    const holder = readHolder(path);
    if (holder !== null && holderAlive(holder)) throw new DirectoryLockedError(describe(holder, dir));
    if (attempt >= 10) throw new DirectoryLockedError(`${dir}: cannot take over its lock file ${path} (unreadable or changing); delete it if no actlab process uses the folder`);
    // A lock that cannot be read yet is either being taken over or damaged: treat the damaged one as stale.
    if (holder !== null) removeStale(path, holder);
    else if (attempt >= 3) rmSync(path, { force: true });
  }
  sweepTemporaryFiles([dir, ...sweep(dir)]);
  let held = true;
  return {
    dir,
    release() {
      if (!held) return;
      held = false;
      const current = readHolder(path);
      if (current !== null && current.pid === me.pid && current.since === me.since) rmSync(path, { force: true });
    },
  };
}
