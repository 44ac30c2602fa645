// `actlab train`: flags and --config → a run directory, trained, plotted, summarised.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTraining, type FoldSummary } from '../experiments/run-training.js';
import { ConfigError, optionsHelp, resolveConfig, TRAIN_OPTIONS, type TrainConfig } from '../train/config.js';
import { readJson, RUN_FILES } from '../train/run-dir.js';
import { leafCommand, parseFlags } from './command.js';
import { progressHooks } from './progress.js';

const flagOptions = {
  ...Object.fromEntries(TRAIN_OPTIONS.map((o) => [o.flag, { type: o.kind === 'boolean' ? ('boolean' as const) : ('string' as const) }])),
  config: { type: 'string' },
  resume: { type: 'string' },
} as const;

const HELP = `Usage: actlab train [options]

Trains a network on MNIST (embedded) or an IDX data set and writes a run directory:
config.json, metrics.jsonl, checkpoint.safetensors, best.safetensors, activations.json,
summary.json and plots (curves, learned shapes, parameter histograms; SVG and PNG).

Options:
${optionsHelp()}
  --config FILE  JSON object of options (keys as flag names or camelCase); flags override it
  --resume DIR   continue the run in DIR from its last checkpoint (flags such as --epochs override)

Exit codes: 0 done, 2 bad input, 3 training diverged (the last good checkpoint is kept).`;

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new ConfigError(`--config ${path}: no such file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`--config ${path}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`--config ${path}: expected a JSON object of options`);
  return parsed as Record<string, unknown>;
}

function defaultRunDir(config: TrainConfig): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join('runs', `${stamp}-${config.activation.split(':')[0]}`);
}

export const trainCommand = leafCommand('train a network and write a run directory', HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, flagOptions);
  if (positionals.length > 0) throw new ConfigError(`unexpected argument '${positionals[0]}' (see 'actlab train --help')`);
  const { config: configFile, resume, ...flags } = values as Record<string, string | boolean | undefined>;
  const layers: { source: string; values: Record<string, unknown> }[] = [];
  if (typeof resume === 'string') {
    const recorded = readJson<Record<string, unknown>>(resume, RUN_FILES.config);
    delete recorded.actlabVersion;
    layers.push({ source: `${join(resume, RUN_FILES.config)}:`, values: recorded });
  }
  if (typeof configFile === 'string') layers.push({ source: `--config ${configFile}:`, values: readConfigFile(configFile) });
  layers.push({ source: 'flag', values: flags });
  const config = resolveConfig(layers);
  const dir = typeof resume === 'string' ? resume : (config.out ?? defaultRunDir(config));
  if (typeof resume !== 'string' && (existsSync(join(dir, RUN_FILES.checkpoint)) || existsSync(join(dir, 'fold-1')))) {
    throw new ConfigError(`--out ${dir} already holds a run; use --resume ${dir} to continue it, or another --out`);
  }
  const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
  const { summary } = await runTraining(config, dir, typeof resume === 'string', progressHooks(io, tty, () => config.epochs));
  if ('folds' in summary) {
    const f = (summary as FoldSummary).folds;
    const pm = (st: { mean: number; standardError: number }) => `${(100 * st.mean).toFixed(2)} % ± ${(100 * st.standardError).toFixed(2)}`;
    io.stdout.write(`run directory: ${dir}\n${f.count}-fold test accuracy ${pm(f.testAccuracy)} (mean ± standard error)${f.bestTestAccuracy ? `; at the best validation epochs ${pm(f.bestTestAccuracy)}` : ''}\n`);
    return summary.status === 'finished' ? 0 : 3;
  }
  const best = summary.best === null ? '' : `; best validation epoch ${summary.best.epoch}: test accuracy ${(100 * summary.best.testAccuracy).toFixed(2)} %`;
  io.stdout.write(`run directory: ${dir}\ntest accuracy ${(100 * summary.final.testAccuracy).toFixed(2)} % (loss ${summary.final.testLoss.toFixed(4)}) after ${summary.epochs} epochs${best}\n`);
  return 0;
});
