// The training configuration: every option declared once (type, default, check, help), so flags,
// JSON config files, run records and the help text all agree.
import { UsageError } from '../errors.js';
import { availableCores } from '../platform.js';
import { parseActivationSpec } from '../activations/catalog.js';
import { parseModelSpec } from '../nn/model-spec.js';
import { LR_SCHEDULES, type LrSchedule } from '../optim/schedule.js';

export class ConfigError extends UsageError {}

export type Sharing = 'layer' | 'neuron' | 'channel';

export interface TrainConfig {
  /** 'arrays': examples given to the library's train() in memory (not a command-line choice). */
  dataset: 'mnist' | 'fashion-mnist' | 'idx' | 'csv' | 'teacher' | 'arrays';
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
  /** One activation per hidden dense block, separated by '|' (overrides denseActivation and activation there). */
  layerActivations: string | null;
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
  /** null: chosen by the data set (see defaultValidation in setup.ts). */
  valSplit: number | null;
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
  option({ key: 'dataset', flag: 'dataset', kind: 'string', choices: ['mnist', 'fashion-mnist', 'idx', 'csv', 'teacher', 'arrays'], help: 'mnist (embedded), fashion-mnist (embedded; a fixed, seeded, stratified 60 000 / 10 000 train/test split of its 70 000 images, recorded in config.json), idx (--data-dir), csv (--data FILE) or teacher (simulated, paper section 4.1); arrays: the library\'s train() given examples in memory', default: () => 'mnist' }),
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
  option({ key: 'layerActivations', flag: 'layer-activations', kind: 'string', nullable: true, help: "one activation per hidden dense block, separated by '|' (e.g. 'relu|adaptiveRelu')", default: () => null }),
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
  option({ key: 'threads', flag: 'threads', kind: 'integer', min: 1, max: 64, help: 'GEMM threads (default: cores, at most 4)', default: () => Math.min(4, availableCores()) }),
  option({ key: 'valSplit', flag: 'val-split', kind: 'number', nullable: true, min: 0, help: 'validation: a count of examples taken from the end of the training set, or a fraction < 1 (default: 10000 of MNIST-sized image sets, 1/6 of smaller ones, 0.2 of CSV and teacher rows)', default: () => null }),
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

/** One source of settings: defaults are below all layers, later layers override earlier ones. */
export interface ConfigLayer {
  /** Names the source in messages ("--config run.json:", "flag"). */
  source: string;
  /** Option values by TrainConfig key or flag name: raw strings from flags, JSON values from files. */
  values: Record<string, unknown>;
  /** False for settings recorded by an earlier run (a resumed run's config.json): not what the user asked for now. */
  given?: boolean;
}

/**
 * Builds a config from layers of settings, later ones overriding earlier ones: defaults, then a
 * JSON config file's object (keys as in TrainConfig or as flag names), then flags (raw strings).
 * Also returns the options the user gave now with a value other than the default.
 */
export function resolveConfigGiven(layers: readonly ConfigLayer[]): { config: TrainConfig; given: Set<keyof TrainConfig> } {
  const config = defaultConfig() as unknown as Record<string, unknown>;
  const given = new Set<keyof TrainConfig>();
  for (const { source, values, given: isGiven = true } of layers) {
    const seen = new Map<string, string>();
    for (const [name, raw] of Object.entries(values)) {
      if (raw === undefined) continue;
      const o = TRAIN_OPTIONS.find((x) => x.key === name || x.flag === name);
      if (o === undefined) {
        throw new ConfigError(`${source}: unknown option '${name}'; options are: ${TRAIN_OPTIONS.map((x) => x.flag).join(', ')}`);
      }
      const twice = seen.get(o.key);
      if (twice !== undefined) throw new ConfigError(`${source}: ${o.flag} is given twice (as '${twice}' and '${name}'): give it once`);
      seen.set(o.key, name);
      config[o.key] = coerce(o, raw, source);
      if (isGiven && JSON.stringify(config[o.key]) !== JSON.stringify(o.default())) given.add(o.key);
    }
  }
  return { config: config as unknown as TrainConfig, given };
}

export function resolveConfig(layers: readonly ConfigLayer[]): TrainConfig {
  return resolveConfigGiven(layers).config;
}

/** The hidden blocks of c.model, or null while it does not parse (its own error comes when the model is built). */
function blocksOf(c: TrainConfig) {
  try {
    return parseModelSpec(c.model);
  } catch {
    return null;
  }
}

const hasBlock = (c: TrainConfig, kinds: readonly string[]) => blocksOf(c)?.some((b) => kinds.includes(b.kind)) ?? true;
const hasConv = (c: TrainConfig) => hasBlock(c, ['conv']);
const hasDense = (c: TrainConfig) => hasBlock(c, ['dense']);

/** The activations of --layer-activations, one per hidden dense block. */
export function splitLayerActivations(list: string): string[] {
  return list.split('|').map((s) => s.trim());
}

/** True when some activation the config names has a learnable parameter (or does not parse yet). */
function hasLearnable(c: TrainConfig): boolean {
  const dense = hasDense(c) ? (c.layerActivations === null ? [c.denseActivation ?? c.activation] : splitLayerActivations(c.layerActivations)) : [];
  const specs = [...dense, hasConv(c) ? (c.convActivation ?? c.activation) : null];
  return specs.some((spec) => {
    if (spec === null) return false;
    try {
      return parseActivationSpec(spec).activation.params.some((p) => p.learnable);
    } catch {
      return true;
    }
  });
}

/** When an option does something: null when it applies to config c, else what it needs, in words. */
const needs = (what: (c: TrainConfig) => string, ok: (c: TrainConfig) => boolean) => (c: TrainConfig) => (ok(c) ? null : what(c));
const dataset = (name: TrainConfig['dataset']) => needs((c) => `--dataset ${name} (this run: --dataset ${c.dataset})`, (c) => c.dataset === name);
const sgd = needs((c) => `--optimizer sgd (this run: --optimizer ${c.optimizer})`, (c) => c.optimizer === 'sgd');
const learnable = needs((c) => `a learnable activation (this run: ${c.activation}, whose parameters are fixed)`, hasLearnable);

const APPLIES: Partial<Record<keyof TrainConfig, (c: TrainConfig) => string | null>> = {
  dataDir: dataset('idx'),
  data: dataset('csv'),
  target: dataset('csv'),
  task: dataset('csv'),
  teacherLayers: dataset('teacher'),
  teacherActivation: dataset('teacher'),
  teacherExamples: dataset('teacher'),
  teacherSpread: dataset('teacher'),
  teacherLabels: dataset('teacher'),
  teacherSeed: dataset('teacher'),
  momentum: sgd,
  nesterov: sgd,
  convActivation: needs((c) => `a model with conv blocks (this run: --model ${c.model})`, hasConv),
  // --layer-activations names every dense block's activation: then --activation only reaches conv blocks, if any.
  activation: needs(() => 'a block whose activation --layer-activations does not set (a conv block without --conv-activation)', (c) => c.layerActivations === null || (hasConv(c) && c.convActivation === null)),
  denseActivation: needs(
    (c) => (hasDense(c) ? 'no --layer-activations, which sets every dense block\'s activation' : `a model with hidden dense blocks (this run: --model ${c.model})`),
    (c) => hasDense(c) && c.layerActivations === null,
  ),
  layerActivations: needs((c) => `a model with hidden dense blocks (this run: --model ${c.model})`, hasDense),
  dropout: needs((c) => `a model with hidden dense blocks, which dropout follows (this run: --model ${c.model})`, hasDense),
  valSplit: needs((c) => `a single train/validation split (this run: --folds ${c.folds})`, (c) => c.folds < 2),
  share: (c) => learnable(c) ?? (c.share === 'channel' && !hasConv(c) ? `a model with conv blocks, whose channels it shares over (this run: --model ${c.model})` : null),
  actLr: learnable,
  actL1: learnable,
  actL2: learnable,
};

/** Why option `key` does not apply to config c (what it needs), or null when it does. */
export function inapplicable(c: TrainConfig, key: keyof TrainConfig): string | null {
  return APPLIES[key]?.(c) ?? null;
}

/** Refuses options the user gave that would do nothing in this config (`--data` on MNIST trained on MNIST silently). */
export function checkApplicable(c: TrainConfig, given: ReadonlySet<keyof TrainConfig>): void {
  for (const o of TRAIN_OPTIONS) {
    if (!given.has(o.key)) continue;
    const need = inapplicable(c, o.key);
    if (need !== null) throw new ConfigError(`--${o.flag} ${String(c[o.key])} does not apply here: it needs ${need}`);
  }
}

/** Settings a resumed run may change: how long and how fast it trains. Everything else defines what the checkpoint holds. */
export const RESUMABLE = new Set<keyof TrainConfig>(['epochs', 'threads', 'lr', 'lrSchedule', 'actLr', 'l1', 'l2', 'actL1', 'actL2', 'batch', 'momentum', 'nesterov', 'out']);

/** One accepted change of a resumed run, as config.json's history records it. */
export interface ConfigChange {
  /** When the run was resumed with it (ISO time). */
  at: string;
  /** Epochs the run had finished when the change took effect. */
  afterEpoch: number;
  /** Each changed setting: [before, after]. */
  changed: Record<string, [unknown, unknown]>;
}

/**
 * The settings a resumed run trains with: the recorded ones with the user's overrides. Overrides of settings outside
 * RESUMABLE are refused (a new --seed would break the bitwise promise; a new model would not fit the checkpoint).
 */
export function resumeChanges(recorded: TrainConfig, resumed: TrainConfig, dir: string): Record<string, [unknown, unknown]> {
  const changed: Record<string, [unknown, unknown]> = {};
  for (const o of TRAIN_OPTIONS) {
    const before = recorded[o.key];
    const after = resumed[o.key];
    if (o.key === 'out' || JSON.stringify(before) === JSON.stringify(after)) continue;
    if (!RESUMABLE.has(o.key)) {
      const why = o.key === 'seed' ? 'resuming continues the recorded random stream, so a new seed would not be this run' : "the checkpoint holds what it defines";
      throw new ConfigError(
        `--${o.flag} cannot change when resuming ${dir}: it was trained with ${o.flag} = ${JSON.stringify(before)} and ${why}; start a new run (another --out) for ${JSON.stringify(after)}`,
      );
    }
    changed[o.key] = [before, after];
  }
  return changed;
}

/** Help lines for `actlab train --help`. */
export function optionsHelp(): string {
  return TRAIN_OPTIONS.map((o) => {
    const d = o.default();
    return `  --${o.flag.padEnd(12)} ${o.help}${d === null ? '' : ` [${String(d)}]`}`;
  }).join('\n');
}
