// Teacher-network simulation: reproducible from the seed, the paper's weight distributions, sane labels.
import { describe, expect, it } from 'vitest';
import { relu } from '../activations/piecewise.js';
import { sigmoid } from '../activations/sigmoidal.js';
import { UsageError } from '../errors.js';
import { Rng } from '../rng.js';
import { csvSource } from './csv.js';
import { drawMixtureWeight, simulateTeacher, spreadSigma, summarize, teacherOutput, teacherTable, TEACHER_DEFAULTS } from './teacher.js';

const small = { examples: 500 };

describe('simulateTeacher', () => {
  it('has the paper defaults and records every option', () => {
    const data = simulateTeacher();
    expect(data.count).toBe(10_000);
    expect(data.featureCount).toBe(10);
    expect(data.features.length).toBe(100_000);
    expect(data.labels.length).toBe(10_000);
    expect(data.metadata.options).toEqual(TEACHER_DEFAULTS);
    expect(data.metadata.architecture).toEqual([
      { inputs: 10, outputs: 10, activation: 'sigmoid' },
      { inputs: 10, outputs: 1, activation: null },
    ]);
    const deep = simulateTeacher({ ...small, hiddenLayers: 8, activation: 'relu', spread: 'std', labels: 'bernoulli', seed: 9 });
    expect(deep.metadata.options).toEqual({ ...TEACHER_DEFAULTS, ...small, hiddenLayers: 8, activation: 'relu', spread: 'std', labels: 'bernoulli', seed: 9 });
    expect(deep.layers.length).toBe(9);
    expect(deep.metadata.architecture.filter((l) => l.activation === 'relu').length).toBe(8);
  });

  it('is reproducible from its seed, and another seed gives other data', () => {
    const a = simulateTeacher({ ...small, seed: 7, labels: 'bernoulli' });
    const b = simulateTeacher({ ...small, seed: 7, labels: 'bernoulli' });
    const c = simulateTeacher({ ...small, seed: 8, labels: 'bernoulli' });
    expect(Array.from(b.features)).toEqual(Array.from(a.features));
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.metadata).toEqual(a.metadata);
    expect(Array.from(c.features)).not.toEqual(Array.from(a.features));
    expect(Array.from(c.layers[0].weights)).not.toEqual(Array.from(a.layers[0].weights));
  });

  it('draws the same teacher for any number of examples, and threshold/bernoulli data sets extend as prefixes', () => {
    for (const labels of ['threshold', 'bernoulli'] as const) {
      const short = simulateTeacher({ examples: 100, seed: 3, labels });
      const long = simulateTeacher({ examples: 300, seed: 3, labels });
      expect(Array.from(long.layers[1].weights)).toEqual(Array.from(short.layers[1].weights));
      expect(Array.from(long.features.subarray(0, 1000))).toEqual(Array.from(short.features));
      expect(Array.from(long.labels.subarray(0, 100))).toEqual(Array.from(short.labels));
    }
  });

  it('labels agree with the teacher recomputed from its layers and the catalog activation', () => {
    for (const [name, entry] of [['sigmoid', sigmoid], ['relu', relu]] as const) {
      const data = simulateTeacher({ ...small, activation: name, hiddenLayers: 2, labels: 'threshold', seed: 4 });
      const f = (z: number) => entry.ref.f(z, []);
      for (let n = 0; n < data.count; n++) {
        const o = teacherOutput(data.layers, f, data.features.subarray(n * 10, n * 10 + 10));
        expect(data.labels[n]).toBe(o > 0 ? 1 : 0);
      }
      // A hand-written 10-10-10-1 forward pass for example 0.
      const [l1, l2, l3] = data.layers;
      const x = Array.from(data.features.subarray(0, 10));
      const dense = (l: typeof l1, h: number[]) => Array.from({ length: l.outputs }, (_, j) => l.biases[j] + h.reduce((s, hi, i) => s + l.weights[j * l.inputs + i] * hi, 0));
      const out = dense(l3, dense(l2, dense(l1, x).map(f)).map(f))[0];
      expect(teacherOutput(data.layers, f, x)).toBeCloseTo(out, 12);
    }
  });

  it('draws weights from ½N(1, σ²) + ½N(−1, σ²) and biases from N(0, σ²), σ per the spread flag', () => {
    expect(spreadSigma('variance')).toBeCloseTo(Math.SQRT1_2, 15);
    expect(spreadSigma('std')).toBe(0.5);
    for (const spread of ['variance', 'std'] as const) {
      // 8 layers of 60 neurons: 29 460 weights, 481 biases.
      const { metadata: m } = simulateTeacher({ examples: 10, hiddenLayers: 8, width: 60, spread, seed: 11 });
      const sigma = spreadSigma(spread);
      expect(m.sigma).toBe(sigma);
      expect(m.weights.all.count).toBe(10 * 60 + 7 * 60 * 60 + 60);
      const { plusComponent: plus, minusComponent: minus } = m.weights;
      expect(plus.count / m.weights.all.count).toBeCloseTo(0.5, 1);
      expect(Math.abs(plus.mean - 1)).toBeLessThan(0.02);
      expect(Math.abs(minus.mean + 1)).toBeLessThan(0.02);
      expect(Math.abs(plus.std / sigma - 1)).toBeLessThan(0.03);
      expect(Math.abs(minus.std / sigma - 1)).toBeLessThan(0.03);
      // Mixture: mean 0, variance 1 + σ².
      expect(Math.abs(m.weights.all.mean)).toBeLessThan(0.03);
      expect(Math.abs(m.weights.all.std ** 2 / (1 + sigma ** 2) - 1)).toBeLessThan(0.03);
      expect(m.biases.count).toBe(8 * 60 + 1);
      expect(Math.abs(m.biases.mean)).toBeLessThan(0.1);
      expect(Math.abs(m.biases.std / sigma - 1)).toBeLessThan(0.1);
    }
  });

  it('draws a mixture weight per its component, tightly over many draws', () => {
    const rng = new Rng(5);
    const plus: number[] = [];
    const minus: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const w = drawMixtureWeight(rng, 0.5);
      (w.component === 1 ? plus : minus).push(w.value);
    }
    const p = summarize(plus);
    const q = summarize(minus);
    expect(Math.abs(p.count / 200_000 - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(p.mean - 1)).toBeLessThan(0.005);
    expect(Math.abs(q.mean + 1)).toBeLessThan(0.005);
    expect(Math.abs(p.std - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(q.std - 0.5)).toBeLessThan(0.005);
  });

  it('draws inputs from N(0, 1)', () => {
    const { features } = simulateTeacher({ examples: 5_000, seed: 2 });
    const s = summarize(features);
    expect(Math.abs(s.mean)).toBeLessThan(0.01);
    expect(Math.abs(s.std - 1)).toBeLessThan(0.01);
  });

  it('gives balanced median labels in every paper configuration, and records the class balance', () => {
    for (const hiddenLayers of [1, 8]) {
      for (const activation of ['sigmoid', 'relu']) {
        for (const seed of [1, 2, 3]) {
          const data = simulateTeacher({ examples: 2_000, hiddenLayers, activation, seed });
          const positives = data.labels.reduce((s, y) => s + y, 0);
          expect(data.metadata.classBalance.counts).toEqual([2_000 - positives, positives]);
          expect(positives, `${hiddenLayers} ${activation} ${seed}`).toBe(1_000);
          expect(data.metadata.threshold).toBe(data.metadata.output.median);
          expect(data.metadata.bayesAccuracy).toBe(1);
        }
      }
    }
  });

  it('draws Bernoulli labels at rate σ(o) and reports the best possible accuracy', () => {
    const data = simulateTeacher({ examples: 20_000, activation: 'relu', labels: 'bernoulli', seed: 6 });
    const f = (z: number) => Math.max(0, z);
    let expected = 0;
    let bayes = 0;
    for (let n = 0; n < data.count; n++) {
      const p = 1 / (1 + Math.exp(-teacherOutput(data.layers, f, data.features.subarray(n * 10, n * 10 + 10))));
      expected += p;
      bayes += Math.max(p, 1 - p);
    }
    const positives = data.labels.reduce((s, y) => s + y, 0);
    // Binomial standard deviation ≤ √(n/4) ≈ 71: allow 4 of them.
    expect(Math.abs(positives - expected)).toBeLessThan(4 * 71);
    expect(data.metadata.classBalance.majorityRate).toBe(Math.max(positives, data.count - positives) / data.count);
    expect(data.metadata.bayesAccuracy).toBeCloseTo(bayes / data.count, 12);
    expect(data.metadata.threshold).toBeNull();
    expect(data.metadata.bayesAccuracy).toBeLessThan(1);
  });

  it('is a two-class table the trainer can read through csvSource', () => {
    const data = simulateTeacher({ examples: 50, features: 3, seed: 8 });
    const table = teacherTable(data);
    expect(table.featureNames).toEqual(['x0', 'x1', 'x2']);
    const source = csvSource(table);
    expect(source.sampleShape).toEqual([3]);
    expect(source.classes).toBe(2);
    const inputs = new Float32Array(6);
    const targets = new Float32Array(2);
    source.fillInputs([49, 0], 0, 2, inputs);
    source.fillTargets([49, 0], 0, 2, targets);
    expect(Array.from(inputs)).toEqual([...data.features.subarray(147, 150), ...data.features.subarray(0, 3)].map(Math.fround));
    expect(Array.from(targets)).toEqual([data.labels[49], data.labels[0]]);
  });

  it('rejects invalid options naming them', () => {
    expect(() => simulateTeacher({ examples: 0 })).toThrow(new UsageError('examples must be a whole number in [1, 10000000], got 0'));
    expect(() => simulateTeacher({ hiddenLayers: 1.5 })).toThrow(/hiddenLayers must be a whole number/);
    expect(() => simulateTeacher({ seed: -1 })).toThrow(/seed must be a whole number in \[0, 4294967295\]/);
    expect(() => simulateTeacher({ spread: 'sd' as never })).toThrow(/spread must be one of variance, std, got 'sd'/);
    expect(() => simulateTeacher({ labels: 'sign' as never })).toThrow(/labels must be one of bernoulli, threshold, median/);
    expect(() => simulateTeacher({ activation: 'sigmod' })).toThrow(/unknown activation 'sigmod'; closest: sigmoid/);
    expect(() => simulateTeacher({ layers: 2 } as never)).toThrow(/unknown teacher option 'layers'/);
  });
});
