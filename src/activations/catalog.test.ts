// Every elementwise entry, checked the same way: reference against finite differences, float32
// kernels against the reference, and the behaviour at NaN, ±Inf and where f is finite.
import { describe, expect, it } from 'vitest';
import { activations, getActivation, parseActivationSpec, resolveParams, suggestNames } from './catalog.js';
import { SPECIAL_X, checkKernels, checkReferenceDerivatives, linspace, parameterSweep } from './testing.js';
import { defineElementwise } from './define.js';
import type { ElementwiseActivation } from './types.js';

const elementwise = activations.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
const FD_X = [...linspace(-50, 50, 10_000), ...SPECIAL_X];
const KERNEL_X = linspace(-20, 20, 9_999);

describe.each(elementwise.map((a) => [a.name, a] as const))('%s', (_name, a) => {
  it('declares its metadata fully', () => {
    expect(a.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(a.description.length).toBeGreaterThan(5);
    expect(a.formula.length).toBeGreaterThan(0);
    for (const s of a.params) {
      expect(s.testValues.length, `${s.name} test values`).toBeGreaterThanOrEqual(5);
      expect(resolveParams(a, { [s.name]: s.default })).toHaveLength(a.params.length);
      if (s.reparam === 'exp') expect(s.min, `${s.name} > 0 under e^θ`).toBeGreaterThanOrEqual(0);
    }
  });

  it('has derivatives that match central differences (rel. error < 1e-6)', () => {
    for (const p of parameterSweep(a)) {
      const r = checkReferenceDerivatives(a, p, FD_X);
      expect(r.checked).toBeGreaterThan(1000);
      expect(r.maxRelError, r.worst).toBeLessThan(1e-6);
    }
  });

  it('has float32 kernels that match the reference, shared per layer and per slot', () => {
    const sweep = parameterSweep(a);
    for (const slots of [[sweep[0]], Array.from({ length: 7 }, (_, k) => sweep[k % sweep.length])]) {
      const r = checkKernels(a, slots, KERNEL_X);
      expect(r.maxValueError, r.worst).toBeLessThan(1e-5);
      expect(r.maxDerivativeError, r.worst).toBeLessThan(2e-3);
    }
  });

  it('gives no NaN where f is finite, NaN for NaN, and limits at ±Inf', () => {
    for (const p of parameterSweep(a)) {
      // Collected, then asserted once: an expect per point is most of this test's time.
      const nans: string[] = [];
      for (const x of FD_X) {
        if (!Number.isFinite(a.ref.f(x, p))) continue;
        if (Number.isNaN(a.ref.dfdx(x, p))) nans.push(`dfdx at ${x}, [${p}]`);
        a.ref.dfdp.forEach((d, j) => Number.isNaN(d(x, p)) && nans.push(`df/d${a.params[j].name} at ${x}, [${p}]`));
      }
      expect(nans.slice(0, 5)).toEqual([]);
      expect(a.ref.f(NaN, p)).toBeNaN();
      expect(a.ref.dfdx(NaN, p)).toBeNaN();
      a.ref.dfdp.forEach((d) => expect(d(NaN, p)).toBeNaN());
      if (a.noLimitAtInfinity) continue;
      for (const inf of [Infinity, -Infinity]) {
        const far = Math.sign(inf) * 1e300;
        const fns = [(t: number) => a.ref.f(t, p), (t: number) => a.ref.dfdx(t, p), ...a.ref.dfdp.map((d) => (t: number) => d(t, p))];
        fns.forEach((g, i) => {
          const atInf = g(inf);
          const atFar = g(far);
          const what = `${i === 0 ? 'f' : i === 1 ? 'dfdx' : `dfdp${i - 2}`}(${inf}) with [${p}]`;
          if (Number.isNaN(atFar)) return;
          const atNearer = g(Math.sign(inf) * 1e150);
          // Still growing between 1e150 and 1e300 (like ln x): the limit is ±∞.
          const growing = Math.sign(atFar) === Math.sign(atNearer) && Math.abs(atFar) - Math.abs(atNearer) > 1e-9 * Math.abs(atFar);
          if (Math.abs(atFar) > 1e200 || growing) expect(atInf, what).toBe(Math.sign(atFar) * Infinity);
          else expect(atInf, what).toBeCloseTo(atFar, 12);
        });
      }
    }
  });
});

// Entries defined on part of the axis only (softExponential with α < 0).
describe.each(elementwise.filter((a) => a.domain !== undefined).map((a) => [a.name, a] as const))('%s', (_name, a) => {
  it('declares a domain (lo, hi) with f defined (not NaN) inside it', () => {
    for (const p of parameterSweep(a)) {
      const [lo, hi] = a.domain!(p);
      expect(lo, `[${p}]`).toBeLessThan(hi);
      const inside = FD_X.filter((x) => x > lo && x < hi);
      expect(inside.length).toBeGreaterThan(100);
      for (const x of inside) expect(a.ref.f(x, p), `f(${x}) with [${p}]`).not.toBeNaN();
    }
  });
});

describe('catalog lookup', () => {
  it('finds names and aliases case-insensitively', () => {
    expect(getActivation('RELU').name).toBe('relu');
    expect(getActivation('LeakyReLU').name).toBe('leakyRelu');
  });

  it('rejects unknown names with the closest suggestions', () => {
    expect(() => getActivation('rleu')).toThrow(/unknown activation 'rleu'; closest: .*relu/);
    expect(suggestNames('leaky')[0]).toBe('leakyRelu');
  });

  it('rejects parameters outside their range, naming value and range', () => {
    expect(() => resolveParams(getActivation('leakyRelu'), { slope: -1 })).toThrow(/slope = -1 is outside its valid range \[0, Infinity\]/);
    expect(() => resolveParams(getActivation('relu'), { alpha: 1 })).toThrow(/relu has no parameter 'alpha'/);
    expect(() => resolveParams(getActivation('hardTanh'), { min: 2 })).toThrow(/min \(2\) must be less than max \(1\)/);
  });

  it('parses NAME:param=value specs', () => {
    const { activation, params } = parseActivationSpec('leakyRelu:slope=0.3');
    expect(activation.name).toBe('leakyRelu');
    expect(params).toEqual([0.3]);
    expect(() => parseActivationSpec('leakyRelu:slope=abc')).toThrow(/not of the form name=number/);
  });
});

describe('vector parameters (groups of scalar parameters)', () => {
  const spec = (name: string, group?: string) => ({ name, description: name, default: 0, min: -1, max: 1, learnable: true, testValues: [-1, -0.5, 0, 0.5, 1], group });
  const entry = defineElementwise({
    name: 'groupedTest', aliases: [], description: 'test entry', formula: 'x + a1 + a2 + c', reference: 'test', family: 'test', notes: '',
    params: [spec('a1', 'a'), spec('a2', 'a'), spec('c')],
    kinks: () => [],
    ref: { f: (x, p) => x + p[0] + p[1] + p[2], dfdx: () => 1, dfdp: [() => 1, () => 1, () => 1] },
  });

  it('sets every member of a group from its name, or one member by its own', () => {
    expect(resolveParams(entry, { a: 0.5 })).toEqual([0.5, 0.5, 0]);
    expect(resolveParams(entry, { a2: 0.25, c: 1 })).toEqual([0, 0.25, 1]);
    expect(() => resolveParams(entry, { a: 2 })).toThrow(/a1 = 2 is outside its valid range \[-1, 1\]/);
    expect(() => resolveParams(entry, { a: 0.5, a1: 0.1 })).toThrow(/a1 is given twice/);
    expect(() => resolveParams(entry, { b: 0 })).toThrow(/has no parameter 'b'; its parameters are: a, a1, a2, c/);
  });

  it('refuses a group named as a parameter', () => {
    expect(() => defineElementwise({ ...entry, params: [spec('a1', 'c'), spec('a2', 'a'), spec('c')] })).toThrow(/group 'c' of a1 is also a parameter's name/);
  });
});
