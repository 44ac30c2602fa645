// Runs one grid cell as a child `actlab train` process, so cells train in parallel on separate cores. The
// child's output goes to the cell's log file; the child stops by itself when the runner that started it is gone.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { makeDirectory } from '../fs.js';
import type { TrainConfig } from '../train/config.js';
import { holdsRun } from '../train/run-dir.js';
import type { TrainHooks } from '../train/trainer.js';

/** The CLI next to this module (dist/cli/main.js in a built package). */
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** Set in a cell's environment to the grid runner's pid: the cell stops when its parent is no longer that process. */
export const GRID_PARENT_ENV = 'ACTLAB_GRID_PARENT';

/** The grid runner that started this cell has gone (killed): the cell stops without writing more. */
export class OrphanedError extends UsageError {
  override readonly exitCode = 130;
}

/**
 * Hooks that stop training (by throwing OrphanedError at the next progress report, every 20 batches) once the grid
 * runner named in the environment is no longer this process's parent; unchanged hooks for a process started by hand.
 */
export function stopWhenOrphaned(hooks: TrainHooks): TrainHooks {
  const parent = Number(process.env[GRID_PARENT_ENV]);
  if (!Number.isInteger(parent) || parent <= 0) return hooks;
  const check = () => {
    if (process.ppid !== parent) throw new OrphanedError(`the grid runner (process ${parent}) has gone: stopping this cell at its last checkpoint`);
  };
  return {
    ...hooks,
    onBatch: (e) => {
      check();
      hooks.onBatch?.(e);
    },
    onEpoch: (m) => {
      check();
      hooks.onEpoch?.(m);
    },
  };
}

export interface ProcessOutcome {
  exitCode: number;
  /** The child's last line on stderr (its error message), if any. */
  lastError: string;
}

/**
 * Trains `config` into `dir` in a child process — continuing the run there if it has one — with everything it prints
 * appended to `logFile`; resolves with its exit code. `onLine` sees each line too.
 */
export function trainInChild(config: TrainConfig, dir: string, logFile: string, onLine: (line: string) => void = () => {}): Promise<ProcessOutcome> {
  // A fresh cell reads its whole resolved config from stdin, so no option is lost between processes and nothing but
  // the run itself is written into its folder.
  const args = holdsRun(dir)
    ? [CLI, 'train', '--resume', dir, '--epochs', String(config.epochs), '--threads', String(config.threads)]
    : [CLI, 'train', '--config', '-', '--out', dir];
  makeDirectory(dirname(logFile));
  const log = createWriteStream(logFile, { flags: 'a' });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, [GRID_PARENT_ENV]: String(process.pid) } });
    child.stdin.end(holdsRun(dir) ? '' : JSON.stringify({ ...config, out: undefined }));
    let lastError = '';
    const forward = (stream: NodeJS.ReadableStream, isError: boolean) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        log.write(chunk);
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim() === '') continue;
          if (isError && !line.includes('warning:')) lastError = line.replace(/^actlab: /, '');
          onLine(line);
        }
      });
    };
    forward(child.stdout, false);
    forward(child.stderr, true);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      log.end();
      resolve({ exitCode: code ?? 1, lastError: lastError || (signal ? `stopped by ${signal}` : '') });
    });
  });
}
