// The built `actlab` CLI run as a child process, for the benchmarks that time or measure a whole command.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** dist/cli/main.js of the build under test (this file runs from dist-bench/bench/). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Fails early, with what to do, when the CLI has not been built. */
export function requireCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
}

/** Runs a command to its end; resolves to its stderr, rejects on a non-zero exit. */
export function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stderr) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`))));
  });
}
