// Runs one grid cell as a child `actlab train` process, so cells train in parallel on separate
// cores; its output lines come back prefixed with the cell id.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainConfig } from '../train/config.js';
import { writeJson } from '../train/run-dir.js';

/** The CLI next to this module (dist/cli/main.js in a built package). */
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export interface ProcessOutcome {
  exitCode: number;
  /** The child's last line on stderr (its error message), if any. */
  lastError: string;
}

/** Trains `config` into `dir` (resuming when asked) in a child process; resolves with its exit code. */
export function trainInChild(config: TrainConfig, dir: string, resume: boolean, log: (line: string) => void): Promise<ProcessOutcome> {
  // The child reads the whole resolved config from a file, so no option is lost between processes.
  const configFile = join(dir, 'cell-config.json');
  writeJson(dir, 'cell-config.json', config);
  const args = resume ? [CLI, 'train', '--resume', dir, '--epochs', String(config.epochs), '--threads', String(config.threads)] : [CLI, 'train', '--config', configFile, '--out', dir];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastError = '';
    const forward = (stream: NodeJS.ReadableStream, isError: boolean) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim() === '' || line.startsWith('WARN')) continue;
          if (isError) lastError = line;
          log(line);
        }
      });
    };
    forward(child.stdout, false);
    forward(child.stderr, true);
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, lastError }));
  });
}
