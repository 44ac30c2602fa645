import { describe, expect, it } from 'vitest';
import { resolveParams } from './catalog.js';
import { srelu } from './s-shaped-relu.js';
import { checkKernels, checkReferenceDerivatives, linspace } from './testing.js';

describe('srelu', () => {
  it('is the paper’s three lines', () => {
    const p = [-1, 0.1, 2, 0.5];
    expect(srelu.ref.f(-3, p)).toBeCloseTo(-1 + 0.1 * -2, 15);
    expect(srelu.ref.f(0.7, p)).toBe(0.7);
    expect(srelu.ref.f(4, p)).toBe(3);
    expect(srelu.ref.dfdx(-1, p)).toBe(0.1); // at a threshold: the outer segment
    expect(srelu.ref.dfdx(2, p)).toBe(0.5);
    expect(srelu.ref.dfdp.map((d) => d(-3, p))).toEqual([0.9, -2, 0, 0]);
    expect(srelu.ref.dfdp.map((d) => d(4, p))).toEqual([0, 0, 0.5, 2]);
    expect(srelu.ref.dfdp.map((d) => d(0, p))).toEqual([0, 0, 0, 0]);
  });

  it('refuses given thresholds out of order, naming both', () => {
    expect(() => resolveParams(srelu, { tLeft: 3 })).toThrow(/tLeft \(3\) must be at most tRight \(1\)/);
  });

  it('reads crossed thresholds as swapped: f is continuous across the crossing and the gradients follow the roles', () => {
    const xs = linspace(-4, 4, 101);
    for (const x of xs) {
      expect(srelu.ref.f(x, [2, 0.1, -1, 0.5])).toBe(srelu.ref.f(x, [-1, 0.1, 2, 0.5]));
      // Just before and after tLeft passes tRight = 0.5.
      expect(Math.abs(srelu.ref.f(x, [0.5 - 1e-9, 0.1, 0.5, 2]) - srelu.ref.f(x, [0.5 + 1e-9, 0.1, 0.5, 2]))).toBeLessThan(1e-8);
    }
    const crossed = [2, 0.1, -1, 0.5];
    expect(srelu.ref.dfdp[0](3, crossed)).toBe(0.5); // tLeft = 2 now acts as the right threshold: 1 − aRight
    expect(srelu.ref.dfdp[2](-3, crossed)).toBe(0.9);
    expect(checkReferenceDerivatives(srelu, crossed, linspace(-50, 50, 4000)).maxRelError).toBeLessThan(1e-6);
  });

  it('has kernels that match the reference for ordered, equal and crossed thresholds per slot', () => {
    const slots = [[-1, 0.1, 2, 0.5], [2, 0.1, -1, 0.5], [0.5, -1, 0.5, 3], [0, 0, 0, 0], [-5, 3, 10, -1]];
    const r = checkKernels(srelu, slots, linspace(-20, 20, 9999));
    expect(r.maxValueError, r.worst).toBeLessThan(1e-6);
    expect(r.maxDerivativeError, r.worst).toBeLessThan(1e-4);
  });
});
