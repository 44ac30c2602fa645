// Formula activations: "formula:EXPR;p=VALUE;q=VALUE" as an activation name. mathjs parses EXPR; the derivatives
// with respect to x and every declared parameter are taken symbolically, compiled to plain JavaScript, and checked
// against central differences before the entry is used. Importing this module makes such specs known to
// getActivation (and so to every command, config file and run directory that names an activation).
import { registerSpecResolver, getElementwise } from './catalog.js';
import { compileKernels, compileScalar } from './formula-compile.js';
import { derivative, safeForms } from './formula-derivative.js';
import { print, subtrees, sub, uses, type Expr, type Test } from './formula-expr.js';
import { FORMULA_PREFIX, parseFormulaSpec, type ParsedFormula } from './formula-parse.js';
import { assertGradients } from './gradient-check.js';
import type { ElementwiseActivation, ParamSpec, Params } from './types.js';

export { FORMULA_PREFIX, FormulaError } from './formula-parse.js';

/** The switching function s of each branch point (a kink where s = 0): conditions, abs, sign, max and min. */
function switches(f: Expr): Expr[] {
  const out: Expr[] = [];
  const compared = (t: Test) => (t.kind === 'compare' ? [sub(t.a, t.b)] : []);
  for (const s of subtrees(f)) {
    if (s.kind === 'compare') out.push(...compared(s));
    else if (s.kind === 'apply' && (s.fn === 'abs' || s.fn === 'sign')) out.push(s.args[0]);
    else if (s.kind === 'apply' && (s.fn === 'max' || s.fn === 'min')) out.push(sub(s.args[0], s.args[1]));
  }
  return out.filter((s) => uses(s, 'x'));
}

/**
 * The kinks in x: the roots of switching functions that are affine in x (x > c, 2·x − b < 0, abs(x − c), max(x, c)).
 * Others (x² > 1) are left to the gradient check, which tells a kink from a wrong derivative by one-sided differences.
 */
function kinkFunction(f: Expr, paramCount: number): (p: Params) => number[] {
  const roots = switches(f)
    .map((s) => ({ s, slope: derivative(s, 'x') }))
    .filter(({ slope }) => !uses(slope, 'x'))
    .map(({ s, slope }) => ({ at0: compileScalar(s, paramCount), slope: compileScalar(slope, paramCount) }));
  return (p) => {
    const out = new Set<number>();
    for (const r of roots) {
      const k = -r.at0(0, p) / r.slope(0, p);
      if (Number.isFinite(k)) out.add(k === 0 ? 0 : k);
    }
    return [...out].sort((a, b) => a - b);
  };
}

function paramSpecs(parsed: ParsedFormula): ParamSpec[] {
  return parsed.params.map(({ name, value }) => ({
    name,
    description: `declared in the formula (${name}=${value})`,
    default: value,
    min: -Infinity,
    max: Infinity,
    learnable: true,
    testValues: [value, value / 2, 1.5 * value, value - 1, value + 1],
  }));
}

const HELPERS: Record<string, string> = { dsigmoid: 'dsigmoid = σ′', dtanh: 'dtanh = tanh′', xlogy: 'xlogy(u, v) = u·log(v), 0 where u = 0' };

/** The derived derivatives in words, with the functions only differentiation writes explained. */
function derivativeNotes(names: readonly string[], dfdx: Expr, dfdp: readonly Expr[]): string {
  const lines = [`∂f/∂x = ${print(dfdx)}`, ...dfdp.map((d, j) => `∂f/∂${names[j]} = ${print(d)}`)];
  const used = Object.keys(HELPERS).filter((h) => lines.some((l) => l.includes(`${h}(`)));
  return `Derived symbolically: ${lines.join('; ')}${used.length > 0 ? ` (${used.map((h) => HELPERS[h]).join('; ')})` : ''}.`;
}

/** The catalog entry of a formula spec, compiled but not yet checked or registered. */
export function buildFormulaActivation(spec: string): ElementwiseActivation {
  const parsed = parseFormulaSpec(spec);
  const f = safeForms(parsed.f);
  const count = parsed.params.length;
  const dfdx = derivative(f, 'x');
  const dfdp = parsed.params.map((_, j) => derivative(f, j));
  const periodic = [...subtrees(f)].some((s) => s.kind === 'apply' && ['sin', 'cos', 'tan'].includes(s.fn) && uses(s, 'x'));
  return {
    kind: 'elementwise',
    name: parsed.canonical,
    aliases: [],
    description: 'A formula activation, differentiated symbolically',
    formula: parsed.expression,
    tex: parsed.tex,
    reference: 'user formula',
    family: 'formula',
    params: paramSpecs(parsed),
    notes: derivativeNotes(parsed.params.map((p) => p.name), dfdx, dfdp),
    kinks: kinkFunction(f, count),
    ...(uses(dfdx, 'x') ? {} : { affine: true as const }),
    ...(periodic ? { noLimitAtInfinity: true } : {}),
    ref: { f: compileScalar(f, count), dfdx: compileScalar(dfdx, count), dfdp: dfdp.map((d) => compileScalar(d, count)) },
    kernels: compileKernels(f, dfdx, dfdp),
  };
}

/** Entries built so far, by canonical spec: two spellings of one formula share an entry. */
const built = new Map<string, ElementwiseActivation>();

/** Builds and gradient-checks the entry of a formula spec (once per canonical spec). */
function resolveFormula(spec: string): ElementwiseActivation {
  const { canonical } = parseFormulaSpec(spec);
  let entry = built.get(canonical);
  if (entry === undefined) {
    entry = buildFormulaActivation(canonical);
    assertGradients(entry);
    built.set(canonical, entry);
  }
  return entry;
}

registerSpecResolver(FORMULA_PREFIX, resolveFormula);

/**
 * The activation of a formula ("x*sigmoid(b*x);b=1", the "formula:" prefix optional), registered for the rest of
 * the process under its canonical spec after its derived derivatives pass the gradient check.
 */
export function formulaActivation(text: string): ElementwiseActivation {
  const spec = text.trim().toLowerCase().startsWith(FORMULA_PREFIX) ? text.trim() : `${FORMULA_PREFIX}${text.trim()}`;
  return getElementwise(spec);
}
