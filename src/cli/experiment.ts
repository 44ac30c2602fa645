// `actlab experiment NAME`: runs a seed experiment's cells (resumable) and writes its report.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { experiments, getExperiment } from '../experiments/catalog.js';
import { writeExperimentReport } from '../experiments/report.js';
import { cellLogFile, checkExperiment, gridExitCode, runExperiment } from '../experiments/runner.js';
import { UsageError } from '../errors.js';
import type { Experiment } from '../experiments/experiment.js';
import { resolveConfig, TRAIN_OPTIONS } from '../train/config.js';
import { leafCommand, parseFlags } from './command.js';
import { GRID_FLAGS, gridMode, runGridMode } from './experiment-grid.js';
import { GridProgress, progressHooks } from './progress.js';

/** Training options given on the command line apply to every cell, over its own settings; --out is the grid's folder. */
const CELL_OPTIONS = TRAIN_OPTIONS.filter((o) => o.flag !== 'out');

/** Flags of the experiments' own (shootout's --activations, ...), by flag: the experiments that take it. */
const EXPERIMENT_FLAGS = new Map<string, string[]>();
for (const e of experiments) for (const flag of Object.keys(e.options?.flags ?? {})) EXPERIMENT_FLAGS.set(flag, [...(EXPERIMENT_FLAGS.get(flag) ?? []), e.name]);

const flagOptions = {
  ...Object.fromEntries(CELL_OPTIONS.map((o) => [o.flag, { type: o.kind === 'boolean' ? ('boolean' as const) : ('string' as const) }])),
  ...Object.fromEntries([...EXPERIMENT_FLAGS.keys()].map((flag) => [flag, { type: 'string' as const }])),
  jobs: { type: 'string' },
  out: { type: 'string' },
  ...GRID_FLAGS,
} as const;

/** The experiment its own flags configure; refuses another experiment's flags, and training flags its flags replace. */
function configured(e: Experiment, given: Record<string, string | boolean | undefined>): Experiment {
  for (const [flag, owners] of EXPERIMENT_FLAGS) {
    if (given[flag] !== undefined && !owners.includes(e.name)) throw new UsageError(`--${flag} applies to experiment ${owners.join(', ')}, not ${e.name}`);
  }
  if (e.options === undefined) return e;
  const values = Object.fromEntries(Object.keys(e.options.flags).map((flag) => [flag, given[flag] as string | undefined]));
  const chosen = e.options.configure(values);
  for (const [key, flag] of Object.entries(chosen.options?.replaces ?? {})) {
    const option = CELL_OPTIONS.find((o) => o.key === key);
    if (option !== undefined && given[option.flag] !== undefined) throw new UsageError(`--${option.flag} does not apply to ${e.name}, whose cells vary it: use --${flag}`);
  }
  return chosen;
}

/** The help lines of the experiments' own flags. */
const experimentFlagsHelp = () =>
  experiments
    .filter((e) => e.options !== undefined)
    .map((e) => `Flags of ${e.name}:\n${Object.entries(e.options?.flags ?? {}).map(([flag, help]) => `  --${flag.padEnd(13)} ${help}`).join('\n')}`)
    .join('\n');

const HELP = `Usage: actlab experiment NAME [--epochs N] [--jobs J] [--threads N] [--out DIR] [actlab train options]

Reproduces one of the seeds' experiments: trains every cell into DIR/<cell>-<hash> (default
experiments/NAME), keeps cells that finished, resumes interrupted ones, and writes DIR/report.md
with the results table, the comparison with the published claims, and the plots. It prints one line per
cell as it ends, with the grid's progress; each cell's training output goes to DIR/logs/<cell>.log.
One process at a time works in DIR: a second one is refused. --jobs J trains
J cells at once in separate processes (default: the number of cores; each cell then uses --threads,
default 1 when J > 1). Any \`actlab train\` option (--lr 0.1, --l1 0, ...) applies to every cell over
the experiment's own setting; a folder already holding cells trained otherwise is refused (use another --out).

On a cluster (see the README, "Grids on a cluster"), with the same options and --out:
  --list-cells          each cell's index, settings hash and state (finished, failed, partial, ...)
  --cell I              train cell I alone (an array task; no estimate, no report)
  --collect             write the report from the cells that have finished; list the missing ones
  --emit slurm          write DIR/NAME.sbatch, a job array of one task per cell
      [--partition P] [--time T] [--cpus C] [--mem M] [--max-running K]
  --emit k8s            write DIR/NAME.k8s.yaml, a Kubernetes Indexed Job
      [--image I] [--time T] [--cpus C] [--mem M] [--max-running K]
Each cell lives in DIR/<cell>-<hash of its settings>; a re-run or re-submission keeps finished cells,
retries failed ones and resumes the others from their checkpoints.

Experiments:
${experiments.map((e) => `  ${e.name.padEnd(16)} ${e.summary}`).join('\n')}

${experimentFlagsHelp()}
  The shootout scores each cell by its test accuracy at the epoch of its best validation accuracy, and compares every
  activation with ReLU seed by seed (mean difference, 95 % t-interval, sign test), with its time per epoch and its
  activation parameters; it writes report.md and report.html. Fashion-MNIST is split by actlab (the fashion-mnist
  package has no split): a fixed, seeded, stratified 60 000 / 10 000, 1000 test images per class (README, Conventions).`;

export const experimentCommand = leafCommand('reproduce a seed experiment and write its report', HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, flagOptions);
  if (positionals.length !== 1) throw new UsageError(`'actlab experiment' needs one experiment name: ${experiments.map((e) => e.name).join(', ')}`);
  const given = values as Record<string, string | boolean | undefined>;
  const e = configured(getExperiment(positionals[0]), given);
  const out = (given.out as string | undefined) ?? join('experiments', e.name);
  const overrides: Record<string, unknown> = {};
  for (const o of CELL_OPTIONS) if (given[o.flag] !== undefined) overrides[o.key] = given[o.flag];
  // Checked now, so a bad value stops the command before any cell trains.
  const resolved = resolveConfig([{ source: 'flag', values: overrides }]);
  e.options?.checkOverrides?.(Object.fromEntries(Object.keys(overrides).map((key) => [key, resolved[key as keyof typeof resolved]])));
  const mode = gridMode(given);
  if (mode !== null) return runGridMode(mode, { e, out, overrides, given }, io);
  const jobs = given.jobs === undefined ? Math.min(availableParallelism(), e.cells.length) : Number(given.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs: '${given.jobs}' is not a whole number from 1 to 64`);
  if (overrides.threads === undefined && jobs > 1) overrides.threads = 1;
  checkExperiment(e, { out, overrides });
  let estimate: number | null = null;
  if (e.estimateSeconds) {
    const epochs = Number(overrides.epochs ?? e.cells[0].config.epochs);
    estimate = await e.estimateSeconds(epochs, jobs, overrides);
    // The estimate counts on the cores being free: say how busy the machine was when it was measured.
    const load = `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
    io.stdout.write(`estimated wall time: ${(estimate / 60).toFixed(1)} min for ${e.cells.length} cells × ${epochs} epochs with --jobs ${jobs} (measured on this machine, ${load})\n`);
  }
  const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
  const progress = new GridProgress(io, tty, e.cells, estimate);
  io.stdout.write(`training ${e.cells.length} cells into ${out} with --jobs ${jobs}; each cell's output goes to ${cellLogFile(out, e.cells[0]).replace(e.cells[0].id, '<cell>')}\n`);
  let results;
  try {
    results = await runExperiment(e, {
      out,
      overrides,
      // A cell trained in this process writes its epoch lines to its log, as a child process's output goes to its log.
      hooks: (epochs, write) => progressHooks({ stdout: { write }, stderr: { write } }, false, () => epochs),
      events: progress,
      jobs,
    });
  } finally {
    progress.close();
  }
  const report = await writeExperimentReport(e, out, results);
  io.stdout.write(`report: ${report}\n`);
  return gridExitCode(results);
});
