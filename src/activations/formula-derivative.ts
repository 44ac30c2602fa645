// Symbolic derivatives of formula expressions, and the rewrites that put a formula into numerically safe forms
// first. Rules are written here rather than taken from mathjs's derivative, which has no rule for sigmoid, softplus,
// erf, log1p, expm1, max, min or conditionals and differentiates abs(u) as abs(u)/u (NaN at 0).
import {
  add, call, cond, div, key, mul, neg, num, pow, sub, uses,
  type Expr, type Fn, type Test,
} from './formula-expr.js';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The variable to differentiate by: x, or parameter j. */
export type Variable = 'x' | number;

const isApply = (e: Expr, fn: Fn): e is { kind: 'apply'; fn: Fn; args: Expr[] } => e.kind === 'apply' && e.fn === fn;
const isOne = (e: Expr) => e.kind === 'num' && e.value === 1;

/** The other addend of `1 + u` or `u + 1`, else null. */
function onePlus(e: Expr): Expr | null {
  if (!isApply(e, '+')) return null;
  const [a, b] = e.args;
  return isOne(a) ? b : isOne(b) ? a : null;
}

/**
 * Rewrites the forms that lose accuracy or overflow into their safe equivalents, bottom-up:
 * log(1 + u) → log1p(u), log1p(exp(u)) → softplus(u), exp(u) − 1 → expm1(u),
 * exp(u)/(1 + exp(u)) → sigmoid(u), a/(1 + exp(u)) → a·sigmoid(−u).
 */
export function safeForms(e: Expr): Expr {
  if (e.kind === 'cond') return cond(e.test, safeForms(e.then), safeForms(e.else));
  if (e.kind !== 'apply') return e;
  const args = e.args.map(safeForms);
  const [a, b] = args;
  switch (e.fn) {
    case 'log': {
      const u = onePlus(a);
      return u === null ? call('log', a) : safeForms(call('log1p', u));
    }
    case 'log1p':
      return isApply(a, 'exp') ? call('softplus', a.args[0]) : call('log1p', a);
    case '-':
      return isApply(a, 'exp') && isOne(b) ? call('expm1', a.args[0]) : sub(a, b);
    case '+': {
      const [expTerm, other] = isApply(a, 'exp') ? [a, b] : [b, a];
      return isApply(expTerm, 'exp') && other.kind === 'num' && other.value === -1 ? call('expm1', expTerm.args[0]) : add(a, b);
    }
    case '/': {
      const u = onePlus(b);
      if (u === null || !isApply(u, 'exp')) return div(a, b);
      const v = u.args[0];
      if (isApply(a, 'exp') && key(a.args[0]) === key(v)) return call('sigmoid', v);
      return mul(a, call('sigmoid', neg(v)));
    }
    default:
      return rebuild(e.fn, args);
  }
}

/** fn applied to args through the folding constructors. */
function rebuild(fn: Fn, args: Expr[]): Expr {
  const [a, b] = args;
  switch (fn) {
    case '+': return add(a, b);
    case '-': return sub(a, b);
    case '*': return mul(a, b);
    case '/': return div(a, b);
    case '^': return pow(a, b);
    case 'neg': return neg(a);
    default: return call(fn, ...args);
  }
}

/** ∂e/∂v. Subtrees that do not depend on v differentiate to 0 without being visited. */
export function derivative(e: Expr, v: Variable): Expr {
  const memo = new Map<string, Expr>();
  const d = (u: Expr): Expr => {
    if (!uses(u, v)) return num(0);
    const k = key(u);
    let out = memo.get(k);
    if (out === undefined) {
      out = rule(u, d);
      memo.set(k, out);
    }
    return out;
  };
  return d(e);
}

/** One differentiation rule; `d` differentiates the operands. Kinks take the conventions in the README. */
function rule(e: Expr, d: (u: Expr) => Expr): Expr {
  if (e.kind === 'num' || e.kind === 'param') return num(e.kind === 'param' ? 1 : 0);
  if (e.kind === 'x') return num(1);
  if (e.kind === 'cond') return cond(e.test, d(e.then), d(e.else));
  const [a, b] = e.args;
  const da = () => d(a);
  switch (e.fn) {
    case '+': return add(da(), d(b));
    case '-': return sub(da(), d(b));
    case 'neg': return neg(da());
    case '*': return add(mul(da(), b), mul(a, d(b)));
    // (a/b)' = (a' − (a/b)·b')/b: no b², which overflows long before b does.
    case '/': return div(sub(da(), mul(e, d(b))), b);
    case '^': case 'pow': return powerRule(e, a, b, d);
    case 'exp': return mul(e, da());
    case 'expm1': return mul(call('exp', a), da());
    case 'log': return div(da(), a);
    case 'log1p': return div(da(), add(num(1), a));
    case 'sqrt': return div(da(), mul(num(2), e));
    // abs'(0) = sign(0) = 0, as relu'(0).
    case 'abs': return mul(call('sign', a), da());
    case 'sign': return num(0);
    case 'sin': return mul(call('cos', a), da());
    case 'cos': return neg(mul(call('sin', a), da()));
    case 'tan': return div(da(), pow(call('cos', a), num(2)));
    case 'tanh': return mul(call('dtanh', a), da());
    case 'sinh': return mul(call('cosh', a), da());
    case 'cosh': return mul(call('sinh', a), da());
    case 'atan': return div(da(), add(num(1), pow(a, num(2))));
    case 'asinh': return div(da(), call('sqrt', add(pow(a, num(2)), num(1))));
    case 'sigmoid': return mul(call('dsigmoid', a), da());
    case 'softplus': return mul(call('sigmoid', a), da());
    case 'erf': return mul(mul(num(TWO_OVER_SQRT_PI), call('exp', neg(pow(a, num(2))))), da());
    // At a tie the second argument's derivative: max(x, 0)' = 0 at 0, as relu'(0).
    case 'max': return cond(compare('>', a, b), da(), d(b));
    case 'min': return cond(compare('<', a, b), da(), d(b));
    // σ'' = σ'·(σ(−u) − σ(u)); tanh'' = −2·tanh·tanh'.
    case 'dsigmoid': return mul(mul(e, sub(call('sigmoid', neg(a)), call('sigmoid', a))), da());
    case 'dtanh': return mul(mul(num(-2), mul(call('tanh', a), e)), da());
    case 'xlogy': return add(call('xlogy', da(), b), div(mul(a, d(b)), b));
  }
}

function compare(op: '>' | '<', a: Expr, b: Expr): Test {
  return { kind: 'compare', op, a, b };
}

/**
 * (a^b)' = a^b·log(a)·b' + b·a^(b−1)·a', each term only where its variable occurs; the first is written xlogy(a^b·b', a),
 * which is 0 where a^b is (a = 0 with b > 0: |x − c|^p has ∂/∂p = 0 at x = c, not 0·(−∞)).
 */
function powerRule(e: Expr, a: Expr, b: Expr, d: (u: Expr) => Expr): Expr {
  const db = d(b);
  const da = d(a);
  const exponentTerm = db.kind === 'num' && db.value === 0 ? num(0) : call('xlogy', mul(e, db), a);
  const baseTerm = da.kind === 'num' && da.value === 0 ? num(0) : mul(mul(b, pow(a, sub(b, num(1)))), da);
  return add(exponentTerm, baseTerm);
}
