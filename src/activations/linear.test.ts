// The affine activations: values, derivatives, seed 002's defaults, and the `affine` flag, which
// must mark exactly the catalog entries that are affine in x.
import { describe, expect, it } from 'vitest';
import { activations, getActivation } from './catalog.js';
import { learnableLinear, linear } from './linear.js';
import { linspace, parameterSweep } from './testing.js';
import type { ElementwiseActivation, Params } from './types.js';

/** Largest |f(x) − (f(0) + x·(f(1) − f(0)))| over [−20, 20], relative to the values: 0 for affine f. */
function distanceFromAffine(a: ElementwiseActivation, p: Params): number {
  const f0 = a.ref.f(0, p);
  const slope = a.ref.f(1, p) - f0;
  return Math.max(...linspace(-20, 20, 400).map((x) => Math.abs(a.ref.f(x, p) - f0 - x * slope) / (1 + Math.abs(f0) + Math.abs(slope))));
}

describe('linear', () => {
  const { f, dfdx, dfdp } = linear.ref;

  it('is c·x with ∂/∂x = c, ∂/∂c = x, and the identity by default', () => {
    expect(linear.params[0].default).toBe(1);
    expect(getActivation('identity')).toBe(linear);
    expect(f(-2.5, [1])).toBe(-2.5);
    expect(f(3, [-0.5])).toBe(-1.5);
    expect(dfdx(7, [-0.5])).toBe(-0.5);
    expect(dfdp[0](7, [-0.5])).toBe(7);
  });

  it('is identically 0 at c = 0, also at ±∞', () => {
    expect(f(Infinity, [0])).toBe(0);
    expect(f(-Infinity, [0])).toBe(0);
    expect(f(Infinity, [2])).toBe(Infinity);
    expect(f(NaN, [0])).toBeNaN();
  });
});

describe('learnableLinear', () => {
  const { f, dfdx, dfdp } = learnableLinear.ref;

  it("starts at seed 002's k0 = 0.5, k1 = 1, both learnable", () => {
    expect(learnableLinear.params.map((s) => [s.name, s.default, s.learnable])).toEqual([
      ['k0', 0.5, true],
      ['k1', 1, true],
    ]);
    expect(learnableLinear.family).toBe('learnable');
  });

  it('is k0 + k1·x with ∂/∂x = k1, ∂/∂k0 = 1, ∂/∂k1 = x', () => {
    expect(f(2, [0.5, 1])).toBe(2.5);
    expect(f(-4, [1, -0.25])).toBe(2);
    expect(dfdx(-4, [1, -0.25])).toBe(-0.25);
    expect(dfdp[0](-4, [1, -0.25])).toBe(1);
    expect(dfdp[1](-4, [1, -0.25])).toBe(-4);
    expect(f(-Infinity, [0.5, 0])).toBe(0.5);
  });

  it('says in its notes that an all-affine network is a linear model', () => {
    expect(learnableLinear.notes).toMatch(/linear model/);
    expect(learnableLinear.notes).toMatch(/science\.md/);
  });

  it('makes a two-layer network an affine map of its input', () => {
    // 2 → 3 → 1 with learnableLinear between the layers; the output's second differences vanish.
    const w1 = [[0.7, -1.3], [0.2, 0.9], [-0.5, 0.4]], b1 = [0.1, -0.2, 0.3], w2 = [1.1, -0.6, 0.8];
    const k = [0.5, 1.7];
    const net = (x: number[]) => w2.reduce((sum, w, i) => sum + w * f(w1[i][0] * x[0] + w1[i][1] * x[1] + b1[i], k), 0);
    const at = (u: number, v: number) => net([u, v]);
    for (const [u, v] of [[0, 0], [1.5, -2], [-3, 0.25]]) {
      expect(at(u + 1, v) - 2 * at(u, v) + at(u - 1, v)).toBeCloseTo(0, 12);
      expect(at(u + 1, v + 1) - at(u + 1, v) - at(u, v + 1) + at(u, v)).toBeCloseTo(0, 12);
    }
  });
});

describe('the affine flag', () => {
  const elementwise = activations.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');

  it('is set on linear and learnableLinear', () => {
    expect(linear.affine).toBe(true);
    expect(learnableLinear.affine).toBe(true);
  });

  it.each(elementwise.map((a) => [a.name, a] as const))('matches what %s computes', (_name, a) => {
    if (a.affine) {
      for (const p of parameterSweep(a)) expect(distanceFromAffine(a, p), `[${p}]`).toBeLessThan(1e-12);
    } else {
      expect(distanceFromAffine(a, a.params.map((s) => s.default))).toBeGreaterThan(1e-3);
    }
  });
});
