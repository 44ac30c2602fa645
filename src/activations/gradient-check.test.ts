// The gradient check on hand-made entries: right derivatives pass, wrong ones (in x, in a parameter, on one side of a
// kink only, NaN) fail with the point and both values; kinks and jumps, declared or not, are skipped, not failed.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { defineElementwise } from './define.js';
import { assertGradients, checkGradients, GradientCheckError } from './gradient-check.js';
import { sigmoid, sigmoidDerivative } from './math.js';
import type { ElementwiseActivation, ScalarReference } from './types.js';

const beta = { name: 'beta', description: 'slope', default: 1, min: -Infinity, max: Infinity, learnable: true, testValues: [1, 2, 0.5, -1, 0] };

/** A test entry: swish unless `ref` overrides part of it. */
function entry(ref: Partial<ScalarReference> = {}, kinks: (p: ArrayLike<number>) => number[] = () => []): ElementwiseActivation {
  return defineElementwise({
    name: 'testSwish',
    aliases: [],
    description: 'swish for the gradient-check tests',
    formula: 'x·σ(βx)',
    reference: 'test',
    family: 'test',
    params: [beta],
    notes: '',
    kinks,
    ref: {
      f: (x, p) => x * sigmoid(p[0] * x),
      dfdx: (x, p) => sigmoid(p[0] * x) + x * p[0] * sigmoidDerivative(p[0] * x),
      dfdp: [(x, p) => x * x * sigmoidDerivative(p[0] * x)],
      ...ref,
    },
  });
}

/** ReLU-like entries: slope `right` for x > 0 as the derivative claims, `trueRight` as f has it. */
function rectifier(right: number, trueRight = right, declareKink = true): ElementwiseActivation {
  return defineElementwise({
    name: 'testRectifier',
    aliases: [],
    description: 'a rectifier for the gradient-check tests',
    formula: 'max(0, x)',
    reference: 'test',
    family: 'test',
    params: [],
    notes: '',
    kinks: () => (declareKink ? [0] : []),
    ref: { f: (x) => (x > 0 ? trueRight * x : 0), dfdx: (x) => (x > 0 ? right : 0), dfdp: [] },
  });
}

describe('checkGradients', () => {
  it('passes right derivatives, with their largest error at rounding level', () => {
    const r = checkGradients(entry());
    expect(r.passed).toBe(true);
    expect(r.points).toBe(4001 + 21);
    for (const d of r.derivatives) {
      expect(d.checked).toBe(r.points);
      expect(d.maxRelError).toBeLessThan(1e-12);
      expect(d.nan).toBe(0);
    }
  });

  it('fails a wrong ∂f/∂x and names the worst point with both values', () => {
    const wrong = entry({ dfdx: (x, p) => sigmoid(p[0] * x) + x * sigmoidDerivative(p[0] * x) });
    const r = checkGradients(wrong, { params: [2] });
    expect(r.passed).toBe(false);
    const [dx, dbeta] = r.derivatives;
    expect(dx.passed).toBe(false);
    expect(dbeta.passed).toBe(true);
    const w = dx.worst!;
    expect(w.analytic).toBe(wrong.ref.dfdx(w.x, [2]));
    const right = entry().ref.dfdx(w.x, [2]);
    expect(Math.abs(w.numeric - right)).toBeLessThan(1e-8 * Math.max(1, Math.abs(right)));
    expect(() => assertGradients(wrong, { params: [2] })).toThrow(
      new RegExp(`testSwish: ∂f/∂x disagrees with central differences of f: at x = ${w.x} \\(beta = 2\\) it is ${w.analytic}, the differences give ${w.numeric}`),
    );
  });

  it('fails a wrong ∂f/∂p, naming the parameter', () => {
    const wrong = entry({ dfdp: [(x, p) => x * sigmoidDerivative(p[0] * x)] });
    const r = checkGradients(wrong);
    expect(r.derivatives.map((d) => d.passed)).toEqual([true, false]);
    let error: unknown;
    try {
      assertGradients(wrong);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GradientCheckError);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/∂f\/∂beta disagrees .* \(relative error [\d.e+-]+, tolerance 1e-6\)/);
    expect((error as GradientCheckError).report).toEqual(r);
  });

  it('fails a derivative that is NaN where f is finite, and says where', () => {
    const nan = entry({ dfdx: (x, p) => (x === 0 ? NaN : entry().ref.dfdx(x, p)) });
    const r = checkGradients(nan);
    expect(r.derivatives[0]).toMatchObject({ nan: 2, firstNaN: { x: 0, f: 0 }, passed: false });
    expect(() => assertGradients(nan)).toThrow(/∂f\/∂x is NaN at x = 0 \(beta = 1\), where f = 0 \(2 such points\)/);
  });

  it('skips kinks, declared or found by one-sided differences, and jumps', () => {
    for (const declared of [true, false]) {
      const r = checkGradients(rectifier(1, 1, declared));
      expect(r.passed, `declared ${declared}`).toBe(true);
      expect(r.derivatives[0].skipped).toBeGreaterThanOrEqual(2);
    }
    const step = defineElementwise({ ...rectifier(0), ref: { f: (x) => (x > 1 ? 1 : 0), dfdx: () => 0, dfdp: [] }, kinks: () => [] });
    expect(checkGradients(step).passed).toBe(true);
  });

  it('still fails a derivative wrong on one side of an undeclared kink', () => {
    const r = checkGradients(rectifier(2, 1, false));
    expect(r.passed).toBe(false);
    expect(r.derivatives[0].worst!.x).toBeGreaterThan(0);
    expect(r.derivatives[0].worst!.analytic).toBe(2);
  });

  it('compares derivatives below 1e-4 absolutely by default, strictly on request', () => {
    // eˣ with its derivative off by 1e-12: invisible to float32 training, a relative error of 1 and more far left.
    const exp = defineElementwise({ ...rectifier(0), ref: { f: Math.exp, dfdx: (x) => Math.exp(x) + 1e-12, dfdp: [] } });
    expect(checkGradients(exp).passed).toBe(true);
    const strict = checkGradients(exp, { absoluteBelow: 0, cancellingTerms: false });
    expect(strict.passed).toBe(false);
    expect(strict.derivatives[0].worst!.x).toBeLessThan(-25);
  });

  it('counts the inputs where f is not finite, and checks the rest', () => {
    const log = defineElementwise({ ...rectifier(0), ref: { f: Math.log, dfdx: (x) => 1 / x, dfdp: [] } });
    const r = checkGradients(log);
    // x ≤ 0: 2000 negatives and 0 on the grid, 0 and 9 negatives among the special values, and −1e-8.
    expect(r.undefinedPoints).toBe(2001 + 10 + 1);
    expect(r.passed).toBe(true);
  });
});
