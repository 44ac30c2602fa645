import { describe, expect, it } from 'vitest';
import { getElementwise } from './catalog.js';
import { pau } from './rational.js';
import { FIT_TARGETS, fitRational } from './rational-fit.js';
import { evaluateRational, rationalPoint, rationalValue, realRoots } from './rational-math.js';
import { checkKernels, checkReferenceDerivatives, linspace } from './testing.js';

// P = 0.5 + x − 0.25x² + 0.1x³, S = 0.3x − 0.2x² (m = 3, n = 2).
const P = [0.5, 1, -0.25, 0.1];
const Q = [0.3, -0.2];
const naive = (x: number, version: 'A' | 'B' | 'C') => {
  const num = P.reduce((acc, c, j) => acc + c * x ** j, 0);
  if (version === 'A') return num / (1 + Math.abs(0.3 * x) + Math.abs(-0.2 * x * x));
  return num / ((version === 'B' ? 1 : 0.1) + Math.abs(0.3 * x - 0.2 * x * x));
};

describe('rational (PAU) arithmetic', () => {
  it('has the safe denominators of versions A, B and C, near 0 and far out (where it works in 1/x)', () => {
    for (const version of ['A', 'B', 'C'] as const) {
      for (const x of [-7, -1.5, -1, -0.3, 0, 0.4, 1, 2.5, 40]) {
        const want = naive(x, version);
        expect(Math.abs(rationalValue(x, version, P, 0, 3, Q, 0, 2) - want) / Math.abs(want), `${version} at ${x}`).toBeLessThan(1e-14);
        const at = rationalPoint(3, 2);
        evaluateRational(x, version, P, 0, 3, Q, 0, 2, at);
        expect(Math.abs(at.f - want) / Math.abs(want)).toBeLessThan(1e-14);
      }
    }
  });

  it('does not overflow where f is finite, and grows as x^(m − n)', () => {
    // m − n = 1: f ≈ (0.1/0.2)·x far out for B.
    expect(rationalValue(1e200, 'B', P, 0, 3, Q, 0, 2) / 1e200).toBeCloseTo(0.5, 12);
    expect(rationalValue(Infinity, 'B', P, 0, 3, Q, 0, 2)).toBe(Infinity);
    expect(rationalValue(-Infinity, 'A', P, 0, 3, Q, 0, 2)).toBe(-Infinity);
    const at = rationalPoint(3, 2);
    evaluateRational(1e200, 'C', P, 0, 3, Q, 0, 2, at);
    expect(at.dfdx).toBeCloseTo(0.5, 12);
  });

  it('finds the real roots where |S| has kinks', () => {
    expect(realRoots([0.3, -0.2])).toEqual([expect.closeTo(1.5, 12)]);
    expect(realRoots([-2, 0, 1]).map((r) => Math.abs(r))).toEqual([expect.closeTo(Math.SQRT2, 12), expect.closeTo(Math.SQRT2, 12)]);
    expect(realRoots([1, 0, 1])).toEqual([]);
  });
});

describe('pau', () => {
  it('starts as a least-squares fit to leaky ReLU (RMS error below 0.01 on [−3, 3])', () => {
    const p = pau.params.map((s) => s.default);
    const xs = linspace(-3, 3, 600);
    const rms = Math.sqrt(xs.reduce((acc, x) => acc + (pau.ref.f(x, p) - FIT_TARGETS.leakyRelu(x)) ** 2, 0) / xs.length);
    expect(rms).toBeLessThan(0.01);
    expect(pau.params.map((s) => s.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'q1', 'q2', 'q3', 'q4']);
  });

  it('fits smooth functions closely, and the identity exactly', () => {
    expect(fitRational(FIT_TARGETS.identity, 'B', 5, 4).rms).toBeLessThan(1e-12);
    for (const init of ['tanh', 'sigmoid', 'silu']) expect(fitRational(FIT_TARGETS[init], 'B', 5, 4).rms, init).toBeLessThan(1e-4);
  });

  it('builds pau-M-N-V-INIT by name, and refuses bad ones naming the part', () => {
    const a = getElementwise('pau-3-2-A-tanh');
    expect(a.params.map((s) => s.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'q1', 'q2']);
    expect(Math.abs(a.ref.f(0.5, a.params.map((s) => s.default)) - Math.tanh(0.5))).toBeLessThan(1e-2);
    expect(() => getElementwise('pau-5-4-D-relu')).toThrow(/version 'D' must be A, B or C/);
    expect(() => getElementwise('pau-5-4-B-elu')).toThrow(/start 'elu' must be one of identity, relu, leakyRelu/);
    expect(() => getElementwise('pau-0-4-B-relu')).toThrow(/numerator degree M = 0 must be an integer from 1 to 8/);
  });

  it('has derivatives and kernels that hold for every version with coefficients of both signs', () => {
    const slots = [[0.5, 1, -0.25, 0.1, 0.3, -0.2], [0, 1, 0, 0, 0, 0], [-1, 0.2, 2, -0.5, -1, 0.7]];
    for (const version of ['A', 'B', 'C']) {
      const a = getElementwise(`pau-3-2-${version}-relu`);
      for (const p of slots) {
        const r = checkReferenceDerivatives(a, p, linspace(-20, 20, 2000));
        expect(r.maxRelError, `${version}: ${r.worst}`).toBeLessThan(1e-6);
      }
      const k = checkKernels(a, slots, linspace(-20, 20, 999));
      expect(k.maxValueError, k.worst).toBeLessThan(1e-6);
      expect(k.maxDerivativeError, k.worst).toBeLessThan(1e-4);
    }
  });
});
