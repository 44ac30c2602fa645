// Every catalog entry carries its formula as TeX, and KaTeX (what the explorer's catalog page typesets with) renders
// it without an error; formula activations carry mathjs's TeX of their expression.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { activations } from './catalog.js';
import { buildFormulaActivation } from './formula.js';
import { defineActivation } from './user.js';

/** KaTeX's HTML for `tex`, throwing on anything it cannot parse (unknown macros, unbalanced braces, ...). */
const render = (tex: string) => katex.renderToString(tex, { throwOnError: true, strict: 'error', displayMode: true });

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'theta', 'kappa', 'lambda', 'mu', 'nu', 'rho', 'sigma', 'tau', 'phi', 'omega']);

/**
 * How TeX may write a parameter: its name, or split into a symbol (a Greek letter by its macro) and a subscript:
 * omega0 as \omega_0, k1 as k_{1}, tr as t_r; a member of a group (a1, a2, …) also as the indexed a_ of a sum.
 */
function spellings(name: string): string[] {
  const out = [name];
  for (let k = 1; k < name.length; k++) {
    const [head, tail] = [name.slice(0, k), name.slice(k)];
    const symbol = GREEK.has(head) ? `\\${head}` : head;
    out.push(`${symbol}_${tail}`, `${symbol}_{${tail}}`, `${symbol}_{\\mathrm{${tail.toLowerCase()}}}`);
    if (/^\d+$/.test(tail)) out.push(`${symbol}_`);
  }
  if (GREEK.has(name)) out.push(`\\${name}`);
  return out;
}

describe('TeX of the formulas', () => {
  it.each(activations.map((a) => [a.name, a] as const))('%s has TeX that KaTeX renders', (_name, a) => {
    expect(a.tex, `${a.name} has no tex`).toBeTypeOf('string');
    expect(render(a.tex!)).toContain('katex-display');
  });

  it('names each parameter of an entry in its TeX (by its name or its symbol)', () => {
    for (const a of activations) {
      for (const p of a.params) expect(spellings(p.name).some((w) => a.tex!.includes(w)), `${a.name}.${p.name} in ${a.tex}`).toBe(true);
    }
  });

  it('gives each entry its own TeX', () => {
    const texs = activations.map((a) => a.tex);
    expect(new Set(texs).size).toBe(texs.length);
  });

  it('renders a formula activation from its mathjs expression', () => {
    const a = buildFormulaActivation('formula:x*sigmoid(b*x) + (x > 0 ? x^2 : 0);b=1');
    expect(a.tex).toMatch(/\\mathrm\{sigmoid\}|sigmoid/);
    expect(render(a.tex!)).toContain('katex-display');
  });

  it('keeps the TeX a user definition gives', () => {
    const a = defineActivation({ name: 'texTestSquare', f: (x) => x * x, dfdx: (x) => 2 * x, tex: 'x^2' });
    expect(a.tex).toBe('x^2');
  });

  it('knows the ways TeX writes a parameter', () => {
    expect(spellings('omega0')).toContain('\\omega_0');
    expect(spellings('k1')).toEqual(expect.arrayContaining(['k1', 'k_1', 'k_{1}', 'k_']));
    expect(spellings('alpha')).toContain('\\alpha');
    expect(spellings('tr')).toContain('t_r');
    expect(spellings('tLeft')).toContain('t_{\\mathrm{left}}');
    expect(spellings('slope')).not.toContain('s_');
  });

  it('refuses TeX that KaTeX cannot render (the check can fail)', () => {
    expect(() => render('\\frac{1}{')).toThrow();
    expect(() => render('\\nosuchmacro{x}')).toThrow();
  });
});
