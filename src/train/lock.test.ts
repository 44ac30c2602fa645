// One writer per directory: a second lock is refused naming the holder; a dead holder's lock (and its half-written
// temporary files) is taken over; locks of other hosts are respected.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryLockedError, LOCK_FILE, lockDirectory, processAlive, processStartTicks } from './lock.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'actlab-lock-'));

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const holder = (pid: number, host = hostname()) => JSON.stringify({ pid, host, startTicks: null, since: '2026-01-01T00:00:00.000Z', command: 'actlab train' });

describe('lockDirectory', () => {
  it('refuses a second writer, naming the holder, until the first releases', () => {
    const dir = tmp();
    const first = lockDirectory(dir);
    expect(() => lockDirectory(dir)).toThrow(DirectoryLockedError);
    expect(() => lockDirectory(dir)).toThrow(new RegExp(`${dir} is in use by actlab process ${process.pid} \\(since .*\\)`));
    first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDirectory(dir).release();
  });

  it('takes over the lock of a process that died, and removes the temporary files it left', () => {
    const dir = tmp();
    const dead = deadPid();
    writeFileSync(join(dir, LOCK_FILE), holder(dead));
    writeFileSync(join(dir, `checkpoint.safetensors.tmp-${dead}`), 'half');
    writeFileSync(join(dir, 'notes.tmp-draft'), 'a user file that only looks like one');
    const lock = lockDirectory(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(existsSync(join(dir, `checkpoint.safetensors.tmp-${dead}`))).toBe(false);
    expect(existsSync(join(dir, 'notes.tmp-draft'))).toBe(true);
    lock.release();
  });

  it('takes over a damaged lock file, and respects a lock held on another host', () => {
    const dir = tmp();
    writeFileSync(join(dir, LOCK_FILE), '{"pid":');
    lockDirectory(dir).release();
    writeFileSync(join(dir, LOCK_FILE), holder(12345, 'node-17'));
    expect(() => lockDirectory(dir)).toThrow(/in use by actlab process 12345 on host node-17 .*if that process is gone, delete .*\.actlab\.lock/);
  });

  it('tells a live process from a dead one and from a reused pid', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(deadPid())).toBe(false);
    const ticks = processStartTicks(process.pid);
    if (ticks !== null) {
      expect(processAlive(process.pid, ticks)).toBe(true);
      expect(processAlive(process.pid, ticks + 1)).toBe(false);
    }
  });

  it('names the folder and the reason when it cannot be made', () => {
    const file = join(tmp(), 'file');
    writeFileSync(file, '');
    expect(() => lockDirectory(join(file, 'run'))).toThrow(/cannot create the folder .*file\/run: a part of the path is a file, not a folder \(ENOTDIR\)/);
    expect(() => lockDirectory('/proc/actlab-run')).toThrow(/file system at \/proc does not allow new folders/);
  });
});
