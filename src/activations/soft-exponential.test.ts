import { describe, expect, it } from 'vitest';
import { LOG_ARGUMENT_FLOOR, softExponential, softExponentialAsinh } from './soft-exponential.js';
import { checkKernels, linspace } from './testing.js';

const relError = (got: number, want: number) => (got === want ? 0 : Math.abs(got - want) / Math.abs(want));
const f = (alpha: number, x: number) => softExponential.ref.f(x, [alpha]);
const dfdx = (alpha: number, x: number) => softExponential.ref.dfdx(x, [alpha]);
const dfda = (alpha: number, x: number) => softExponential.ref.dfdp[0](x, [alpha]);

// [α, x, f, ∂f/∂x, ∂f/∂α] from mpmath at 60 digits (mp.diff), rounded to the nearest double. They cover
// both series (|αx| < 0.1, |w| < 0.1) and both closed forms, the zero of f, the pole side and tiny α.
const KNOWN = [
  [1, 2, 7.38905609893065, 7.38905609893065, 9.38905609893065],
  [1, -30, 9.357622968840175e-14, 9.357622968840175e-14, 1.9999999999970992],
  [0.5, 2, 3.9365636569180906, 2.718281828459045, 5.0],
  [0.5, -0.575, 0.00027313354196370894, 0.7501365667709818, 1.1367966811294434],
  [2, 3, 203.21439674636756, 403.4287934927351, 505.5359918659189],
  [0.001, 50, 51.27209637602404, 1.0512710963760241, 1293.4584427771622],
  [1e-8, 3, 3.0000000550000006, 1.0000000300000005, 5.500000090000001],
  [0.05, 2, 2.1534183615129523, 1.1051709180756477, 3.138469492766855],
  [0.3, 0.3, 0.6139142790173678, 1.0941742837052104, 1.0477933536473174],
  [-1, 0.5, -0.6931471805599453, 2.0, 2.3068528194400546],
  [-0.5, -1.49, -10.59663473309607, 199.99999999999983, 974.806730533807],
  [-2, 1.6, -0.8047189562170497, 4.999999999999996, 5.59764052189147],
  [-1e-8, 3, 2.9999999450000012, 0.999999970000001, 5.499999760000009],
  [-0.05, 1.9, 1.7693729597521632, 0.9153318077803204, 2.435514114951732],
  [-0.05, 3, 2.751713259051263, 0.8714596949891067, 4.489602871657075],
  [-0.5, 10, 3.498399709618518, 0.17391304347826086, 3.8663646366283406],
  [-0.001, -900, -2302.5950930440463, 10.000100001000012, 6697514.908055967],
] as const;

describe('softExponential', () => {
  it('matches high-precision values of f, ∂f/∂x and ∂f/∂α', () => {
    for (const [alpha, x, value, dx, da] of KNOWN) {
      const at = `α=${alpha}, x=${x}`;
      // Next to the zero of f (α = 0.5, x = −0.575) the rounding of f is absolute, about 1e-16.
      expect(Math.abs(f(alpha, x) - value), `f at ${at}`).toBeLessThan(1e-14 * Math.max(Math.abs(value), 1e-2));
      expect(relError(dfdx(alpha, x), dx), `∂f/∂x at ${at}`).toBeLessThan(1e-14);
      expect(relError(dfda(alpha, x), da), `∂f/∂α at ${at}`).toBeLessThan(1e-14);
    }
  });

  it('is eˣ at α = 1 and ln x at α = −1', () => {
    for (const x of [-700, -30, -1, -0.5, 0, 0.3, 1, 20, 700]) {
      expect(relError(f(1, x), Math.exp(x)), `e^${x}`).toBeLessThan(3e-16);
      expect(relError(dfdx(1, x), Math.exp(x))).toBe(0);
    }
    for (const x of [1e-5, 1e-3, 0.5, 1, 2, 1e3, 1e300]) {
      expect(Math.abs(f(-1, x) - Math.log(x)), `ln ${x}`).toBeLessThan(2e-16 * Math.max(1, Math.abs(Math.log(x))));
      expect(relError(dfdx(-1, x), 1 / x)).toBeLessThan(1e-15);
    }
  });

  it('has inverse branches: f(−α, f(α, x)) = x', () => {
    for (const alpha of [0.1, 0.5, 1, 2]) {
      for (const x of linspace(-5, 5, 40)) {
        expect(Math.abs(f(-alpha, f(alpha, x)) - x), `α=${alpha}, x=${x}`).toBeLessThan(1e-10);
        // The other order needs x inside the log's domain, 1 + α(x − α) > 0.
        if (1 + alpha * (x - alpha) > 0.01) expect(Math.abs(f(alpha, f(-alpha, x)) - x), `−α=${-alpha}, x=${x}`).toBeLessThan(1e-10);
      }
    }
  });

  it('is continuous in value and ∂f/∂α across α = 0, where ∂f/∂α = 1 + x²/2', () => {
    for (const x of [-10, -3, -1, -0.2, 0, 0.7, 2, 10]) {
      const atZero = 1 + (x * x) / 2;
      expect(f(0, x)).toBe(x);
      expect(dfdx(0, x)).toBe(1);
      expect(dfda(0, x)).toBe(atZero);
      for (const alpha of [1e-300, 1e-12, -1e-12, -1e-300]) {
        expect(Math.abs(f(alpha, x) - x), `f(${alpha}, ${x})`).toBeLessThan(1e-10);
        expect(relError(dfda(alpha, x), atZero), `∂f/∂α(${alpha}, ${x})`).toBeLessThan(1e-10);
      }
      // One-sided difference quotients from either side agree with 1 + x²/2 (∂²f/∂α² jumps, so error O(δ)).
      const delta = 1e-7;
      for (const side of [1, -1]) {
        const quotient = (f(side * delta, x) - f(0, x)) / (side * delta);
        expect(relError(quotient, atZero), `side ${side}, x=${x}`).toBeLessThan(1e-5);
      }
    }
  });

  it('clamps the log argument at ε below the domain edge, with the clamped function’s derivatives', () => {
    for (const alpha of [-2, -0.5, -1e-3]) {
      const [kink] = softExponential.kinks([alpha]);
      expect(1 - alpha * (kink + alpha)).toBeCloseTo(LOG_ARGUMENT_FLOOR, 12);
      const floor = -Math.log(LOG_ARGUMENT_FLOOR) / alpha;
      for (const x of [kink - 1e-6 * Math.abs(kink - 1), kink - 1, kink - 1e6, -Infinity]) {
        expect(f(alpha, x), `f(${alpha}, ${x})`).toBe(floor);
        expect(dfdx(alpha, x)).toBe(0);
        expect(dfda(alpha, x)).toBe(Math.log(LOG_ARGUMENT_FLOOR) / alpha / alpha);
      }
      // Continuous at the clamp point; just inside it the slope is 1/u ≈ 1/ε.
      const inside = kink + (0.01 * LOG_ARGUMENT_FLOOR) / Math.abs(alpha);
      expect(relError(f(alpha, kink), floor)).toBeLessThan(1e-6);
      expect(relError(f(alpha, inside), floor)).toBeLessThan(1e-3);
      expect(relError(dfdx(alpha, inside), 1 / (1.01 * LOG_ARGUMENT_FLOOR))).toBeLessThan(1e-6);
      // ∂f/∂α of the clamped constant −ln(ε)/α, by a central difference in α at a point well inside.
      const x = kink - 1;
      const h = 1e-6 * Math.abs(alpha);
      const central = (f(alpha + h, x) - f(alpha - h, x)) / (2 * h);
      expect(relError(dfda(alpha, x), central)).toBeLessThan(1e-8);
    }
    expect(softExponential.kinks([0])).toEqual([]);
    expect(softExponential.kinks([1])).toEqual([]);
  });

  it('is defined for x > 1/α − α when α < 0, where the log’s argument is positive, and everywhere otherwise', () => {
    for (const alpha of [-2, -1, -0.5, -1e-3]) {
      const [lo, hi] = softExponential.domain!([alpha]);
      expect(lo).toBe(1 / alpha - alpha);
      expect(hi).toBe(Infinity);
      // ln x at α = −1: defined for x > 0.
      if (alpha === -1) expect(lo).toBe(0);
      const inside = lo + 1e-3 * Math.max(1, Math.abs(lo));
      expect(1 - alpha * (inside + alpha)).toBeGreaterThan(0);
      expect(f(alpha, inside)).toBeGreaterThan(-Math.log(LOG_ARGUMENT_FLOOR) / alpha);
      // The clamp sits inside the domain, just past its edge; beyond the edge f is the clamped constant.
      const [kink] = softExponential.kinks([alpha]);
      expect(kink).toBeGreaterThan(lo);
      expect(kink - lo).toBeLessThan(1e-5 / Math.abs(alpha));
      for (const x of [lo, lo - 1, lo - 1e6]) expect(f(alpha, x)).toBe(-Math.log(LOG_ARGUMENT_FLOOR) / alpha);
    }
    for (const alpha of [0, 1e-3, 1, 2]) expect(softExponential.domain!([alpha])).toEqual([-Infinity, Infinity]);
    expect(softExponentialAsinh.domain).toBeUndefined();
  });

  it('gives finite values and derivatives for tiny and large |α| and huge |x|', () => {
    // (At |α| = 1e-300 the true ∂f/∂α ≈ ln(ε)/α² or 1/α² itself overflows.)
    for (const alpha of [-1e3, -1e-150, 1e-150, 1e-3]) {
      for (const x of [-1e300, -1e20, -1, 0, 1, 1e20]) {
        for (const v of [f(alpha, x), dfdx(alpha, x), dfda(alpha, x)]) {
          if (alpha > 0 && alpha * x > 709) expect(v).toBe(Infinity);
          else expect(Number.isFinite(v), `α=${alpha}, x=${x}: ${v}`).toBe(true);
        }
      }
    }
  });

  it('overflows float32 only where the notes say: f past αx = ln(FLT_MAX) ≈ 88.72, ∂f/∂α from about 84', () => {
    // At α = 1, f = ∂f/∂x = eˣ, and ∂f/∂α ≈ (x − 1)eˣ reaches FLT_MAX near x = 84.25.
    const x = Float32Array.of(84.1, 84.4, 88.72, 88.73);
    const y = new Float32Array(4), dx = new Float32Array(4);
    const dy = new Float32Array(4).fill(1);
    softExponential.kernels.forward(x, y, [Float32Array.of(1)], 1, 4);
    expect(Array.from(y, Number.isFinite)).toEqual([true, true, true, false]);
    for (let i = 0; i < 4; i++) {
      const dAlpha = Float32Array.of(0);
      softExponential.kernels.backward(x.subarray(i, i + 1), dy, dx.subarray(i, i + 1), [Float32Array.of(1)], [dAlpha], 1, 1);
      expect(Number.isFinite(dAlpha[0]), `∂f/∂α at x = ${x[i]}`).toBe(i === 0);
      expect(Number.isFinite(dx[i]), `∂f/∂x at x = ${x[i]}`).toBe(i < 3);
    }
  });

  it('keeps NaN and ±∞ behaviour and float32 kernels at α = 0 (kept out of the shared sweep)', () => {
    expect(f(0, NaN)).toBeNaN();
    expect(dfdx(0, NaN)).toBeNaN();
    expect(dfda(0, NaN)).toBeNaN();
    expect(f(0, -Infinity)).toBe(-Infinity);
    expect(dfda(0, Infinity)).toBe(Infinity);
    for (const slots of [[[0]], [[0], [-0.5], [1e-3], [1]]]) {
      const r = checkKernels(softExponential, slots, linspace(-20, 20, 9_999));
      expect(r.maxValueError, r.worst).toBeLessThan(1e-5);
      expect(r.maxDerivativeError, r.worst).toBeLessThan(2e-3);
    }
  });
});

describe('softExponentialAsinh', () => {
  const g = (alpha: number, x: number) => softExponentialAsinh.ref.f(x, [alpha]);

  it('is a different function for α < 0: 88.13 instead of −0.01 at α = −0.01, x = 0', () => {
    expect(g(-0.01, 0)).toBeCloseTo(88.13, 2);
    expect(f(-0.01, 0)).toBeCloseTo(-0.01, 4);
    for (const x of [-3, -0.5, 0.5, 4]) expect(g(-1, x)).toBeCloseTo(Math.asinh(x), 14);
  });

  it('jumps at α = 0, with slope 1/√2 just below it', () => {
    expect(g(-1e-9, 0)).toBeGreaterThan(8e8);
    expect(g(0, 0)).toBe(0);
    expect(Math.abs(g(1e-9, 0))).toBeLessThan(1e-8);
    expect(softExponentialAsinh.ref.dfdx(0, [-1e-9])).toBeCloseTo(Math.SQRT1_2, 8);
  });

  it('agrees with softExponential for α ≥ 0', () => {
    for (const alpha of [0, 1e-3, 0.5, 2]) {
      for (const x of [-4, 0, 1.5]) {
        expect(g(alpha, x)).toBe(f(alpha, x));
        expect(softExponentialAsinh.ref.dfdp[0](x, [alpha])).toBe(dfda(alpha, x));
      }
    }
  });

  it('keeps its parameter test values away from the jump at α = 0', () => {
    for (const v of softExponentialAsinh.params[0].testValues) expect(Math.abs(v)).toBeGreaterThan(1e-3);
  });
});
