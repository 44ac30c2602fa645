// Formula activations: what a formula may be and the errors (with columns) when it is not, the derived derivatives
// against central differences and against the catalog entries computing the same functions, safe forms,
// conditionals, kinks, the affine flag, the float32 kernels, and registration under the canonical spec.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { getActivation, getElementwise, listActivations, parseActivationSpec } from './catalog.js';
import { buildFormulaActivation, formulaActivation, FormulaError } from './formula.js';
import { FUNCTIONS, print, type Expr } from './formula-expr.js';
import { checkGradients, GradientCheckError } from './gradient-check.js';
import { linspace } from './math.js';
import { checkKernels } from './testing.js';
import type { ElementwiseActivation } from './types.js';

const defaults = (a: ElementwiseActivation) => a.params.map((s) => s.default);

/** Expects spec to be refused as bad input, at `column`, with a message matching `pattern`. */
function expectRefused(spec: string, column: number, pattern: RegExp) {
  let error: unknown;
  try {
    buildFormulaActivation(spec);
  } catch (e) {
    error = e;
  }
  expect(error, spec).toBeInstanceOf(FormulaError);
  expect((error as UsageError).exitCode).toBe(2);
  const message = (error as Error).message;
  expect(message, spec).toMatch(new RegExp(`column ${column}: `));
  expect((error as FormulaError).column, spec).toBe(column);
  expect(message, spec).toMatch(pattern);
  // The caret stands under the column.
  const [, specLine, caretLine] = message.split('\n');
  expect(specLine).toBe(`  ${spec}`);
  expect(caretLine.indexOf('^')).toBe(column + 1);
}

describe('formula specs refused with the column', () => {
  it.each([
    ['formula:x*(sigmoid(b*x);b=1', 24, /syntax error: Parenthesis \) expected/],
    ['formula:x +;b=1', 12, /syntax error/],
    ['formula:x*sigmod(b*x);b=1', 11, /unknown function 'sigmod'; functions: exp, log/],
    ['formula:x*sigmoid(c*x);b=1', 19, /unknown symbol 'c' \(x is the input; declared: b; declare one after the expression as ;c=VALUE\)/],
    ['formula:x*sigmoid(b*x);b=1;b=2', 28, /parameter 'b' is declared twice \(first at column 24\)/],
    ['formula:x*sigmoid(2*x);b=1', 24, /parameter 'b' is declared but never used/],
    ['formula:k0*2;k0=1', 9, /does not use x/],
    ['formula:x*sigmoid(b*x);b=abc', 26, /b = 'abc' is not a finite number/],
    ['formula:x*sigmoid(b*x);b=', 26, /b = '' is not a finite number/],
    ['formula:x*sigmoid(b*x);b=1e999', 26, /not a finite number/],
    ['formula:x*sigmoid(b*x);b', 24, /'b' is not a parameter declaration of the form name=value/],
    ['formula:x*b;2b=1', 13, /'2b' is not a parameter name/],
    ['formula:x*exp;exp=1', 15, /'exp' is a constant, function or keyword/],
    ['formula:x;x=1', 11, /x is the input, not a parameter/],
    ['formula:x @ 2', 11, /'@' is not allowed/],
    ['formula:[x, 1]', 9, /'\[' is not allowed/],
    ['formula:max(x)', 9, /max takes 2 arguments or more, got 1/],
    ['formula:sigmoid(x, 2)', 9, /sigmoid takes 1 argument, got 2/],
    ['formula:(x > 0) * x', 12, /'>' gives a condition: use it as the condition of a conditional/],
    ['formula:x > 0', 11, /'>' gives a condition/],
    ['formula:x = 1', 11, /assignment .* is not supported/],
    ['formula:x mod 2', 11, /the operator 'mod' is not supported/],
    ['formula:x*b(x);b=1', 11, /'b' is not a function \(write b\*\(\.\.\.\) to multiply\)/],
    ['formula:x*exp', 11, /'exp' is a function: call it/],
    ['formula:x ? 1 : 0', 11, /the condition 'x' is not a comparison/],
    ['formula:1e999*x', 9, /overflows to Infinity/],
    ['formula:', 9, /the expression is empty/],
  ])('%s', (spec, column, pattern) => expectRefused(spec, column, pattern));
});

/** Formulas for every function and construct, at parameter values where they are defined on most of the axis. */
const EXAMPLES = [
  'formula:k0 + k1*x;k0=0.5;k1=1',
  'formula:x*sigmoid(b*x);b=1',
  'formula:x > 0 ? x : a*(exp(x)-1);a=1',
  'formula:softplus(b*x)/b;b=2',
  'formula:x*(1+erf(x/sqrt(2)))/2',
  'formula:max(x, 0) + c*min(x, 0);c=0.1',
  'formula:abs(x - c)^p;c=0.5;p=1.5',
  'formula:log(1 + exp(x)) - log(2)',
  'formula:log1p(x^2) + expm1(-x^2)',
  'formula:sqrt(x^2 + c);c=1',
  'formula:sin(w*x) + cos(x)/2 + tanh(x) + atan(x) + asinh(x);w=2',
  'formula:sign(x)*log1p(abs(x)) + sinh(x/30) + cosh(x/40) + tan(x/40)',
  'formula:pow(abs(x) + 1, a) + exp(-x^2/2);a=0.5',
  'formula:x < -1 or x > 1 ? x : (not (x == 0) ? x^3 : 0)',
  'formula:-1 <= x < 1 ? x^2 : x',
];

describe.each(EXAMPLES)('%s', (spec) => {
  const a = buildFormulaActivation(spec);

  it('has derived derivatives that pass the gradient check, with no NaN where f is finite', () => {
    const r = checkGradients(a);
    for (const d of r.derivatives) {
      expect(d.nan, d.variable).toBe(0);
      expect(d.checked, d.variable).toBeGreaterThan(3900);
      expect(d.maxRelError, `${d.variable}: ${JSON.stringify(d.worst)}`).toBeLessThan(1e-6);
    }
    expect(r.passed).toBe(true);
  });

  it('has float32 kernels that match the reference, shared per layer and per slot', () => {
    const p = defaults(a);
    const xs = linspace(-20, 20, 9_999);
    for (const slots of [[p], Array.from({ length: 7 }, (_, k) => p.map((v) => v + 0.05 * k))]) {
      const r = checkKernels(a, slots, xs);
      expect(r.maxValueError, r.worst).toBeLessThan(1e-5);
      expect(r.maxDerivativeError, r.worst).toBeLessThan(2e-3);
    }
  });

  it('gives NaN for NaN, conditionals included', () => {
    const p = defaults(a);
    expect(a.ref.f(NaN, p)).toBeNaN();
    expect(a.ref.dfdx(NaN, p)).toBeNaN();
  });
});

describe('formulas of catalog functions', () => {
  const xs = [...linspace(-30, 30, 600), 1e-9, -1e-9];
  it.each([
    ['formula:x*sigmoid(b*x);b=1', 'swish', [1]],
    ['formula:x*sigmoid(b*x);b=-0.7', 'swish', [-0.7]],
    ['formula:x > 0 ? x : alpha*(exp(x) - 1);alpha=1.3', 'elu', [1.3]],
    ['formula:x > 0 ? x : a*x;a=0.25', 'prelu', [0.25]],
    ['formula:x*(1 + erf(x/sqrt(2)))/2', 'gelu', []],
    ['formula:k0 + k1*x;k0=0.5;k1=1', 'learnableLinear', [0.5, 1]],
  ])('%s computes %s, its ∂f/∂x and ∂f/∂p to rounding', (spec, name, p) => {
    const a = buildFormulaActivation(spec);
    const b = getElementwise(name);
    const close = (got: number, want: number, what: string) =>
      expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
    for (const x of xs) {
      close(a.ref.f(x, p), b.ref.f(x, p), `f(${x})`);
      close(a.ref.dfdx(x, p), b.ref.dfdx(x, p), `dfdx(${x})`);
      b.ref.dfdp.forEach((d, j) => close(a.ref.dfdp[j](x, p), d(x, p), `dfdp${j}(${x})`));
    }
  });

  it('covers every function a formula may call', () => {
    const called = EXAMPLES.join(' ');
    for (const fn of Object.keys(FUNCTIONS)) expect(called, fn).toMatch(new RegExp(`\\b${fn}\\(`));
  });
});

describe('numerically safe forms', () => {
  it('rewrites the forms that overflow or cancel', () => {
    const softplus = buildFormulaActivation('formula:log(1 + exp(x))');
    expect(softplus.ref.f(1000, [])).toBe(1000);
    expect(softplus.ref.dfdx(-1000, [])).toBe(0);
    const logistic = buildFormulaActivation('formula:x/(1 + exp(-x))');
    expect(logistic.ref.f(-800, [])).toBe(-0);
    expect(logistic.ref.dfdx(-800, [])).not.toBeNaN();
    expect(buildFormulaActivation('formula:exp(x)/(1 + exp(x))').ref.f(800, [])).toBe(1);
    // log(1 + x) at 1e-12 is 1e-12·(1 − 1e-12/2); the naive form keeps only 4 digits.
    expect(buildFormulaActivation('formula:log(1 + x)').ref.f(1e-12, [])).toBeCloseTo(1e-12 - 5e-25, 36);
    expect(buildFormulaActivation('formula:exp(x) - 1').ref.f(1e-12, [])).toBeCloseTo(1e-12 + 5e-25, 36);
    expect(buildFormulaActivation('formula:-1 + exp(x)').notes).toMatch(/∂f\/∂x = exp\(x\)/);
  });

  it('takes the derivative of the branch taken only: no NaN from the other one', () => {
    const a = buildFormulaActivation('formula:x > 0 ? log(x) : 0');
    expect(a.ref.f(-2, [])).toBe(0);
    expect(a.ref.dfdx(-2, [])).toBe(0);
    expect(a.ref.dfdx(2, [])).toBe(0.5);
    const y = new Float32Array(2);
    const dx = new Float32Array(2);
    a.kernels.forward(Float32Array.of(-2, 2), y, [], 1, 2);
    a.kernels.backward(Float32Array.of(-2, 2), Float32Array.of(1, 1), dx, [], null, 1, 2);
    expect(Array.from(y)).toEqual([0, Math.fround(Math.log(2))]);
    expect(Array.from(dx)).toEqual([0, 0.5]);
  });

  it('gives ∂/∂p of |u|^p as 0 where u = 0, not 0·(−∞)', () => {
    const a = buildFormulaActivation('formula:abs(x - c)^p;c=0.5;p=1.5');
    expect(a.ref.dfdp[1](0.5, [0.5, 1.5])).toBe(0);
  });

  it("refuses a formula whose derived derivative is NaN where f is finite, naming the point", () => {
    expect(() => getActivation('formula:sqrt(x^2)')).toThrow(GradientCheckError);
    expect(() => getActivation('formula:sqrt(x^2)')).toThrow(/formula:sqrt\(x\^2\): ∂f\/∂x is NaN at x = 0, where f = 0/);
  });
});

describe('kinks and the affine flag', () => {
  it.each([
    ['formula:x > c ? x : 0;c=1', [1]],
    ['formula:2*x - b < 0 ? 0 : x;b=3', [1.5]],
    ['formula:abs(x - c) + max(x, 0) + min(x, -1);c=0.5', [-1, 0, 0.5]],
    ['formula:x^2 > 1 ? x : 0', []],
    ['formula:x*sigmoid(b*x);b=1', []],
  ])('%s has kinks at %j', (spec, kinks) => {
    const a = buildFormulaActivation(spec);
    expect(a.kinks(defaults(a))).toEqual(kinks);
    expect(checkGradients(a).passed).toBe(true);
  });

  it('moves kinks with the parameters', () => {
    const a = buildFormulaActivation('formula:x > c ? x : 0;c=1');
    expect(a.kinks([-2])).toEqual([-2]);
  });

  it('marks formulas affine in x, so the trainer can warn of a linear network', () => {
    expect(buildFormulaActivation('formula:k0 + k1*x;k0=0.5;k1=1').affine).toBe(true);
    expect(buildFormulaActivation('formula:2*x + sin(b);b=1').affine).toBe(true);
    expect(buildFormulaActivation('formula:x*sigmoid(b*x);b=1').affine).toBeUndefined();
    expect(buildFormulaActivation('formula:x > 0 ? x : 0.1*x').affine).toBeUndefined();
  });
});

describe('registration', () => {
  it('is known by its canonical spec, from any spelling, once', () => {
    const a = getActivation('formula:  x * sigmoid(beta*x) ; beta = 1.0 ');
    expect(a.name).toBe('formula:x * sigmoid(beta*x);beta=1');
    expect(getActivation('formula:x * sigmoid(beta*x);beta=1')).toBe(a);
    expect(formulaActivation('x * sigmoid(beta*x);beta=1')).toBe(a);
    expect(listActivations().filter((b) => b === a)).toHaveLength(1);
  });

  it('parses as an activation spec, its declared values the defaults, every parameter learnable on (−∞, ∞)', () => {
    const { activation, params } = parseActivationSpec('formula:k0 + k1*x;k0=0.5;k1=-2');
    expect(params).toEqual([0.5, -2]);
    expect(activation.params.map((s) => [s.name, s.learnable, s.min, s.max])).toEqual([
      ['k0', true, -Infinity, Infinity],
      ['k1', true, -Infinity, Infinity],
    ]);
  });
});

describe('printing derived expressions', () => {
  const x: Expr = { kind: 'x' };
  const n = (value: number): Expr => ({ kind: 'num', value });
  const op = (fn: '-' | '/' | '^' | 'neg', ...args: Expr[]): Expr => ({ kind: 'apply', fn, args });

  it('parenthesises by precedence and associativity, so the text reads back as the same expression', () => {
    expect(print(op('-', op('-', x, n(1)), op('-', x, n(2))))).toBe('x - 1 - (x - 2)');
    expect(print(op('/', x, op('/', x, n(2))))).toBe('x / (x / 2)');
    expect(print(op('^', op('neg', x), n(-1)))).toBe('(-x) ^ (-1)');
    expect(print(op('neg', op('^', x, n(2))))).toBe('-x ^ 2');
    expect(print(op('^', op('^', x, n(2)), n(3)))).toBe('(x ^ 2) ^ 3');
  });

  it('shows the derived derivatives in the notes', () => {
    expect(buildFormulaActivation('formula:x*sigmoid(b*x);b=1').notes).toBe(
      'Derived symbolically: ∂f/∂x = sigmoid(b * x) + x * dsigmoid(b * x) * b; ∂f/∂b = x * dsigmoid(b * x) * x (dsigmoid = σ′).',
    );
  });
});
