import { describe, expect, it } from 'vitest';
import { getElementwise } from './catalog.js';
import { rbfBasis, rbfGrid } from './rbf-basis.js';
import { silu } from './smooth-rectifiers.js';
import { checkKernels, checkReferenceDerivatives, linspace } from './testing.js';

describe('rbfBasis', () => {
  it('starts as SiLU, with 8 centres evenly over [−2, 2]', () => {
    const p = rbfBasis.params.map((s) => s.default);
    for (const x of linspace(-6, 6, 30)) expect(rbfBasis.ref.f(x, p)).toBeCloseTo(silu.ref.f(x, []), 14);
    const { centres, width } = rbfGrid(8);
    expect(centres[0]).toBe(-2);
    expect(centres[7]).toBeCloseTo(2, 14);
    expect(width).toBeCloseTo(4 / 7, 15);
  });

  it('adds w_g·e^(−((x − c_g)/h)²) per centre, and is base·silu(x) outside the grid', () => {
    const p = [0.5, 0, 0, 1, 0, 0, -2, 0, 0];
    const { centres, width } = rbfGrid(8);
    const bump = (x: number, c: number) => Math.exp(-(((x - c) / width) ** 2));
    expect(rbfBasis.ref.f(centres[2], p)).toBeCloseTo(0.5 * silu.ref.f(centres[2], []) + 1 + -2 * bump(centres[2], centres[5]), 14);
    for (const x of [-6, -4, 5, 9]) expect(Math.abs(rbfBasis.ref.f(x, p) - 0.5 * silu.ref.f(x, []))).toBeLessThan(2e-4);
    expect(checkReferenceDerivatives(rbfBasis, p, linspace(-20, 20, 4000)).maxRelError).toBeLessThan(1e-6);
    const r = checkKernels(rbfBasis, [p, [1, 3, -3, 1, 0.5, 0, 2, -1, 1]], linspace(-20, 20, 999));
    expect(r.maxValueError, r.worst).toBeLessThan(1e-6);
    expect(r.maxDerivativeError, r.worst).toBeLessThan(1e-4);
  });

  it('takes G from the name rbfBasis-G (G ≥ 2), and --param w=v for every weight', () => {
    const a = getElementwise('rbfBasis-3');
    expect(a.params.map((s) => s.name)).toEqual(['base', 'w1', 'w2', 'w3']);
    expect(() => getElementwise('rbfBasis-1')).toThrow(/grid points G = 1 must be an integer from 2 to 64/);
  });
});
