// Peak resident memory of a real `actlab train --epochs 1` on MNIST, one fresh process per run: read from
// GNU time's "Maximum resident set size" when /usr/bin/time exists, else from a preloaded exit hook.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, requireCli, run } from './cli-process.js';

/** The line max-rss-hook.ts writes: this marker, then kilobytes. */
export const MAX_RSS_MARKER = 'actlab-bench maxRSS kB: ';

const TIME = '/usr/bin/time';
const HOOK = fileURLToPath(new URL('max-rss-hook.js', import.meta.url));

export type RssProbe = 'time' | 'hook';

/** GNU time where it exists: it measures the process from outside, so nothing is added to what it measures. */
export function defaultProbe(): RssProbe {
  return existsSync(TIME) ? 'time' : 'hook';
}

/** Peak RSS in megabytes (10⁶ bytes) of one `actlab train --epochs 1` run, plus the CLI's extra `flags`. */
export async function peakRssOfTraining(probe: RssProbe, flags: readonly string[] = []): Promise<number> {
  requireCli();
  const dir = mkdtempSync(join(tmpdir(), 'actlab-bench-rss-'));
  const train = [CLI, 'train', '--epochs', '1', '--out', join(dir, 'run'), ...flags];
  const [command, args] = probe === 'time' ? [TIME, ['-v', process.execPath, ...train]] : [process.execPath, ['--import', HOOK, ...train]];
  try {
    const stderr = await run(command, args);
    const pattern = probe === 'time' ? /Maximum resident set size \(kbytes\): (\d+)/ : new RegExp(`${MAX_RSS_MARKER}(\\d+)`);
    const kilobytes = pattern.exec(stderr)?.[1];
    if (kilobytes === undefined) throw new Error(`no peak memory in the output of ${command}:\n${stderr.slice(-2000)}`);
    return (Number(kilobytes) * 1024) / 1e6;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
