// Activations defined in code: registered after their derivatives pass the check, refused by name otherwise, and
// trained like catalog entries.
import { describe, expect, it } from 'vitest';
import { train } from '../api/train.js';
import { Rng } from '../rng.js';
import { getActivation } from './catalog.js';
import { evaluateActivation } from './evaluate.js';
import { GradientCheckError } from './gradient-check.js';
import { defineActivation } from './user.js';

/** ELU with a learnable α > 0: x for x > 0, α(eˣ − 1) otherwise. */
const learnableElu = {
  name: 'learnableEluTest',
  params: [{ name: 'alpha', default: 1, reparam: 'exp' as const }],
  f: (x: number, p: ArrayLike<number>) => (x > 0 ? x : p[0] * Math.expm1(x)),
  dfdx: (x: number, p: ArrayLike<number>) => (x > 0 ? 1 : p[0] * Math.exp(x)),
  dfdp: [(x: number) => (x > 0 ? 0 : Math.expm1(x))],
  kinks: () => [0],
};

describe('defineActivation', () => {
  it('registers a checked activation that the catalog, evaluation and training find', async () => {
    const entry = defineActivation(learnableElu);
    expect(getActivation('learnableelutest')).toBe(entry);
    const { y, dparams } = evaluateActivation('learnableEluTest:alpha=2', [-1, 2]);
    expect(y[0]).toBeCloseTo(2 * Math.expm1(-1), 6);
    expect(dparams!.alpha[0]).toBeCloseTo(Math.expm1(-1), 6);
    const rng = new Rng(3);
    const x = Array.from({ length: 200 }, () => [rng.normal(), rng.normal()]);
    const { model, summary } = await train({ data: { x, y: x.map((r) => (r[0] * r[1] > 0 ? 1 : 0)) }, activation: 'learnableEluTest', model: 'mlp:6', epochs: 2, threads: 1 });
    expect(summary.activationParams.act0.alpha.count).toBe(6);
    model.dispose();
  });

  it('refuses a wrong derivative, naming the worst point and both values', () => {
    const wrong = { ...learnableElu, name: 'wrongEluTest', dfdx: (x: number) => (x > 0 ? 1 : Math.exp(x) * 0.5) };
    expect(() => defineActivation(wrong)).toThrow(GradientCheckError);
    expect(() => defineActivation(wrong)).toThrow(/wrongEluTest: ∂f\/∂x disagrees with central differences of f: at x = -?[\d.e+-]+ \(alpha = 1\) it is [\d.e+-]+, the differences give [\d.e+-]+/);
    expect(() => getActivation('wrongEluTest')).toThrow(/unknown activation/);
  });

  it('refuses taken names, bad parameters and a missing derivative', () => {
    expect(() => defineActivation({ ...learnableElu, name: 'relu' })).toThrow("the name 'relu' is taken (by relu)");
    expect(() => defineActivation({ ...learnableElu, name: 'e1', params: [{ name: 'alpha', default: -1, reparam: 'exp' }] })).toThrow(/alpha's default -1 is not inside its range \(0, Infinity\)/);
    expect(() => defineActivation({ ...learnableElu, name: 'e2', dfdp: [] })).toThrow('e2: 1 parameters but 0 dfdp functions');
    expect(() => defineActivation({ ...learnableElu, name: '2bad' })).toThrow(/name '2bad' must start with a letter/);
  });
});
