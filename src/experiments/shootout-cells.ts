// The shootout's grid: activations × data sets × models × seeds as cells, from its flags' values.
import { parseActivationSpec } from '../activations/catalog.js';
import { UsageError } from '../errors.js';
import type { Cell } from './experiment.js';

/** The models a shootout trains, by the name its --models flag takes. */
export const SHOOTOUT_MODELS: Readonly<Record<string, string>> = { mlp: 'mlp:128,64', lenet5: 'lenet5' };
export const SHOOTOUT_DATASETS = ['mnist', 'fashion-mnist'] as const;
/** The activation every other one is compared with; always trained. */
export const BASELINE = 'relu';

export interface ShootoutOptions {
  activations: string[];
  datasets: string[];
  models: string[];
  seeds: number[];
}

/** The quick default grid: 11 activations (the learnable families among them) × 2 data sets × the MLP × 3 seeds (66 cells). */
export const SHOOTOUT_DEFAULTS: ShootoutOptions = {
  activations: ['relu', 'swish', 'gelu', 'prelu', 'adaptiveRelu', 'adaptiveGumbel', 'pelu', 'srelu', 'apl', 'pau', 'rbfBasis'],
  datasets: ['mnist', 'fashion-mnist'],
  models: ['mlp'],
  seeds: [1, 2, 3],
};
export const SHOOTOUT_DEFAULT_EPOCHS = 8;
/** LeNet-5 costs about this many MLP epochs per epoch: its cells start first (see Cell.weight). */
const LENET_WEIGHT = 30;

/** An activation spec as a folder-name part: relu, adaptiveRelu, softExponential_alpha_0.5. */
export const activationId = (spec: string) => spec.replace(/[^A-Za-z0-9_.-]+/g, '_');

/** A data set and model, as the report's columns name them: "mnist mlp". */
export const settingName = (dataset: string, model: string) => `${dataset} ${model}`;

export function shootoutCells(o: ShootoutOptions): Cell[] {
  return o.datasets.flatMap((dataset) =>
    o.models.flatMap((model) =>
      o.activations.flatMap((activation) =>
        o.seeds.map((seed) => ({
          id: `${dataset}--${model}--${activationId(activation)}--seed-${seed}`,
          label: `${activation}, ${settingName(dataset, model)}, seed ${seed}`,
          grid: { row: activation, column: `${settingName(dataset, model)}, seed ${seed}` },
          config: { dataset, model: SHOOTOUT_MODELS[model], activation, seed, epochs: SHOOTOUT_DEFAULT_EPOCHS },
          weight: model === 'lenet5' ? LENET_WEIGHT : 1,
        })),
      ),
    ),
  );
}

/** The items of a comma-separated flag value, each once. */
function listFlag(flag: string, text: string): string[] {
  const items = text.split(',').map((x) => x.trim());
  if (items.some((x) => x === '')) throw new UsageError(`--${flag} '${text}': an empty item; give a comma-separated list`);
  const twice = items.find((x, i) => items.indexOf(x) !== i);
  if (twice !== undefined) throw new UsageError(`--${flag} '${text}': '${twice}' is given twice`);
  return items;
}

function checkChoices(flag: string, items: string[], choices: readonly string[]): string[] {
  const bad = items.find((x) => !choices.includes(x));
  if (bad !== undefined) throw new UsageError(`--${flag}: '${bad}' is not one of ${choices.join(', ')}`);
  return items;
}

/** Seeds as 1,2,3 or ranges 1-5 (or both: 1-3,7). */
export function parseSeeds(text: string): number[] {
  const seeds = listFlag('seeds', text).flatMap((item) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item);
    const [lo, hi] = m === null ? [NaN, NaN] : [Number(m[1]), Number(m[2] ?? m[1])];
    if (!(lo <= hi && hi <= 2 ** 32 - 1)) throw new UsageError(`--seeds: '${item}' is not a seed (a whole number) or a range such as 1-5`);
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  });
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds '${text}': a seed is given twice`);
  return seeds;
}

/** Activation specs, each an elementwise activation of the catalog (or a formula), ReLU first. */
function parseActivations(text: string): string[] {
  const specs = listFlag('activations', text);
  for (const spec of specs) {
    if (parseActivationSpec(spec).activation.kind !== 'elementwise') throw new UsageError(`--activations: ${spec} is a row-wise function; hidden layers need an elementwise activation`);
  }
  const ids = specs.map(activationId);
  const clash = ids.find((id, i) => ids.indexOf(id) !== i);
  if (clash !== undefined) throw new UsageError(`--activations: two specs give the same cell name '${clash}'; write them differently`);
  return specs.includes(BASELINE) ? [BASELINE, ...specs.filter((s) => s !== BASELINE)] : [BASELINE, ...specs];
}

export function parseShootoutOptions(values: Readonly<Record<string, string | undefined>>): ShootoutOptions {
  const d = SHOOTOUT_DEFAULTS;
  return {
    activations: values.activations === undefined ? d.activations : parseActivations(values.activations),
    datasets: values.datasets === undefined ? d.datasets : checkChoices('datasets', listFlag('datasets', values.datasets), SHOOTOUT_DATASETS),
    models: values.models === undefined ? d.models : checkChoices('models', listFlag('models', values.models), Object.keys(SHOOTOUT_MODELS)),
    seeds: values.seeds === undefined ? d.seeds : parseSeeds(values.seeds),
  };
}


/** The setting ("mnist mlp") of a shootout cell's settings. */
export function settingOf(config: Record<string, unknown>): string {
  const model = Object.keys(SHOOTOUT_MODELS).find((m) => SHOOTOUT_MODELS[m] === config.model) ?? String(config.model);
  return settingName(String(config.dataset), model);
}
