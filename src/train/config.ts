// The training configuration: every option declared once (type, default, check, help), so flags,
// JSON config files, run records and the help text all agree.
import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';
import { LR_SCHEDULES, type LrSchedule } from '../optim/schedule.js';

export class ConfigError extends UsageError {}

export type Sharing = 'layer' | 'neuron' | 'channel';

export interface TrainConfig {
  dataset: 'mnist' | 'idx' | 'csv' | 'teacher';
  dataDir: string | null;
  data: string | null;
  target: string | null;
  task: 'classification' | 'regression';
  folds: number;
  teacherLayers: number;
  teacherActivation: string;
  teacherExamples: number;
  teacherSpread: 'variance' | 'std';
  teacherLabels: 'median' | 'threshold' | 'bernoulli';
  teacherSeed: number;
  model: string;
  activation: string;
  convActivation: string | null;
  denseActivation: string | null;
  share: Sharing | null;
  init: 'glorot' | 'he' | 'lecun';
  optimizer: 'adam' | 'sgd';
  lr: number;
  lrSchedule: LrSchedule;
  momentum: number;
  nesterov: boolean;
  batch: number;
  epochs: number;
  seed: number;
  threads: number;
  valSplit: number;
  dropout: number;
  l1: number;
  l2: number;
  actLr: number | null;
  actL1: number;
  actL2: number;
  out: string | null;
}

type Kind = 'string' | 'number' | 'integer' | 'boolean';

interface OptionSpec<K extends keyof TrainConfig> {
  key: K;
  flag: string;
  kind: Kind;
  nullable?: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  help: string;
  default: () => TrainConfig[K];
}

const option = <K extends keyof TrainConfig>(spec: OptionSpec<K>) => spec;

/** Every option of `actlab train`, in help order. */
export const TRAIN_OPTIONS = [
  option({ key: 'dataset', flag: 'dataset', kind: 'string', choices: ['mnist', 'idx', 'csv', 'teacher'], help: 'mnist (embedded), idx (--data-dir), csv (--data FILE) or teacher (simulated, paper section 4.1)', default: () => 'mnist' }),
  option({ key: 'dataDir', flag: 'data-dir', kind: 'string', nullable: true, help: 'folder with train/t10k IDX files (Fashion-MNIST, KMNIST, ...)', default: () => null }),
  option({ key: 'data', flag: 'data', kind: 'string', nullable: true, help: 'CSV file for --dataset csv (numeric; header detected)', default: () => null }),
  option({ key: 'target', flag: 'target', kind: 'string', nullable: true, help: 'CSV target column, by name or 0-based index (default: the last)', default: () => null }),
  option({ key: 'task', flag: 'task', kind: 'string', choices: ['classification', 'regression'], help: 'CSV target: class indices 0..K-1, or real values (MSE loss)', default: () => 'classification' }),
  option({ key: 'folds', flag: 'folds', kind: 'integer', min: 0, max: 100, help: 'k-fold cross-validation with K folds (0: a single train/validation split)', default: () => 0 }),
  option({ key: 'teacherLayers', flag: 'teacher-layers', kind: 'integer', min: 1, max: 1000, help: 'teacher hidden layers of 10 neurons (--dataset teacher)', default: () => 1 }),
  option({ key: 'teacherActivation', flag: 'teacher-activation', kind: 'string', help: 'teacher activation (--dataset teacher)', default: () => 'sigmoid' }),
  option({ key: 'teacherExamples', flag: 'teacher-examples', kind: 'integer', min: 10, max: 10_000_000, help: 'examples the teacher labels', default: () => 10_000 }),
  option({ key: 'teacherSpread', flag: 'teacher-spread', kind: 'string', choices: ['variance', 'std'], help: "how the paper's N(μ, 0.5) is read", default: () => 'variance' }),
  option({ key: 'teacherLabels', flag: 'teacher-labels', kind: 'string', choices: ['median', 'threshold', 'bernoulli'], help: "how labels come from the teacher's output", default: () => 'median' }),
  option({ key: 'teacherSeed', flag: 'teacher-seed', kind: 'integer', min: 0, max: 2 ** 32 - 1, help: 'seed of the teacher and its data', default: () => 1 }),
  option({ key: 'model', flag: 'model', kind: 'string', help: 'architecture: mlp:128,64, lenet5, or blocks such as conv:20x5,bn,pool:2,dense:500', default: () => 'mlp:128,64' }),
  option({ key: 'activation', flag: 'activation', kind: 'string', help: 'hidden activation NAME[:param=value,...]', default: () => 'relu' }),
  option({ key: 'convActivation', flag: 'conv-activation', kind: 'string', nullable: true, help: 'activation after conv blocks (default: --activation)', default: () => null }),
  option({ key: 'denseActivation', flag: 'dense-activation', kind: 'string', nullable: true, help: 'activation after hidden dense blocks (default: --activation)', default: () => null }),
  option({ key: 'share', flag: 'share', kind: 'string', nullable: true, choices: ['layer', 'neuron', 'channel'], help: 'activation parameter sharing (default for learnable ones: neuron after dense, channel after conv)', default: () => null }),
  option({ key: 'init', flag: 'init', kind: 'string', choices: ['glorot', 'he', 'lecun'], help: 'weight initialiser (uniform)', default: () => 'glorot' }),
  option({ key: 'optimizer', flag: 'optimizer', kind: 'string', choices: ['adam', 'sgd'], help: 'optimizer', default: () => 'adam' }),
  option({ key: 'lr', flag: 'lr', kind: 'number', min: 0, help: 'learning rate', default: () => 1e-3 }),
  option({ key: 'lrSchedule', flag: 'lr-schedule', kind: 'string', choices: LR_SCHEDULES, help: 'constant, or cosine: decays every learning rate along ½(1 + cos(π·step/steps)) over the run', default: () => 'constant' }),
  option({ key: 'momentum', flag: 'momentum', kind: 'number', min: 0, max: 1, help: 'SGD momentum', default: () => 0 }),
  option({ key: 'nesterov', flag: 'nesterov', kind: 'boolean', help: 'Nesterov momentum for SGD', default: () => false }),
  option({ key: 'batch', flag: 'batch', kind: 'integer', min: 1, max: 65536, help: 'batch size', default: () => 32 }),
  option({ key: 'epochs', flag: 'epochs', kind: 'integer', min: 1, max: 1e6, help: 'epochs', default: () => 10 }),
  option({ key: 'seed', flag: 'seed', kind: 'integer', min: 0, max: 2 ** 32 - 1, help: 'random seed', default: () => 1 }),
  option({ key: 'threads', flag: 'threads', kind: 'integer', min: 1, max: 64, help: 'GEMM threads (default: cores, at most 4)', default: () => Math.min(4, availableParallelism()) }),
  option({ key: 'valSplit', flag: 'val-split', kind: 'number', min: 0, help: 'validation: a count of images taken from the end of the training set, or a fraction < 1', default: () => 10_000 }),
  option({ key: 'dropout', flag: 'dropout', kind: 'number', min: 0, max: 0.99, help: 'dropout rate after each hidden activation', default: () => 0 }),
  option({ key: 'l1', flag: 'l1', kind: 'number', min: 0, help: 'L1 penalty on weights', default: () => 0 }),
  option({ key: 'l2', flag: 'l2', kind: 'number', min: 0, help: 'L2 penalty on weights', default: () => 0 }),
  option({ key: 'actLr', flag: 'act-lr', kind: 'number', nullable: true, min: 0, help: 'learning rate of activation parameters (default: --lr)', default: () => null }),
  option({ key: 'actL1', flag: 'act-l1', kind: 'number', min: 0, help: 'L1 penalty on activation parameters', default: () => 0 }),
  option({ key: 'actL2', flag: 'act-l2', kind: 'number', min: 0, help: 'L2 penalty on activation parameters', default: () => 0 }),
  option({ key: 'out', flag: 'out', kind: 'string', nullable: true, help: 'run directory (default: runs/<time>-<activation>)', default: () => null }),
] as const;

export function defaultConfig(): TrainConfig {
  const c: Record<string, unknown> = {};
  for (const o of TRAIN_OPTIONS) c[o.key] = o.default();
  return c as unknown as TrainConfig;
}

/** Converts and checks one raw value (a flag's text or a JSON value) for option `o`. */
function coerce(o: (typeof TRAIN_OPTIONS)[number], raw: unknown, source: string): unknown {
  const where = `${source} ${o.flag}`;
  if (raw === null && o.nullable) return null;
  switch (o.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '') return true;
      if (raw === 'false') return false;
      throw new ConfigError(`${where}: '${String(raw)}' is not a boolean (expected true or false)`);
    case 'string': {
      if (typeof raw !== 'string') throw new ConfigError(`${where}: ${JSON.stringify(raw)} is not a string`);
      const choices = 'choices' in o ? (o.choices as readonly string[]) : undefined;
      if (choices && !choices.includes(raw)) throw new ConfigError(`${where}: '${raw}' is not one of ${choices.join(', ')}`);
      return raw;
    }
    default: {
      const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(v)) throw new ConfigError(`${where}: '${String(raw)}' is not a finite number`);
      if (o.kind === 'integer' && !Number.isInteger(v)) throw new ConfigError(`${where}: ${v} is not a whole number`);
      const min = 'min' in o ? o.min : undefined;
      const max = 'max' in o ? o.max : undefined;
      if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
        throw new ConfigError(`${where}: ${v} is outside the valid range [${min ?? '-Infinity'}, ${max ?? 'Infinity'}]`);
      }
      return v;
    }
  }
}

/**
 * Builds a config from layers of settings, later ones overriding earlier ones: defaults, then a
 * JSON config file's object (keys as in TrainConfig or as flag names), then flags (raw strings).
 */
export function resolveConfig(layers: { source: string; values: Record<string, unknown> }[]): TrainConfig {
  const config = defaultConfig() as unknown as Record<string, unknown>;
  for (const { source, values } of layers) {
    for (const [name, raw] of Object.entries(values)) {
      if (raw === undefined) continue;
      const o = TRAIN_OPTIONS.find((x) => x.key === name || x.flag === name);
      if (o === undefined) {
        throw new ConfigError(`${source}: unknown option '${name}'; options are: ${TRAIN_OPTIONS.map((x) => x.flag).join(', ')}`);
      }
      config[o.key] = coerce(o, raw, source);
    }
  }
  return config as unknown as TrainConfig;
}

/** Help lines for `actlab train --help`. */
export function optionsHelp(): string {
  return TRAIN_OPTIONS.map((o) => {
    const d = o.default();
    return `  --${o.flag.padEnd(12)} ${o.help}${d === null ? '' : ` [${String(d)}]`}`;
  }).join('\n');
}
