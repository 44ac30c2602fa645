import { describe, expect, it } from 'vitest';
import { getElementwise } from './catalog.js';
import { softplus as softplusMath } from './math.js';
import { gelu, geluTanh, mish, silu, softplus, swish } from './smooth-rectifiers.js';
import { linspace } from './testing.js';

const relError = (got: number, want: number) => (got === want ? 0 : Math.abs(got - want) / Math.abs(want));

// [entry, x, f(x), f'(x)] from mpmath at 80 digits (mp.diff for f'), rounded to the nearest double.
const KNOWN = [
  [gelu, 1, 0.8413447460685429, 1.0833154705876864],
  [gelu, -1, -0.15865525393145705, -0.08331547058768629],
  [gelu, 0.5, 0.34573123063700656, 0.8674951246561629],
  [gelu, -0.75, -0.16997051428265114, 0.0007742782607648957],
  [gelu, 3, 2.99595030590511, 1.011945647204184],
  [gelu, -5, -1.4332578593959695e-06, -7.146946001792295e-06],
  [gelu, -10, -7.619853024160526e-23, -7.618400096464814e-22],
  [gelu, -30, -1.472014178144456e-196, -4.416031690708495e-195],
  [geluTanh, 1, 0.8411919906082767, 1.0829640838457826],
  [geluTanh, -1, -0.1588080093917233, -0.08296408384578255],
  [geluTanh, 0.5, 0.34571400982514394, 0.8673699035346423],
  [geluTanh, 3, 2.996362607918227, 1.0115841666309697],
  [geluTanh, -3, -0.0036373920817730186, -0.011584166630969726],
  [geluTanh, -5, -2.291796196629506e-07, -1.5463619875325946e-06],
  [geluTanh, -10, -1.204092348209806e-37, -2.7576380638540315e-36],
  [silu, 1, 0.7310585786300049, 0.9276705118714867],
  [silu, -1, -0.2689414213699951, 0.07232948812851327],
  [silu, 2.5, 2.310354549946891, 1.0994011113415267],
  [silu, -20, -4.122307236380407e-08, -3.9161918660646786e-08],
  [silu, -100, -3.720075976020836e-42, -3.682875216260628e-42],
  [silu, -501, -1.3131135787347085e-215, -1.3104925935476132e-215],
  [mish, 1, 0.8650983882673103, 1.0490362200997922],
  [mish, -1, -0.3034014613741089, 0.05921675587739495],
  [mish, -1.19, -0.30884262309779065, 0.000650218371421135],
  [mish, 5, 4.999552077529406, 1.0008002248320826],
  [mish, -20, -4.122307240628761e-08, -3.916191874348969e-08],
  [mish, -100, -3.720075976020836e-42, -3.682875216260628e-42],
  [mish, 30, 30, 1],
] as const;

describe('smooth rectifiers: known values', () => {
  it('match high-precision f and df/dx, tails included', () => {
    for (const [a, x, f, d] of KNOWN) {
      expect(relError(a.ref.f(x, []), f), `${a.name}(${x})`).toBeLessThan(2e-13);
      // Near a root of f' (gelu at −0.75, mish at −1.19) the absolute error is what stays small.
      expect(Math.abs(a.ref.dfdx(x, []) - d), `${a.name}'(${x})`).toBeLessThan(2e-13 * Math.max(Math.abs(d), 1e-2));
    }
  });

  it('match swish at β = 2, with ∂f/∂β = x²·σ(βx)(1 − σ(βx))', () => {
    const p = [2];
    const rows = [
      [1, 0.8807970779778824, 1.0907842487848955, 0.10499358540350652],
      [-1, -0.11920292202211756, -0.09078424878489548, 0.10499358540350652],
      [0.3, 0.19369689186773864, 0.7829268504997898, 0.020590581641099157],
      [-300, -7.951189659012933e-259, -1.587587535249582e-258, 2.3853568977038796e-256],
    ];
    for (const [x, f, d, db] of rows) {
      expect(relError(swish.ref.f(x, p), f)).toBeLessThan(1e-14);
      expect(relError(swish.ref.dfdx(x, p), d)).toBeLessThan(1e-13);
      expect(relError(swish.ref.dfdp[0](x, p), db)).toBeLessThan(1e-13);
    }
    expect(relError(swish.ref.dfdp[0](7, p), 4.074483947503829e-05)).toBeLessThan(1e-13);
  });

  it('match softplus at β = 0.5, with ∂f/∂β = −H(σ(βx))/β²', () => {
    const p = [0.5, 20];
    const rows = [
      [0, 1.3862943611198906, 0.5, -2.772588722239781],
      [1, 1.9481539683602134, 0.6224593312018546, -2.651389274316718],
      [-3, 0.4028265559655048, 0.18242552380635635, -1.9002062547691476],
      [30, 30.00000061180455, 0.9999996940977731, -1.9577742710392366e-05],
      [-501, 3.237891404661513e-109, 1.6189457023307565e-109, -1.628659376544741e-106],
    ];
    for (const [x, f, d, db] of rows) {
      expect(relError(softplus.ref.f(x, p), f), `f(${x})`).toBeLessThan(1e-14);
      expect(relError(softplus.ref.dfdx(x, p), d), `f'(${x})`).toBeLessThan(1e-14);
      // At x = 30 the entropy is 2.4e-6 nats: the stable form keeps all its digits.
      expect(relError(softplus.ref.dfdp[0](x, p), db), `∂β(${x})`).toBeLessThan(1e-13);
    }
    expect(softplus.ref.f(1, [2, 20])).toBeCloseTo(1.0634640055214861, 15);
  });
});

describe('softplus: PyTorch threshold semantics', () => {
  const p = [1, 20];
  const above = 20 + 2 ** -48; // the next double above 20 (ulp(20) = 2^-48)

  it('is ln 2 at 0 and saturates to exactly x', () => {
    expect(softplus.ref.f(0, p)).toBe(Math.LN2);
    expect(softplus.ref.f(1e4, p)).toBe(1e4);
    expect(softplus.ref.f(1e20, p)).toBe(1e20);
    expect(softplus.ref.f(-1e4, p)).toBe(0);
  });

  it('takes the smooth branch at βx = threshold and x above it: a jump of log1p(e^−20)', () => {
    expect(softplus.ref.f(20, p)).toBe(softplusMath(20));
    expect(softplus.ref.f(above, p)).toBe(above);
    expect(relError(softplus.ref.f(20, p) - 20, Math.log1p(Math.exp(-20)))).toBeLessThan(1e-6);
    expect(softplus.ref.dfdx(20, p)).toBe(1 / (1 + Math.exp(-20)));
    expect(softplus.ref.dfdx(above, p)).toBe(1);
    expect(softplus.ref.dfdp[0](above, p)).toBe(0);
    expect(softplus.ref.dfdp[0](20, p)).toBeLessThan(0);
    expect(softplus.kinks(p)).toEqual([20]);
    expect(softplus.kinks([4, 20])).toEqual([5]);
  });

  it('with threshold = Infinity is the exact softplus everywhere', () => {
    for (const x of [-50, -1, 0, 3, 25, 1e4, Infinity]) {
      expect(softplus.ref.f(x, [2, Infinity])).toBe(softplusMath(2 * x) / 2);
    }
    expect(softplus.ref.dfdx(25, [1, Infinity])).toBe(1 / (1 + Math.exp(-25)));
    expect(Math.abs(softplus.ref.dfdp[0](Infinity, [1, Infinity]))).toBe(0);
  });

  it('has ∂f/∂threshold = 0 and declares non-learnable parameters with PyTorch defaults', () => {
    expect(softplus.ref.dfdp[1](3, p)).toBe(0);
    expect(softplus.params.map((s) => [s.name, s.default, s.learnable])).toEqual([
      ['beta', 1, false],
      ['threshold', 20, false],
    ]);
    expect(softplus.lengthScale?.([4, 20])).toBe(0.25);
  });
});

describe('swish', () => {
  it('equals silu at β = 1, value and derivative', () => {
    for (const x of [...linspace(-40, 40, 801), -1e20, 1e20, -Infinity, Infinity]) {
      expect(swish.ref.f(x, [1])).toBe(silu.ref.f(x, []));
      expect(swish.ref.dfdx(x, [1])).toBe(silu.ref.dfdx(x, []));
    }
  });

  it('is x/2 at β = 0, with ∂f/∂x = 1/2 and ∂f/∂β = x²/4 up to ±∞', () => {
    for (const x of [-1e20, -3, 0, 0.5, 7, 1e100]) {
      expect(swish.ref.f(x, [0])).toBe(x / 2);
      expect(swish.ref.dfdx(x, [0])).toBe(0.5);
      expect(relError(swish.ref.dfdp[0](x, [0]), (x * x) / 4)).toBeLessThan(1e-15);
    }
    // Central differences in β at β = 0, where the generic sweep's step is too coarse for |x| ≫ 1.
    for (const x of [-30, -2, 1, 40]) {
      const h = 1e-6;
      const fd = (swish.ref.f(x, [h]) - swish.ref.f(x, [-h])) / (2 * h);
      expect(relError(fd, swish.ref.dfdp[0](x, [0]))).toBeLessThan(1e-8);
    }
    expect(swish.ref.f(Infinity, [0])).toBe(Infinity);
    expect(swish.ref.f(-Infinity, [0])).toBe(-Infinity);
    expect(swish.ref.dfdx(-Infinity, [0])).toBe(0.5);
    expect(swish.ref.dfdp[0](-Infinity, [0])).toBe(Infinity);
    expect(swish.ref.f(NaN, [0])).toBeNaN();
    expect(swish.ref.dfdx(NaN, [0])).toBeNaN();
    expect(swish.ref.dfdp[0](NaN, [0])).toBeNaN();
  });

  it('mirrors for negative β: f(x; −β) = x − f(x; β)', () => {
    for (const x of linspace(-10, 10, 101)) {
      expect(swish.ref.f(x, [-1.5]) + swish.ref.f(x, [1.5]) - x).toBeCloseTo(0, 14);
    }
  });

  it('does not overflow in ∂f/∂β where x² would', () => {
    expect(swish.ref.dfdp[0](1e200, [1])).toBe(0);
    expect(swish.ref.dfdp[0](-1e200, [1e-300])).toBe(Infinity); // the true value, 2.5e399
  });

  it('is a learnable-family entry with a learnable β and length scale 1/|β|', () => {
    expect(swish.family).toBe('learnable');
    expect(swish.params[0]).toMatchObject({ name: 'beta', default: 1, learnable: true, min: -Infinity, max: Infinity });
    expect(swish.lengthScale?.([-4])).toBe(0.25);
    expect(swish.lengthScale?.([0])).toBe(1);
  });
});

describe('gelu and its tanh approximation', () => {
  it('differ by at most 4.8e-4', () => {
    let worst = 0;
    for (const x of linspace(-8, 8, 16_000)) worst = Math.max(worst, Math.abs(gelu.ref.f(x, []) - geluTanh.ref.f(x, [])));
    expect(worst).toBeGreaterThan(4.6e-4);
    expect(worst).toBeLessThan(4.8e-4);
  });

  it('reach 0 (not NaN) at −∞ and x at +∞', () => {
    for (const a of [gelu, geluTanh, silu, mish]) {
      expect(a.ref.f(-Infinity, []), a.name).toBe(0);
      expect(a.ref.dfdx(-Infinity, []), a.name).toBe(0);
      expect(a.ref.f(-1e20, []), a.name).toBe(0);
      expect(a.ref.f(Infinity, []), a.name).toBe(Infinity);
      expect(a.ref.dfdx(Infinity, []), a.name).toBe(1);
      expect(a.ref.f(1e20, []), a.name).toBe(1e20);
    }
  });
});

describe('catalog registration', () => {
  it('finds every entry by its aliases, with silu and swish distinct', () => {
    expect(getElementwise('geluErf')).toBe(gelu);
    expect(getElementwise('gelu_tanh')).toBe(geluTanh);
    expect(getElementwise('SiLU')).toBe(silu);
    expect(getElementwise('swish1')).toBe(silu);
    expect(getElementwise('swish')).toBe(swish);
    expect(getElementwise('Mish')).toBe(mish);
    expect(getElementwise('Softplus')).toBe(softplus);
  });
});
