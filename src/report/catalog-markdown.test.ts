// The README's catalog section: complete, valid Markdown tables, spliced between its markers,
// and the README in the repository kept up to date with the catalog.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activations } from '../activations/catalog.js';
import { CATALOG_END, CATALOG_START, catalogSection, markdownCell, replaceCatalogSection } from './catalog-markdown.js';

const section = catalogSection(activations);

describe('catalogSection', () => {
  it('lists every entry with its aliases, under its family heading', () => {
    expect(section.startsWith(`${CATALOG_START}\n`)).toBe(true);
    expect(section.endsWith(`\n${CATALOG_END}`)).toBe(true);
    for (const a of activations) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${a.name}\` |`));
      expect(row, a.name).toBeDefined();
      for (const alias of a.aliases) expect(row).toContain(`\`${alias}\``);
      for (const s of a.params) expect(row).toContain(`\`${s.name}\` = `);
      expect(section.indexOf(`### ${a.family}\n`), a.family).toBeGreaterThan(0);
      expect(section.indexOf(`### ${a.family}\n`)).toBeLessThan(section.indexOf(row!));
    }
  });

  it('does not depend on catalog order (Node and vitest list module exports differently)', () => {
    expect(catalogSection([...activations].reverse())).toBe(section);
  });

  it('writes rows with exactly five cells, and parameters with default, range, learnable', () => {
    for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
      // Escaped pipes are inside cells; the others separate the five cells.
      expect(line.replace(/\\\|/g, '').split('|').length, line).toBe(7);
    }
    expect(section).toContain('| `leakyRelu` | `leaky_relu`, `LeakyReLU` | x if x > 0, slope·x otherwise | `slope` = 0.01 in [0, ∞) |');
    expect(section).toContain('`a` = 0.25 in (-∞, ∞), learnable |');
  });

  it('escapes Markdown in cells, but not inside code spans', () => {
    expect(markdownCell('x if |x| > λ')).toBe('x if \\|x\\| > λ');
    expect(markdownCell('a < b *c* d_1')).toBe('a &lt; b \\*c\\* d\\_1');
    expect(markdownCell('see `jax.nn.hard_sigmoid` or `a|b`')).toBe('see `jax.nn.hard_sigmoid` or `a\\|b`');
    expect(markdownCell('two\n  lines ')).toBe('two lines');
  });
});

describe('replaceCatalogSection', () => {
  const readme = `# t\n\nintro\n\n${CATALOG_START}\nold text\n${CATALOG_END}\n\n## After\n`;

  it('replaces the text from marker to marker and keeps the rest', () => {
    const updated = replaceCatalogSection(readme, section);
    expect(updated).toBe(`# t\n\nintro\n\n${section}\n\n## After\n`);
    expect(replaceCatalogSection(updated, section)).toBe(updated);
  });

  it('rejects missing, reversed or repeated markers', () => {
    for (const bad of ['# t\n', `${CATALOG_START}\n`, `${CATALOG_END}\n${CATALOG_START}\n`, `${readme}${CATALOG_START}\n`]) {
      expect(() => replaceCatalogSection(bad, section)).toThrow(/must contain '<!-- catalog:start -->' followed by/);
    }
  });
});

describe('README.md', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it("has the current catalog section (regenerate: 'npm run build && npm run readme')", () => {
    const stale = "README.md's catalog section is stale: run 'npm run build && npm run readme'";
    expect(replaceCatalogSection(readme, section), stale).toBe(readme);
  });

  it('would be reported stale if any line of the section differed', () => {
    const edited = readme.replace('| `relu` |', '| `relu` (edited) |');
    expect(edited).not.toBe(readme);
    expect(replaceCatalogSection(edited, section)).not.toBe(edited);
  });
});
