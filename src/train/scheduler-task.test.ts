// A cell lock left on a lost node is taken over by the next attempt of the same scheduler task, and only by it.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDirectory } from './lock.js';
import { currentTask, SCHEDULER_TASK_ENV } from './scheduler-task.js';

const lostHolder = (task: string) => ({ pid: 1, host: `${hostname()}-lost`, startTicks: null, since: new Date().toISOString(), command: 'actlab', task });

describe('locks of scheduler tasks', () => {
  const saved = process.env[SCHEDULER_TASK_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[SCHEDULER_TASK_ENV];
    else process.env[SCHEDULER_TASK_ENV] = saved;
  });

  it('takes over a lock of an earlier attempt of its own task, and respects another task’s', () => {
    process.env[SCHEDULER_TASK_ENV] = 'k8s:actlab-grid/3';
    expect(currentTask()).toBe('k8s:actlab-grid/3');
    const dir = mkdtempSync(join(tmpdir(), 'actlab-task-lock-'));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(lostHolder('k8s:actlab-grid/2')));
    expect(() => lockDirectory(dir)).toThrow(/is in use by actlab process 1 on host .*-lost/);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(lostHolder('k8s:actlab-grid/3')));
    const lock = lockDirectory(dir);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
