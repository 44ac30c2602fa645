import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalPdf, sigmoid, sigmoidDerivative, softplus, timesVanishing } from './math.js';
import { linspace } from './testing.js';

const relError = (got: number, want: number) => (got === want ? 0 : Math.abs(got - want) / Math.abs(want));

// [x, erf(x), erfc(x), erfc(−x)] from mpmath at 60 digits, rounded to the nearest double; points on both sides of
// every fdlibm interval boundary (0.84375, 1.25, 1/0.35, 6).
const TABLE = [
  [1e-300, 1.1283791670955126e-300, 1.0, 1.0],
  [1e-10, 1.1283791670955126e-10, 0.999999999887162, 1.000000000112838],
  [0.1, 0.11246291601828488, 0.8875370839817152, 1.1124629160182848],
  [0.25, 0.27632639016823696, 0.7236736098317631, 1.276326390168237],
  [0.5, 0.5204998778130465, 0.4795001221869535, 1.5204998778130465],
  [0.84, 0.7651427114549946, 0.23485728854500548, 1.7651427114549945],
  [0.85, 0.7706680576083526, 0.22933194239164748, 1.7706680576083524],
  [1, 0.8427007929497149, 0.15729920705028513, 1.842700792949715],
  [1.2, 0.9103139782296353, 0.08968602177036462, 1.9103139782296354],
  [1.3, 0.9340079449406524, 0.06599205505934756, 1.9340079449406524],
  [2, 0.9953222650189527, 0.004677734981047266, 1.9953222650189526],
  [2.85, 0.9999443437200386, 5.5656279961398984e-05, 1.9999443437200386],
  [2.86, 0.9999475988269556, 5.240117304439776e-05, 1.9999475988269555],
  [3, 0.9999779095030014, 2.209049699858544e-05, 1.9999779095030015],
  [5, 0.9999999999984626, 1.537459794428035e-12, 1.9999999999984626],
  [6, 1, 2.1519736712498913e-17, 2.0],
  [10, 1.0, 2.088487583762545e-45, 2.0],
  [20, 1.0, 5.395865611607901e-176, 2.0],
  [26, 1.0, 5.663192408856143e-296, 2.0],
];

describe('erf and erfc', () => {
  it('match high-precision values to 1e-15 relative, on both sides of zero', () => {
    let worst = 0;
    for (const [x, e, c, cNeg] of TABLE) {
      worst = Math.max(worst, relError(erf(x), e), relError(erf(-x), -e), relError(erfc(x), c), relError(erfc(-x), cNeg));
    }
    expect(worst).toBeLessThan(1e-15);
  });

  it('keep erfc in the far tail down to the subnormal range, and underflow to 0 beyond it', () => {
    expect(Math.abs(erfc(27) - 5.23705e-319)).toBeLessThan(1e-322);
    expect(erfc(27.5)).toBe(0);
    expect(erfc(1e300)).toBe(0);
    expect(erfc(-30)).toBe(2);
  });

  it('are odd / reflect exactly and sum to 1', () => {
    for (const x of linspace(-8, 8, 1601)) {
      expect(erf(-x)).toBe(-erf(x));
      expect(Math.abs(erfc(-x) - (2 - erfc(x)))).toBeLessThanOrEqual(4.5e-16);
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThanOrEqual(4.5e-16);
    }
  });

  it('have derivative 2/√π·e^{−x²} (central differences)', () => {
    for (const x of [-3, -1, -0.3, 0, 0.6, 1.1, 2, 4]) {
      const h = 1e-5;
      // The derivative is even: differences of erfc(|x|), where erf ≈ ±1 would drown them in rounding.
      const a = Math.abs(x);
      const fd = (erfc(a - h) - erfc(a + h)) / (2 * h);
      expect(relError(fd, (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x))).toBeLessThan(1e-8);
    }
  });

  it('handle signed zero, ±Inf and NaN', () => {
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erf(NaN)).toBeNaN();
    expect(erfc(NaN)).toBeNaN();
  });
});

describe('normal distribution', () => {
  it('has known CDF values, including the far left tail', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(relError(normalCdf(1.96), 0.9750021048517795)).toBeLessThan(1e-15);
    expect(relError(normalCdf(3), 0.9986501019683699)).toBeLessThan(1e-15);
    expect(relError(normalCdf(-5), 2.866515718791939e-07)).toBeLessThan(1e-14);
    expect(relError(normalCdf(-30), 4.906713927148187e-198)).toBeLessThan(1e-13);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it('has a density that integrates the CDF', () => {
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 16);
    for (const x of [-6, -2, 0.5, 3]) {
      const fd = (normalCdf(x + 1e-5) - normalCdf(x - 1e-5)) / 2e-5;
      expect(relError(fd, normalPdf(x))).toBeLessThan(1e-8);
    }
    expect(normalPdf(Infinity)).toBe(0);
    expect(normalPdf(-1e200)).toBe(0);
  });
});

describe('logistic helpers', () => {
  it('sigmoid has known values and no overflow', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(relError(sigmoid(3), 0.9525741268224333)).toBeLessThan(2e-16);
    expect(relError(sigmoid(-3), 0.04742587317756678)).toBeLessThan(5e-16);
    expect(relError(sigmoid(-700), 9.85967654375977e-305)).toBeLessThan(1e-15);
    expect(sigmoid(40)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(Infinity)).toBe(1);
    expect(sigmoid(-Infinity)).toBe(0);
    expect(sigmoid(NaN)).toBeNaN();
    for (const x of linspace(-30, 30, 601)) expect(Math.abs(sigmoid(x) + sigmoid(-x) - 1)).toBeLessThanOrEqual(2.3e-16);
  });

  it("sigmoid' = σ(x)σ(−x), symmetric, 0 at the tails", () => {
    expect(sigmoidDerivative(0)).toBe(0.25);
    for (const x of linspace(-40, 40, 801)) {
      expect(sigmoidDerivative(-x)).toBe(sigmoidDerivative(x));
      expect(relError(sigmoidDerivative(x), sigmoid(x) * sigmoid(-x))).toBeLessThan(1e-14);
    }
    expect(sigmoidDerivative(Infinity)).toBe(0);
    expect(sigmoidDerivative(-Infinity)).toBe(0);
    expect(sigmoidDerivative(NaN)).toBeNaN();
  });

  it('softplus has known values, saturates exactly, and softplus(x) − softplus(−x) = x', () => {
    expect(softplus(0)).toBe(Math.LN2);
    expect(relError(softplus(2), 2.1269280110429727)).toBeLessThan(2e-16);
    expect(relError(softplus(-2), 0.1269280110429725)).toBeLessThan(5e-16);
    expect(relError(softplus(-30), 9.357622968839737e-14)).toBeLessThan(1e-15);
    expect(softplus(30)).toBe(30.000000000000092);
    expect(relError(softplus(-700), 9.85967654375977e-305)).toBeLessThan(1e-15);
    expect(softplus(1e4)).toBe(1e4);
    expect(softplus(-1e4)).toBe(0);
    expect(softplus(Infinity)).toBe(Infinity);
    expect(softplus(-Infinity)).toBe(0);
    expect(softplus(NaN)).toBeNaN();
    for (const x of linspace(-40, 40, 801)) expect(Math.abs(softplus(x) - softplus(-x) - x)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(x)));
  });

  it('timesVanishing is 0 where the factor is 0, even at ±∞, and keeps NaN', () => {
    expect(timesVanishing(-Infinity, 0)).toBe(0);
    expect(timesVanishing(Infinity, 0)).toBe(0);
    expect(timesVanishing(NaN, 0)).toBeNaN();
    expect(timesVanishing(Infinity, NaN)).toBeNaN();
    expect(timesVanishing(-3, 0.5)).toBe(-1.5);
    expect(timesVanishing(-Infinity, 1e-300)).toBe(-Infinity);
  });
});
