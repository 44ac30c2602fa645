// The playground's settings and their place in the URL hash (#data=spiral&layers=8,8&...&autostart=1): a link
// reproduces a run. Values that do not read are named, and their defaults used.

export const DATA_SETS = ['circle', 'xor', 'gauss', 'spiral', 'csv', 'mnist'] as const;
export type DataSet = (typeof DATA_SETS)[number];

export interface Settings {
  data: DataSet;
  /** Training points of a 2-D data set (test points: half as many). */
  points: number;
  noise: number;
  dataSeed: number;
  /** Neurons per hidden layer. */
  layers: number[];
  /** Activation per hidden layer: a catalog name (with :p=v,...) or formula:EXPR;p=v. */
  activations: string[];
  share: 'layer' | 'neuron';
  optimizer: 'adam' | 'sgd';
  lr: number;
  /** Learning rate of the activation parameters. */
  actLr: number;
  batch: number;
  l1: number;
  l2: number;
  seed: number;
  /** Training stops after this many epochs. */
  epochs: number;
  threads: number;
  /** Start training as soon as the page has loaded. */
  autostart: boolean;
}

export const DEFAULTS: Settings = {
  data: 'spiral',
  points: 400,
  noise: 0,
  dataSeed: 1,
  layers: [8, 8],
  activations: ['adaptiveRelu', 'adaptiveRelu'],
  share: 'neuron',
  optimizer: 'adam',
  lr: 0.01,
  actLr: 0.01,
  batch: 10,
  l1: 0,
  l2: 0,
  seed: 1,
  epochs: 1000,
  threads: 1,
  autostart: false,
};

type Reader = (text: string) => unknown;

const number = (lo: number, hi: number, integer = false): Reader => (text) => {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new Error(`'${text}' is not ${integer ? 'a whole number' : 'a number'} from ${lo} to ${hi}`);
  }
  return v;
};
const choice = (options: readonly string[]): Reader => (text) => {
  if (!options.includes(text)) throw new Error(`'${text}' is not one of ${options.join(', ')}`);
  return text;
};

/** How each setting reads from the hash. */
const READERS: { [K in keyof Settings]: Reader } = {
  data: choice(DATA_SETS),
  points: number(10, 5000, true),
  noise: number(0, 1),
  dataSeed: number(0, 2 ** 32 - 1, true),
  layers: (text) => {
    const sizes = text.split(',').map((s) => number(1, 256, true)(s.trim()) as number);
    if (sizes.length > 8) throw new Error(`'${text}' has ${sizes.length} layers, at most 8`);
    return sizes;
  },
  activations: (text) => text.split('|').map((s) => s.trim()),
  share: choice(['layer', 'neuron']),
  optimizer: choice(['adam', 'sgd']),
  lr: number(0, 10),
  actLr: number(0, 10),
  batch: number(1, 1024, true),
  l1: number(0, 1),
  l2: number(0, 1),
  seed: number(0, 2 ** 32 - 1, true),
  epochs: number(1, 100000, true),
  threads: number(1, 8, true),
  autostart: (text) => text === '1' || text === 'true',
};

/** The settings the hash holds (defaults for what it lacks) and the problems with what it holds, in words. */
export function readHash(hash: string): { settings: Settings; problems: string[] } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const settings: Record<string, unknown> = { ...DEFAULTS };
  const problems: string[] = [];
  for (const [key, text] of params) {
    const read = READERS[key as keyof Settings] as Reader | undefined;
    if (read === undefined) {
      problems.push(`unknown setting '${key}' in the address (settings: ${Object.keys(READERS).join(', ')})`);
      continue;
    }
    try {
      settings[key] = read(text);
    } catch (err) {
      problems.push(`${key}: ${(err as Error).message}; using ${writeValue(DEFAULTS[key as keyof Settings])}`);
    }
  }
  return { settings: fitActivations(settings as unknown as Settings), problems };
}

const writeValue = (v: Settings[keyof Settings]) => (Array.isArray(v) ? v.join(v.some((x) => typeof x === 'string') ? '|' : ',') : v === true ? '1' : v === false ? '0' : String(v));

/** The hash for `settings`: every setting, so that the link does not depend on the defaults of a later version. */
export function writeHash(settings: Settings): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(READERS) as (keyof Settings)[]) params.set(key, writeValue(settings[key]));
  return `#${params.toString()}`;
}

/** One activation per layer: missing ones repeat the last given, extra ones are dropped. */
export function fitActivations(s: Settings): Settings {
  const given = s.activations.length > 0 ? s.activations : DEFAULTS.activations;
  return { ...s, activations: s.layers.map((_, i) => given[Math.min(i, given.length - 1)]) };
}
