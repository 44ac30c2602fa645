// Start-up overhead of a real `actlab train --epochs 1` on MNIST (issue 10): the process's wall time, from spawn
// to exit as the parent sees it, minus the epoch it reports (summary.json secondsPerEpoch). What is left is node
// itself, module loading, MNIST decoding, the engine's start, evaluation, checkpoints and the plots.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, requireCli, run } from './cli-process.js';

export interface StartupRun {
  /** Wall seconds of the whole process. */
  wall: number;
  /** The epoch the run reports (summary.json secondsPerEpoch). */
  epoch: number;
}

/** One fresh `actlab train --epochs 1` process with the extra `flags`, in a run directory deleted afterwards. */
export async function timeTrainingProcess(flags: readonly string[]): Promise<StartupRun> {
  requireCli();
  const dir = mkdtempSync(join(tmpdir(), 'actlab-bench-startup-'));
  try {
    const started = performance.now();
    await run(process.execPath, [CLI, 'train', '--epochs', '1', '--out', join(dir, 'run'), ...flags]);
    const wall = (performance.now() - started) / 1000;
    const summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')) as { secondsPerEpoch: number };
    return { wall, epoch: summary.secondsPerEpoch };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
