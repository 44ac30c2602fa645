// `actlab experiment NAME`: runs a seed experiment's cells (resumable) and writes its report.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { experiments, getExperiment } from '../experiments/catalog.js';
import { writeExperimentReport } from '../experiments/report.js';
import { runExperiment } from '../experiments/runner.js';
import { UsageError } from '../errors.js';
import { resolveConfig, TRAIN_OPTIONS } from '../train/config.js';
import { leafCommand, parseFlags } from './command.js';
import { progressHooks } from './progress.js';

/** Training options given on the command line apply to every cell, over its own settings; --out is the grid's folder. */
const CELL_OPTIONS = TRAIN_OPTIONS.filter((o) => o.flag !== 'out');

const flagOptions = {
  ...Object.fromEntries(CELL_OPTIONS.map((o) => [o.flag, { type: o.kind === 'boolean' ? ('boolean' as const) : ('string' as const) }])),
  jobs: { type: 'string' },
  out: { type: 'string' },
} as const;

const HELP = `Usage: actlab experiment NAME [--epochs N] [--jobs J] [--threads N] [--out DIR] [actlab train options]

Reproduces one of the seeds' experiments: trains every cell into DIR/<cell> (default
experiments/NAME), keeps cells that finished, resumes interrupted ones, and writes DIR/report.md
with the results table, the comparison with the published claims, and the plots. --jobs J trains
J cells at once in separate processes (default: the number of cores; each cell then uses --threads,
default 1 when J > 1). Any \`actlab train\` option (--lr 0.1, --l1 0, ...) applies to every cell over
the experiment's own setting; a folder already holding cells trained otherwise is refused (use another --out).

Experiments:
${experiments.map((e) => `  ${e.name.padEnd(16)} ${e.summary}`).join('\n')}`;

export const experimentCommand = leafCommand('reproduce a seed experiment and write its report', HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, flagOptions);
  if (positionals.length !== 1) throw new UsageError(`'actlab experiment' needs one experiment name: ${experiments.map((e) => e.name).join(', ')}`);
  const e = getExperiment(positionals[0]);
  const given = values as Record<string, string | boolean | undefined>;
  const out = (given.out as string | undefined) ?? join('experiments', e.name);
  const overrides: Record<string, unknown> = {};
  for (const o of CELL_OPTIONS) if (given[o.flag] !== undefined) overrides[o.key] = given[o.flag];
  // Checked now, so a bad value stops the command before any cell trains.
  resolveConfig([{ source: 'flag', values: overrides }]);
  const jobs = given.jobs === undefined ? Math.min(availableParallelism(), e.cells.length) : Number(given.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs: '${given.jobs}' is not a whole number from 1 to 64`);
  if (overrides.threads === undefined && jobs > 1) overrides.threads = 1;
  if (e.estimateSeconds) {
    const epochs = Number(overrides.epochs ?? e.cells[0].config.epochs);
    const seconds = await e.estimateSeconds(epochs, jobs);
    io.stdout.write(`estimated wall time: ${(seconds / 60).toFixed(1)} min for ${e.cells.length} cells × ${epochs} epochs with --jobs ${jobs} (measured on this machine)\n`);
  }
  const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
  const results = await runExperiment(e, {
    out,
    overrides,
    hooks: (epochs) => progressHooks(io, tty, () => epochs),
    log: (line) => io.stdout.write(`${line}\n`),
    jobs,
  });
  const report = await writeExperimentReport(e, out, results);
  io.stdout.write(`report: ${report}\n`);
  return results.some((r) => r.summary === null) ? 1 : 0;
});
