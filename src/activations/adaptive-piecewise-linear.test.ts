import { describe, expect, it } from 'vitest';
import { apl, aplActivation } from './adaptive-piecewise-linear.js';
import { getElementwise, parseActivationSpec } from './catalog.js';
import { checkKernels, checkReferenceDerivatives, linspace } from './testing.js';

// a = (0.5, −1, 2), b = (−1, 0.5, 3): every hinge active and of either sign.
const P3 = [0.5, -1, 2, -1, 0.5, 3];

describe('apl', () => {
  it('is ReLU at its defaults, with hinges evenly over [−2, 2]', () => {
    const p = apl.params.map((s) => s.default);
    expect(p).toEqual([0, 0, 0, 0, 0, -2, -1, 0, 1, 2]);
    for (const x of [-3, -0.5, 0, 0.5, 4]) expect(apl.ref.f(x, p)).toBe(Math.max(0, x));
  });

  it('sums the hinges: max(0, x) + Σ a_s·max(0, b_s − x)', () => {
    const a3 = aplActivation(3, 'apl3test');
    const want = (x: number) => Math.max(0, x) + 0.5 * Math.max(0, -1 - x) - Math.max(0, 0.5 - x) + 2 * Math.max(0, 3 - x);
    for (const x of linspace(-6, 6, 48)) expect(a3.ref.f(x, P3)).toBeCloseTo(want(x), 12);
    expect(a3.ref.dfdx(-2, P3)).toBe(-1.5); // 0 − (0.5 − 1 + 2)
    expect(a3.ref.dfdp.map((d) => d(0, P3))).toEqual([0, 0.5, 3, 0, -1, 2]);
    expect(checkReferenceDerivatives(a3, P3, linspace(-50, 50, 4000)).maxRelError).toBeLessThan(1e-6);
    const r = checkKernels(a3, [P3, [0, 0, 0, -2, 0, 2], [1, 1, 1, 0, 0, 0]], linspace(-20, 20, 999));
    expect(r.maxValueError, r.worst).toBeLessThan(1e-6);
    expect(r.maxDerivativeError, r.worst).toBeLessThan(1e-4);
  });

  it('takes S from the name apl-S, and --param a=v for every a_s', () => {
    const a2 = getElementwise('apl-2');
    expect(a2.params.map((s) => s.name)).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(getElementwise('APL-2')).toBe(a2);
    expect(parseActivationSpec('apl-2:a=0.3,b2=1').params).toEqual([0.3, 0.3, -2, 1]);
    expect(() => getElementwise('apl-0')).toThrow(/apl-0: hinges S = 0 must be an integer from 1 to 64/);
  });
});
