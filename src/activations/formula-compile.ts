// Compiles formula expressions to plain JavaScript with new Function: float64 scalar references and float32 batched
// kernels whose loops V8 optimises like hand-written ones. Subexpressions shared by f, ∂f/∂x and every ∂f/∂p are
// computed once per element; sigmoid, softplus and tanh' are expanded into their overflow-free forms, which share
// e^(−|u|) with each other.
import type { ElementwiseKernels, Params } from './types.js';
import { key, type Expr, type Test } from './formula-expr.js';
import { erf } from './math.js';

/** A JS literal for v (negative ones parenthesised, so `-(-0.5)` never reads as a decrement). */
function literal(v: number): string {
  return v < 0 || Object.is(v, -0) ? `(${v})` : String(v);
}

const MATH_FUNCTIONS = new Set(['exp', 'log', 'log1p', 'expm1', 'sqrt', 'abs', 'sign', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'atan', 'asinh']);
const JS_COMPARE: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '===', '!=': '!==' };

/** Straight-line code computing expressions into constants t0, t1, …; a subexpression met twice is computed once. */
class Emitter {
  readonly lines: string[] = [];
  private readonly names = new Map<string, string>();

  /** An operand (identifier or literal) that holds e's value once `lines` have run. */
  value(e: Expr): string {
    if (e.kind === 'num') return literal(e.value);
    if (e.kind === 'x') return 'X';
    if (e.kind === 'param') return `P${e.index}`;
    return this.temp(key(e), () => this.code(e));
  }

  private temp(k: string, code: () => string): string {
    let name = this.names.get(k);
    if (name === undefined) {
      const text = code();
      name = `t${this.names.size}`;
      this.lines.push(`const ${name} = ${text};`);
      this.names.set(k, name);
    }
    return name;
  }

  /** e^(−s·|u|), shared by σ(u), σ'(u), softplus(u) (s = 1) and tanh'(u) (s = 2). */
  private decay(u: Expr, scale: 1 | 2): string {
    const U = this.value(u);
    return this.temp(`decay${scale}(${key(u)})`, () => `Math.exp(${scale === 1 ? '-' : '-2 * '}Math.abs(${U}))`);
  }

  private code(e: Expr): string {
    if (e.kind === 'cond') return `${this.test(e.test)} ? ${this.value(e.then)} : ${this.value(e.else)}`;
    if (e.kind !== 'apply') throw new Error(`unexpected ${e.kind}`);
    const [a, b] = e.args;
    const A = this.value(a);
    switch (e.fn) {
      case '+': case '-': case '*': case '/': return `${A} ${e.fn} ${this.value(b)}`;
      case 'neg': return `-${A}`;
      case '^': case 'pow': return this.power(A, b);
      case 'max': case 'min': return `Math.${e.fn}(${A}, ${this.value(b)})`;
      case 'erf': return `erf(${A})`;
      case 'sigmoid': {
        const E = this.decay(a, 1);
        return `${A} >= 0 ? 1 / (1 + ${E}) : ${E} / (1 + ${E})`;
      }
      case 'dsigmoid': {
        const E = this.decay(a, 1);
        return `${E} / ((1 + ${E}) * (1 + ${E}))`;
      }
      case 'xlogy': return `${A} === 0 ? 0 : ${A} * Math.log(${this.value(b)})`;
      case 'softplus': return `(${A} > 0 ? ${A} : 0) + Math.log1p(${this.decay(a, 1)})`;
      case 'dtanh': {
        const T = this.decay(a, 2);
        return `4 * ${T} / ((1 + ${T}) * (1 + ${T}))`;
      }
    }
    if (MATH_FUNCTIONS.has(e.fn)) return `Math.${e.fn}(${A})`;
    throw new Error(`no code for ${e.fn}`);
  }

  /** a^b, with small integer exponents as products (exact and faster than Math.pow). */
  private power(A: string, b: Expr): string {
    if (b.kind === 'num' && b.value === 2) return `${A} * ${A}`;
    if (b.kind === 'num' && b.value === 3) return `${A} * ${A} * ${A}`;
    if (b.kind === 'num' && b.value === -1) return `1 / ${A}`;
    return `Math.pow(${A}, ${this.value(b)})`;
  }

  test(t: Test): string {
    switch (t.kind) {
      case 'compare': return `(${this.value(t.a)} ${JS_COMPARE[t.op]} ${this.value(t.b)})`;
      case 'and': return `(${this.test(t.a)} && ${this.test(t.b)})`;
      case 'or': return `(${this.test(t.a)} || ${this.test(t.b)})`;
      case 'not': return `!${this.test(t.a)}`;
    }
  }
}

/**
 * The result of e, NaN where x is NaN as for every catalog entry: a conditional would otherwise take its else branch
 * for NaN, and an expression without x (∂(k0 + k1·x)/∂x = k1) would not see it.
 */
function result(emitter: Emitter, e: Expr): string {
  return `(X !== X ? X : ${emitter.value(e)})`;
}

function build<T>(source: string): T {
  return new Function('erf', `"use strict";\nreturn ${source}`)(erf) as T;
}

const loadParams = (count: number, from: (j: number) => string) =>
  Array.from({ length: count }, (_, j) => `const P${j} = ${from(j)};`).join(' ');

/** A float64 scalar function (x, p) → e. */
export function compileScalar(e: Expr, paramCount: number): (x: number, p: Params) => number {
  const emitter = new Emitter();
  const r = result(emitter, e);
  return build(`function (X, p) {\n${loadParams(paramCount, (j) => `p[${j}]`)}\n${emitter.lines.join('\n')}\nreturn ${r};\n}`);
}

/** The batched loop over rows of `period` elements: element i uses parameter slot k = i % period. */
function loop(body: string, paramCount: number): string {
  return `for (let row = 0; row < n; row += period) {
  const end = Math.min(period, n - row);
  for (let k = 0; k < end; k++) {
    const i = row + k;
    const X = x[i];
    ${loadParams(paramCount, (j) => `p${j}[k]`)}
    ${body}
  }
}`;
}

/**
 * Float32 kernels computing f, ∂f/∂x and each ∂f/∂p in float64 and rounding once on store, as
 * kernelsFromReference does, from code generated for these expressions (no per-element calls).
 */
export function compileKernels(f: Expr, dfdx: Expr, dfdp: readonly Expr[]): ElementwiseKernels {
  const count = dfdp.length;
  const arrays = Array.from({ length: count }, (_, j) => `const p${j} = p[${j}];`).join(' ');
  const grads = Array.from({ length: count }, (_, j) => `const d${j} = dp === null ? null : dp[${j}];`).join(' ');

  const fe = new Emitter();
  const fy = result(fe, f);
  const forward = `function forward(x, y, p, period, n) {\n${arrays}\n${loop(`${fe.lines.join('\n')}\ny[i] = ${fy};`, count)}\n}`;

  const xOnly = new Emitter();
  const gx = result(xOnly, dfdx);
  const all = new Emitter();
  const gxAll = result(all, dfdx);
  const gp = dfdp.map((d) => result(all, d));
  const accumulate = gp.map((g, j) => `if (d${j} !== null) d${j}[k] += g * ${g};`).join('\n');
  const backward = `function backward(x, dy, dx, p, dp, period, n) {
${arrays}
${grads}
if (${count === 0 ? 'true' : Array.from({ length: count }, (_, j) => `d${j} === null`).join(' && ')}) {
${loop(`${xOnly.lines.join('\n')}\ndx[i] = dy[i] * ${gx};`, count)}
  return;
}
${loop(`${all.lines.join('\n')}\nconst g = dy[i];\ndx[i] = g * ${gxAll};\n// A zero upstream gradient contributes nothing, even where a derivative is infinite.\nif (g !== 0) {\n${accumulate}\n}`, count)}
}`;
  return { forward: build(forward), backward: build(backward) };
}
