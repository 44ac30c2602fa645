// Every catalog entry carries its formula as TeX, and KaTeX (what the explorer's catalog page typesets with) renders
// it without an error; formula activations carry mathjs's TeX of their expression.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { activations } from './catalog.js';
import { buildFormulaActivation } from './formula.js';
import { defineActivation } from './user.js';

/** KaTeX's HTML for `tex`, throwing on anything it cannot parse (unknown macros, unbalanced braces, ...). */
const render = (tex: string) => katex.renderToString(tex, { throwOnError: true, strict: 'error', displayMode: true });

describe('TeX of the formulas', () => {
  it.each(activations.map((a) => [a.name, a] as const))('%s has TeX that KaTeX renders', (_name, a) => {
    expect(a.tex, `${a.name} has no tex`).toBeTypeOf('string');
    expect(render(a.tex!)).toContain('katex-display');
  });

  it('names each parameter of an entry in its TeX (by its symbol or its name)', () => {
    const symbols: Record<string, string> = { alpha: '\\alpha', beta: '\\beta', lambda: '\\lambda', omega0: '\\omega_0', k0: 'k_0', k1: 'k_1' };
    for (const a of activations) for (const p of a.params) expect(a.tex, `${a.name}.${p.name}`).toContain(symbols[p.name] ?? p.name);
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

  it('refuses TeX that KaTeX cannot render (the check can fail)', () => {
    expect(() => render('\\frac{1}{')).toThrow();
    expect(() => render('\\nosuchmacro{x}')).toThrow();
  });
});
