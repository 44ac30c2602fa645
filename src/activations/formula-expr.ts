// The expression tree of formula activations: numbers, x, the declared parameters, operators, functions and
// conditionals. Its constructors fold the trivial cases (x + 0, 1·u, 0·u, constants), so derivatives stay small
// without a general simplifier.

/** A numeric expression. `param` indexes the declared parameters in declaration order. */
export type Expr =
  | { kind: 'num'; value: number; name?: 'pi' | 'e' }
  | { kind: 'x' }
  | { kind: 'param'; index: number; name: string }
  | { kind: 'apply'; fn: Fn; args: Expr[] }
  | { kind: 'cond'; test: Test; then: Expr; else: Expr };

/** A condition: comparisons joined by and, or, not. */
export type Test =
  | { kind: 'compare'; op: CompareOp; a: Expr; b: Expr }
  | { kind: 'and' | 'or'; a: Test; b: Test }
  | { kind: 'not'; a: Test };

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** Functions a formula may call, with their arity. */
export const FUNCTIONS = {
  exp: 1, log: 1, log1p: 1, expm1: 1, sqrt: 1, abs: 1, sign: 1,
  sin: 1, cos: 1, tan: 1, tanh: 1, sinh: 1, cosh: 1, atan: 1, asinh: 1,
  sigmoid: 1, softplus: 1, erf: 1, max: 2, min: 2, pow: 2,
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

/**
 * Operators, the user's functions, and what only differentiation writes: σ'(u), tanh'(u), and xlogy(u, v) = u·log(v),
 * which is 0 where u is 0 (the limit in (a^b)' = a^b·log(a)·b' as a → 0).
 */
export type Fn = '+' | '-' | '*' | '/' | '^' | 'neg' | FunctionName | 'dsigmoid' | 'dtanh' | 'xlogy';

/** Functions of numbers that fold when every argument is a number (the rest stay for the compiled code). */
const FOLDABLE: Partial<Record<Fn, (...v: number[]) => number>> = {
  exp: Math.exp, log: Math.log, log1p: Math.log1p, expm1: Math.expm1, sqrt: Math.sqrt, abs: Math.abs, sign: Math.sign,
  sin: Math.sin, cos: Math.cos, tan: Math.tan, tanh: Math.tanh, sinh: Math.sinh, cosh: Math.cosh, atan: Math.atan,
  asinh: Math.asinh, max: Math.max, min: Math.min,
};

export const num = (value: number): Expr => ({ kind: 'num', value });
export const X: Expr = { kind: 'x' };
const ZERO = num(0);
const ONE = num(1);

const isNum = (e: Expr): e is { kind: 'num'; value: number } => e.kind === 'num';
/** Whether e is the number v (not a type guard: failing it says nothing about e's kind). */
const is = (e: Expr, v: number): boolean => e.kind === 'num' && e.value === v;

export function add(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(a.value + b.value);
  if (is(a, 0)) return b;
  if (is(b, 0)) return a;
  if (b.kind === 'apply' && b.fn === 'neg') return sub(a, b.args[0]);
  return { kind: 'apply', fn: '+', args: [a, b] };
}

export function sub(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(a.value - b.value);
  if (is(b, 0)) return a;
  if (is(a, 0)) return neg(b);
  return { kind: 'apply', fn: '-', args: [a, b] };
}

export function neg(a: Expr): Expr {
  if (isNum(a)) return num(-a.value);
  if (a.kind === 'apply' && a.fn === 'neg') return a.args[0];
  return { kind: 'apply', fn: 'neg', args: [a] };
}

/** a·b; 0·u is 0 (a term whose factor is identically 0 contributes nothing, even where u overflows). */
export function mul(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(a.value * b.value);
  if (is(a, 0) || is(b, 0)) return ZERO;
  if (is(a, 1)) return b;
  if (is(b, 1)) return a;
  if (is(a, -1)) return neg(b);
  if (is(b, -1)) return neg(a);
  // Constants to the front, so 2·(3·u) folds to 6·u.
  if (isNum(b)) return mul(b, a);
  if (isNum(a) && b.kind === 'apply' && b.fn === '*' && isNum(b.args[0])) return mul(num(a.value * b.args[0].value), b.args[1]);
  if (a.kind === 'apply' && a.fn === 'neg') return neg(mul(a.args[0], b));
  if (b.kind === 'apply' && b.fn === 'neg') return neg(mul(a, b.args[0]));
  return { kind: 'apply', fn: '*', args: [a, b] };
}

export function div(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b) && b.value !== 0) return num(a.value / b.value);
  if (is(a, 0)) return ZERO;
  if (is(b, 1)) return a;
  // (u·b)/b = u, as written by the quotient and chain rules (softplus(b·x)/b differentiates to σ(b·x)·b/b).
  if (a.kind === 'apply' && a.fn === '*' && key(a.args[1]) === key(b)) return a.args[0];
  return { kind: 'apply', fn: '/', args: [a, b] };
}

export function pow(a: Expr, b: Expr): Expr {
  if (is(b, 1)) return a;
  if (is(b, 0)) return ONE;
  if (isNum(a) && isNum(b)) return num(a.value ** b.value);
  return { kind: 'apply', fn: '^', args: [a, b] };
}

export function call(fn: Fn, ...args: Expr[]): Expr {
  const fold = FOLDABLE[fn];
  if (fold !== undefined && args.every(isNum)) {
    const value = fold(...args.map((a) => (a as { value: number }).value));
    if (Number.isFinite(value)) return num(value);
  }
  return { kind: 'apply', fn, args };
}

/** `test ? a : b`; a conditional whose branches agree is the branch. */
export function cond(test: Test, a: Expr, b: Expr): Expr {
  if (key(a) === key(b)) return a;
  return { kind: 'cond', test, then: a, else: b };
}

const keys = new WeakMap<object, string>();

/** A string that two structurally equal trees share: for common subexpressions and equality. */
export function key(e: Expr | Test): string {
  let k = keys.get(e);
  if (k !== undefined) return k;
  switch (e.kind) {
    case 'num': k = `#${e.value}`; break;
    case 'x': k = 'x'; break;
    case 'param': k = `p${e.index}`; break;
    case 'apply': k = `${e.fn}(${e.args.map(key).join(',')})`; break;
    case 'cond': k = `?(${key(e.test)},${key(e.then)},${key(e.else)})`; break;
    case 'compare': k = `${e.op}(${key(e.a)},${key(e.b)})`; break;
    case 'and': case 'or': k = `${e.kind}(${key(e.a)},${key(e.b)})`; break;
    case 'not': k = `!(${key(e.a)})`; break;
  }
  keys.set(e, k);
  return k;
}

/** Whether e depends on x (variable 'x') or on parameter j (variable j). */
export function uses(e: Expr | Test, variable: 'x' | number): boolean {
  switch (e.kind) {
    case 'num': return false;
    case 'x': return variable === 'x';
    case 'param': return variable === e.index;
    case 'apply': return e.args.some((a) => uses(a, variable));
    case 'cond': return uses(e.test, variable) || uses(e.then, variable) || uses(e.else, variable);
    case 'compare': case 'and': case 'or': return uses(e.a, variable) || ('b' in e && uses(e.b, variable));
    case 'not': return uses(e.a, variable);
  }
}

/** Every subtree of e (tests included), parents before children. */
export function* subtrees(e: Expr | Test): Generator<Expr | Test> {
  yield e;
  switch (e.kind) {
    case 'apply': for (const a of e.args) yield* subtrees(a); break;
    case 'cond': yield* subtrees(e.test); yield* subtrees(e.then); yield* subtrees(e.else); break;
    case 'compare': case 'and': case 'or': yield* subtrees(e.a); yield* subtrees(e.b); break;
    case 'not': yield* subtrees(e.a); break;
  }
}

const PRECEDENCE: Partial<Record<Fn, number>> = { '+': 1, '-': 1, '*': 2, '/': 2, neg: 3, '^': 4 };

/** Plain text of e with the parentheses precedence needs: "x * sigmoid(b * x)". */
export function print(e: Expr | Test, outer = 0): string {
  const wrap = (text: string, level: number) => (level < outer ? `(${text})` : text);
  switch (e.kind) {
    case 'num': return e.name ?? (e.value < 0 ? wrap(String(e.value), 3) : String(e.value));
    case 'x': return 'x';
    case 'param': return e.name;
    case 'cond': return wrap(`${print(e.test, 1)} ? ${print(e.then, 1)} : ${print(e.else, 1)}`, 0);
    case 'compare': return wrap(`${print(e.a, 1)} ${e.op} ${print(e.b, 1)}`, 0.5);
    case 'and': case 'or': return wrap(`${print(e.a, 0.5)} ${e.kind} ${print(e.b, 0.5)}`, 0.25);
    case 'not': return `not (${print(e.a)})`;
    case 'apply': {
      const level = PRECEDENCE[e.fn];
      if (level === undefined) return `${e.fn}(${e.args.map((a) => print(a)).join(', ')})`;
      if (e.fn === 'neg') return wrap(`-${print(e.args[0], 3)}`, 3);
      // Left-associative: the right operand of − and / needs parentheses at equal precedence; ^ is right-associative.
      const [a, b] = e.args;
      const right = e.fn === '-' || e.fn === '/' ? level + 0.5 : level;
      const left = e.fn === '^' ? level + 0.5 : level;
      return wrap(`${print(a, left)} ${e.fn} ${print(b, right)}`, level);
    }
  }
}
