// `actlab train`: flags and --config → a run directory, trained, plotted, summarised; or --resume DIR, which
// continues a run with the settings it recorded and the overrides that a resumed run may take.
import { existsSync, readFileSync } from 'node:fs';
import { GRID_PARENT_ENV, stopWhenOrphaned } from '../experiments/cell-process.js';
import { runTraining, type FoldSummary } from '../experiments/run-training.js';
import { fileAccessError } from '../errors.js';
import { readTextFile } from '../fs.js';
import { ConfigError, optionsHelp, TRAIN_OPTIONS, type ConfigLayer } from '../train/config.js';
import { planFresh, planResume } from '../train/run-plan.js';
import type { Summary } from '../train/trainer.js';
import { leafCommand, parseFlags, type Io } from './command.js';
import { progressHooks } from './progress.js';

const flagOptions = {
  ...Object.fromEntries(TRAIN_OPTIONS.map((o) => [o.flag, { type: o.kind === 'boolean' ? ('boolean' as const) : ('string' as const) }])),
  config: { type: 'string' },
  resume: { type: 'string' },
} as const;

const HELP = `Usage: actlab train [options]

Trains a network on MNIST (embedded), an IDX data set, a CSV file or simulated teacher data, and writes a
run directory: config.json, metrics.jsonl, checkpoint.safetensors, best.safetensors, activations.json,
summary.json and plots (curves, learned shapes, parameter histograms; SVG and PNG).

Options:
${optionsHelp()}
  --config FILE  JSON object of options (keys as flag names or camelCase); flags override it; - reads stdin
  --resume DIR   continue the run in DIR from its last checkpoint. It may change how long and how fast it
                 trains (--epochs, --lr, --lr-schedule, --act-lr, --l1, --l2, --act-l1, --act-l2, --batch,
                 --momentum, --nesterov, --threads): config.json keeps each change in its history. Anything
                 else (--seed, --model, --activation, the data) defines the run and is refused.

Options that would do nothing (--data without --dataset csv, --momentum with adam, ...) are refused.
A run directory is written by one process at a time: a second one on the same folder is refused.
Exit codes: 0 done, 2 bad input, 3 training diverged (the last good checkpoint is kept).`;

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  if (path === '-') {
    try {
      text = readFileSync(0, 'utf8');
    } catch (err) {
      throw fileAccessError(err, 'read --config from', 'standard input');
    }
  } else {
    if (!existsSync(path)) throw new ConfigError(`--config ${path}: no such file`);
    text = readTextFile(path, `--config ${path}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`--config ${path}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`--config ${path}: expected a JSON object of options`);
  return parsed as Record<string, unknown>;
}

function report(io: Io, dir: string, summary: Summary): number {
  if ('folds' in summary) {
    const f = (summary as FoldSummary).folds;
    const pm = (st: { mean: number; standardError: number }) => `${(100 * st.mean).toFixed(2)} % ± ${(100 * st.standardError).toFixed(2)}`;
    io.stdout.write(`run directory: ${dir}\n${f.count}-fold test accuracy ${pm(f.testAccuracy)} (mean ± standard error)${f.bestTestAccuracy ? `; at the best validation epochs ${pm(f.bestTestAccuracy)}` : ''}\n`);
    return summary.status === 'finished' ? 0 : 3;
  }
  const regression = Number.isNaN(summary.final.testAccuracy) || summary.final.testAccuracy === null;
  if (regression) {
    io.stdout.write(`run directory: ${dir}\ntest mean squared error ${summary.final.testLoss.toPrecision(4)} (RMSE ${Math.sqrt(summary.final.testLoss).toPrecision(4)}) after ${summary.epochs} epochs\n`);
    return 0;
  }
  const best = summary.best === null ? '' : `; best validation epoch ${summary.best.epoch}: test accuracy ${(100 * summary.best.testAccuracy).toFixed(2)} %`;
  io.stdout.write(`run directory: ${dir}\ntest accuracy ${(100 * summary.final.testAccuracy).toFixed(2)} % (loss ${summary.final.testLoss.toFixed(4)}) after ${summary.epochs} epochs${best}\n`);
  return 0;
}

export const trainCommand = leafCommand('train a network and write a run directory', HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, flagOptions);
  if (positionals.length > 0) throw new ConfigError(`unexpected argument '${positionals[0]}' (see 'actlab train --help')`);
  const { config: configFile, resume, ...flags } = values as Record<string, string | boolean | undefined>;
  const layers: ConfigLayer[] = [];
  // A grid cell's settings come from its experiment, whose runner checked them (a common protocol may set, say,
  // penalties on activation parameters for every cell, also those whose activation has none).
  const fromGrid = process.env[GRID_PARENT_ENV] !== undefined;
  if (typeof configFile === 'string') layers.push({ source: `--config ${configFile}:`, values: readConfigFile(configFile), given: !fromGrid });
  layers.push({ source: 'flag', values: flags });
  if (resume === '') throw new ConfigError('--resume is empty: give the run directory to continue');
  const plan = typeof resume === 'string' ? planResume(resume, layers) : planFresh(layers);
  const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
  const hooks = stopWhenOrphaned(progressHooks(io, tty, () => plan.config.epochs));
  const { summary } = await runTraining(plan.config, plan.dir, hooks, plan.changed);
  return report(io, plan.dir, summary);
});
