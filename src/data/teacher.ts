// Simulated data from random "teacher" networks, as in Farhadi, Partovi Nia & Lodi (2019), section 4.1:
// inputs x ~ N(0, 1), a fully connected teacher with fixed activation, and a binary label from its output.
import { getElementwise, resolveParams } from '../activations/catalog.js';
import { sigmoid } from '../activations/math.js';
import { UsageError } from '../errors.js';
import { Rng } from '../rng.js';
import type { NumericTable } from './csv.js';

/** How to read the paper's N(μ, 0.5): 0.5 as the variance (σ = √0.5 ≈ 0.707) or as the standard deviation. */
export type Spread = 'variance' | 'std';

/**
 * How a label comes from the teacher's output o (a logit): 'bernoulli' draws y ~ Bernoulli(σ(o));
 * 'threshold' takes y = [o > 0] (σ(o) > ½); 'median' takes y = [o > median of o over the data set].
 */
export type LabelRule = 'bernoulli' | 'threshold' | 'median';

export const SPREADS: readonly Spread[] = ['variance', 'std'];
export const LABEL_RULES: readonly LabelRule[] = ['bernoulli', 'threshold', 'median'];

export interface TeacherOptions {
  /** Examples drawn. Paper: 10 000. */
  examples: number;
  /** Input features, each N(0, 1). Paper: 10. */
  features: number;
  /** Hidden layers. Paper: 1 and 8 (2 and 4 were run but not shown). */
  hiddenLayers: number;
  /** Neurons per hidden layer. Paper: 10. */
  width: number;
  /** Elementwise catalog entry used in every hidden layer, at its default parameters. Paper: sigmoid, relu. */
  activation: string;
  /** Default 'variance': N(μ, v) conventionally names the variance; 'std' is how numpy.random.normal(μ, 0.5) reads. */
  spread: Spread;
  /** Default 'median': deterministic and balanced in every configuration (see TEACHER_DEFAULTS). */
  labels: LabelRule;
  /** Integer in [0, 2³²); the teacher, the inputs and any Bernoulli draws all come from Rng(seed). */
  seed: number;
}

/**
 * Defaults: the paper's sizes (10 000 × 10, one hidden layer of 10, sigmoid). Choices the paper leaves open:
 * - inputs x ~ N(0, 1) iid: the paper does not say how inputs were drawn;
 * - spread 'variance': in N(μ, 0.5) the second argument is conventionally the variance;
 * - labels 'median' (y = [o > median o]). Bernoulli labels cannot be what the paper used: a one-hidden-layer
 *   sigmoid teacher's logits spread only about ±1, so the best possible accuracy is 0.70–0.91 (seeds 1–8,
 *   either spread), below the 95.8–97.8 % reported. A cut at o = 0 is deterministic but often leaves a single class: an 8-layer
 *   sigmoid teacher's output varies by ~0.01 around a bias-dominated offset (0 % or 100 % positives, seeds 1–8).
 *   The median cut gives 50/50 classes in every configuration, so chance is 50 %, which fits Table 1's
 *   57.3 % for its hardest cell.
 */
export const TEACHER_DEFAULTS: Readonly<TeacherOptions> = {
  examples: 10_000,
  features: 10,
  hiddenLayers: 1,
  width: 10,
  activation: 'sigmoid',
  spread: 'variance',
  labels: 'median',
  seed: 1,
};

/** The paper's teacher distributions: biases N(0, 0.5); weights ½·N(1, 0.5) + ½·N(−1, 0.5). */
export const TEACHER_PRIOR = { biasMean: 0, weightMean: 1, spreadParameter: 0.5 } as const;

/** One dense layer of the teacher: y = W x + b with W stored outputs × inputs, row-major. */
export interface TeacherLayer {
  inputs: number;
  outputs: number;
  weights: Float64Array;
  biases: Float64Array;
  /** Which mixture component each weight came from: +1 for N(1, ·), −1 for N(−1, ·). */
  components: Int8Array;
}

/** Count, mean, standard deviation (population), min and max of some numbers. */
export interface Summary {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

export interface TeacherMetadata {
  generator: string;
  options: TeacherOptions;
  /** What the paper leaves open and this simulation assumed. */
  assumptions: { inputs: string; spread: string; labels: string; output: string };
  prior: typeof TEACHER_PRIOR;
  /** Standard deviation actually used for biases and for each weight component (0.5 or √0.5). */
  sigma: number;
  architecture: { inputs: number; outputs: number; activation: string | null }[];
  weights: { all: Summary; plusComponent: Summary; minusComponent: Summary };
  biases: Summary;
  /** The teacher's output o (a logit) over the data set. */
  output: Summary & { median: number };
  /** The label cut: 0 for 'threshold', the median for 'median', null for 'bernoulli'. */
  threshold: number | null;
  /** Accuracy of the best possible classifier on these inputs: mean max(σ(o), 1 − σ(o)) for 'bernoulli', else 1. */
  bayesAccuracy: number;
  /** majorityRate: the share of the commoner label, the accuracy of a model that always answers it. */
  classBalance: { counts: [number, number]; positiveFraction: number; majorityRate: number };
}

export interface TeacherData {
  count: number;
  featureCount: number;
  /** count × featureCount, row-major. */
  features: Float64Array;
  /** 0 or 1 per example. */
  labels: Uint8Array;
  layers: TeacherLayer[];
  metadata: TeacherMetadata;
}

/** Standard deviation for the paper's 0.5 read as a variance or as a standard deviation. */
export function spreadSigma(spread: Spread): number {
  const p = TEACHER_PRIOR.spreadParameter;
  return spread === 'variance' ? Math.sqrt(p) : p;
}

/** One weight from ½·N(1, σ²) + ½·N(−1, σ²); returns the value and its component (±1). */
export function drawMixtureWeight(rng: Rng, sigma: number): { value: number; component: 1 | -1 } {
  const component = rng.next() < 0.5 ? 1 : -1;
  return { value: component * TEACHER_PRIOR.weightMean + sigma * rng.normal(), component };
}

/** Valid ranges of the whole-number options, [min, max]. */
export const TEACHER_LIMITS = {
  examples: [1, 10_000_000],
  features: [1, 100_000],
  hiddenLayers: [1, 1_000],
  width: [1, 100_000],
  seed: [0, 2 ** 32 - 1],
} as const satisfies Partial<Record<keyof TeacherOptions, readonly [number, number]>>;

/** The defaults overridden by `given`, every value checked (usage errors name the option). */
export function resolveTeacherOptions(given: Partial<TeacherOptions> = {}): TeacherOptions {
  const o: TeacherOptions = { ...TEACHER_DEFAULTS };
  for (const [key, value] of Object.entries(given) as [keyof TeacherOptions, never][]) {
    if (!Object.hasOwn(TEACHER_DEFAULTS, key)) throw new UsageError(`unknown teacher option '${key}'`);
    if (value !== undefined) o[key] = value;
  }
  for (const [key, [min, max]] of Object.entries(TEACHER_LIMITS) as [keyof typeof TEACHER_LIMITS, readonly [number, number]][]) {
    const v = o[key];
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${key} must be a whole number in [${min}, ${max}], got ${v}`);
  }
  if (!SPREADS.includes(o.spread)) throw new UsageError(`spread must be one of ${SPREADS.join(', ')}, got '${o.spread}'`);
  if (!LABEL_RULES.includes(o.labels)) throw new UsageError(`labels must be one of ${LABEL_RULES.join(', ')}, got '${o.labels}'`);
  getElementwise(o.activation); // unknown names fail here, with suggestions
  return o;
}

/** Draws the teacher's layers (hidden layers, then one output neuron): each weight row then its biases. */
export function drawTeacher(rng: Rng, o: Pick<TeacherOptions, 'features' | 'hiddenLayers' | 'width'>, sigma: number): TeacherLayer[] {
  const sizes = [o.features, ...Array<number>(o.hiddenLayers).fill(o.width), 1];
  return sizes.slice(1).map((outputs, l) => {
    const inputs = sizes[l];
    const weights = new Float64Array(outputs * inputs);
    const components = new Int8Array(outputs * inputs);
    for (let i = 0; i < weights.length; i++) {
      const w = drawMixtureWeight(rng, sigma);
      weights[i] = w.value;
      components[i] = w.component;
    }
    const biases = Float64Array.from({ length: outputs }, () => TEACHER_PRIOR.biasMean + sigma * rng.normal());
    return { inputs, outputs, weights, biases, components };
  });
}

/** The teacher's output logit for input x: hidden layers apply `f`, the last layer is linear. */
export function teacherOutput(layers: readonly TeacherLayer[], f: (z: number) => number, x: ArrayLike<number>): number {
  let h: ArrayLike<number> = x;
  for (let l = 0; l < layers.length; l++) {
    const { inputs, outputs, weights, biases } = layers[l];
    const next = new Float64Array(outputs);
    const hidden = l < layers.length - 1;
    for (let j = 0; j < outputs; j++) {
      let z = biases[j];
      for (let i = 0; i < inputs; i++) z += weights[j * inputs + i] * h[i];
      next[j] = hidden ? f(z) : z;
    }
    h = next;
  }
  return h[0];
}

/** Summary statistics of `values` (NaN fields for none). */
export function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return n === 0 ? { count: 0, mean: NaN, std: NaN, min: NaN, max: NaN } : { count: n, mean, std: Math.sqrt(squares / n), min, max };
}

function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function weightSummaries(layers: readonly TeacherLayer[]): TeacherMetadata['weights'] {
  const all: number[] = [];
  const plus: number[] = [];
  const minus: number[] = [];
  for (const { weights, components } of layers) {
    weights.forEach((w, i) => {
      all.push(w);
      (components[i] > 0 ? plus : minus).push(w);
    });
  }
  return { all: summarize(all), plusComponent: summarize(plus), minusComponent: summarize(minus) };
}

/**
 * Simulates a data set from a random teacher network. The teacher is drawn first, then each example's
 * inputs (and its Bernoulli draw), so one seed gives the same teacher for any `examples`, and with
 * 'threshold' or 'bernoulli' labels the first n examples do not depend on how many follow.
 */
export function simulateTeacher(given: Partial<TeacherOptions> = {}): TeacherData {
  const options = resolveTeacherOptions(given);
  const { examples, features, labels: rule } = options;
  const activation = getElementwise(options.activation);
  const params = resolveParams(activation);
  const f = (z: number) => activation.ref.f(z, params);
  const sigma = spreadSigma(options.spread);
  const rng = new Rng(options.seed);
  const layers = drawTeacher(rng, options, sigma);

  const x = new Float64Array(examples * features);
  const output = new Float64Array(examples);
  const labels = new Uint8Array(examples);
  let bayes = 0;
  for (let n = 0; n < examples; n++) {
    const row = x.subarray(n * features, (n + 1) * features);
    for (let i = 0; i < features; i++) row[i] = rng.normal();
    const o = teacherOutput(layers, f, row);
    output[n] = o;
    if (rule === 'bernoulli') {
      const p = sigmoid(o);
      labels[n] = rng.next() < p ? 1 : 0;
      bayes += Math.max(p, 1 - p);
    }
  }
  const outputMedian = median(output);
  const threshold = rule === 'threshold' ? 0 : rule === 'median' ? outputMedian : null;
  if (threshold !== null) for (let n = 0; n < examples; n++) labels[n] = output[n] > threshold ? 1 : 0;
  const positives = labels.reduce((s, y) => s + y, 0);

  const metadata: TeacherMetadata = {
    generator: 'teacher network of Farhadi, Partovi Nia & Lodi (2019), section 4.1',
    options,
    assumptions: {
      inputs: 'x ~ N(0, 1), independent (the paper does not say)',
      spread: `N(μ, 0.5) read with 0.5 as the ${options.spread === 'variance' ? 'variance (σ = √0.5)' : 'standard deviation (σ = 0.5)'}`,
      labels: {
        bernoulli: 'y ~ Bernoulli(σ(o))',
        threshold: 'y = 1 if o > 0, else 0',
        median: 'y = 1 if o > median(o), else 0',
      }[rule],
      output: 'o = one linear output neuron after the hidden layers (a logit), weights and bias drawn like the hidden ones',
    },
    prior: TEACHER_PRIOR,
    sigma,
    architecture: layers.map((l, i) => ({ inputs: l.inputs, outputs: l.outputs, activation: i < layers.length - 1 ? activation.name : null })),
    weights: weightSummaries(layers),
    biases: summarize(layers.flatMap((l) => Array.from(l.biases))),
    output: { ...summarize(output), median: outputMedian },
    threshold,
    bayesAccuracy: rule === 'bernoulli' ? bayes / examples : 1,
    classBalance: { counts: [examples - positives, positives], positiveFraction: positives / examples, majorityRate: Math.max(positives, examples - positives) / examples },
  };
  return { count: examples, featureCount: features, features: x, labels, layers, metadata };
}

/** The simulated data as a two-class table (features x0, x1, …), ready for csvSource or writeCsv. */
export function teacherTable(data: TeacherData): NumericTable {
  const featureNames = Array.from({ length: data.featureCount }, (_, i) => `x${i}`);
  return { count: data.count, featureNames, features: data.features, targets: data.labels, classes: 2 };
}
