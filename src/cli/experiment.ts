// `actlab experiment NAME`: runs a seed experiment's cells (resumable) and writes its report.
import { join } from 'node:path';
import { experiments, getExperiment } from '../experiments/catalog.js';
import { writeExperimentReport } from '../experiments/report.js';
import { runExperiment } from '../experiments/runner.js';
import { UsageError } from '../errors.js';
import { leafCommand, parseFlags } from './command.js';
import { progressHooks } from './progress.js';

const HELP = `Usage: actlab experiment NAME [--epochs N] [--jobs J] [--threads N] [--out DIR]

Reproduces one of the seeds' experiments: trains every cell into DIR/<cell> (default
experiments/NAME), keeps cells that finished, resumes interrupted ones, and writes DIR/report.md
with the results table, the comparison with the published claims, and the plots. --jobs J trains
J cells at once in separate processes (default 1; each then uses --threads, default 1 when J > 1).

Experiments:
${experiments.map((e) => `  ${e.name.padEnd(16)} ${e.summary}`).join('\n')}`;

export const experimentCommand = leafCommand('reproduce a seed experiment and write its report', HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, { epochs: { type: 'string' }, jobs: { type: 'string' }, threads: { type: 'string' }, out: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError(`'actlab experiment' needs one experiment name: ${experiments.map((e) => e.name).join(', ')}`);
  const e = getExperiment(positionals[0]);
  const out = values.out ?? join('experiments', e.name);
  const overrides: Record<string, unknown> = {};
  if (values.epochs !== undefined) overrides.epochs = values.epochs;
  const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs: '${values.jobs}' is not a whole number from 1 to 64`);
  if (values.threads !== undefined) overrides.threads = values.threads;
  else if (jobs > 1) overrides.threads = 1;
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
