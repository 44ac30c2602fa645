// `actlab activations ...` run in-process through runCli: output shapes, values against the float64
// reference, and every usage error (exit 2, a clear message, nothing written).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { activations } from '../activations/catalog.js';
import type { ElementwiseActivation, VectorActivation } from '../activations/types.js';
import { CATALOG_END, CATALOG_START, catalogSection } from '../report/catalog-markdown.js';
import { evaluate } from '../activations/evaluate.js';
import { runCaptured } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'actlab-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCaptured;

/** Expects exit 2 with "actlab: <message matching pattern>" on stderr and nothing on stdout. */
async function expectUsageError(argv: string[], pattern: RegExp) {
  const r = await run(...argv);
  expect(r.code, r.err).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^actlab: /);
  expect(r.err).toMatch(pattern);
}

/** A JSON number or one of the strings standing for NaN/±Infinity, back to a number. */
const num = (v: unknown) => (typeof v === 'string' ? Number(v) : (v as number));

/** Float32 outputs against a float64 reference: |got − want| ≤ tol·(1 + |want|); NaN and ±Inf exactly. */
function expectClose(got: number, want: number, what: string, tol = 1e-5) {
  if (!Number.isFinite(want)) expect(got, what).toBe(want);
  else expect(Math.abs(got - want), `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want)));
}

const elementwise = activations.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
const vectors = activations.filter((a): a is VectorActivation => a.kind === 'vector');

const vectorMetadata = {
  kind: 'vector' as const,
  name: 'testSoftmax',
  aliases: [],
  description: 'Softmax stand-in for tests.',
  formula: 'exp(xᵢ)/Σⱼ exp(xⱼ)',
  reference: 'test',
  family: 'test',
  params: [],
  notes: '',
};

describe('dispatch and help', () => {
  it('prints help for --help at every level, exit 0', async () => {
    for (const argv of [['--help'], ['activations', '--help'], ['activations', 'list', '--help']]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Usage: actlab/);
    }
    for (const sub of ['eval', 'plot', 'check', 'readme']) {
      const r = await run('activations', sub, '-h');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: actlab activations ${sub}`);
    }
  });

  it('rejects missing and unknown commands', async () => {
    await expectUsageError([], /'actlab' needs one of: activations/);
    await expectUsageError(['train-everything'], /'actlab' has no command 'train-everything'/);
    await expectUsageError(['activations'], /needs one of: list, eval, plot, check, readme/);
    await expectUsageError(['activations', 'show'], /'actlab activations' has no command 'show'/);
    await expectUsageError(['activations', 'list', '--yaml'], /unknown option '--yaml'; options here: --json, --help/);
    await expectUsageError(['activations', 'list', 'relu'], /takes no arguments, got 'relu'/);
    await expectUsageError(['activations', 'list', '--json=yes'], /'--json' does not take an argument/);
  });
});

describe('activations list', () => {
  it('prints every entry with its parameters and defaults', async () => {
    const r = await run('activations', 'list');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    for (const a of activations) {
      const line = lines.find((l) => l.startsWith(`${a.name} `));
      expect(line, a.name).toBeDefined();
      for (const s of a.params) expect(line).toContain(`${s.name}=${s.default === Infinity ? '∞' : s.default}${s.learnable ? '*' : ''} `);
    }
    expect(lines.find((l) => l.startsWith('leakyRelu '))).toMatch(/slope=0\.01 \[0, ∞\)/);
    expect(lines.find((l) => l.startsWith('prelu '))).toMatch(/a=0\.25\* \(-∞, ∞\)/);
  });

  it('prints JSON with exactly the documented keys, infinite bounds as strings', async () => {
    const r = await run('activations', 'list', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as Record<string, unknown>[];
    expect(list.map((e) => e.name)).toEqual(activations.map((a) => a.name));
    list.forEach((e, i) => {
      const a = activations[i];
      expect(Object.keys(e)).toEqual(['name', 'aliases', 'learnable', 'params', 'formula']);
      expect(e.aliases).toEqual(a.aliases);
      expect(e.formula).toBe(a.formula);
      expect(e.learnable).toBe(a.params.some((s) => s.learnable));
      const params = e.params as Record<string, unknown>[];
      params.forEach((p, j) => {
        expect(Object.keys(p)).toEqual(['name', 'default', 'min', 'max', 'learnable']);
        expect([num(p.default), num(p.min), num(p.max)]).toEqual([a.params[j].default, a.params[j].min, a.params[j].max]);
        for (const bound of [p.min, p.max]) if (typeof bound === 'string') expect(bound).toMatch(/^-?Infinity$/);
      });
    });
    const prelu = list.find((e) => e.name === 'prelu')!;
    expect(prelu).toEqual({
      name: 'prelu',
      aliases: ['PReLU'],
      learnable: true,
      params: [{ name: 'a', default: 0.25, min: '-Infinity', max: 'Infinity', learnable: true }],
      formula: 'x if x > 0, a·x otherwise',
    });
  });
});

describe('activations eval', () => {
  it('gives y, dy/dx and per-element dy/dp in JSON', async () => {
    const r = await run('activations', 'eval', 'prelu', '--x', '-1,-2,0.5,3', '--param', 'a=0.3', '--json');
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['name', 'params', 'x', 'y', 'dydx', 'dparams']);
    expect(json.name).toBe('prelu');
    expect(json.params).toEqual({ a: 0.3 });
    expect(json.x).toEqual([-1, -2, 0.5, 3]);
    // Shortest float32 decimals: 0.3·(−1) in float32 prints as −0.3, not −0.30000001192092896.
    expect(json.y).toEqual([-0.3, -0.6, 0.5, 3]);
    expect(json.dydx).toEqual([0.3, 0.3, 1, 1]);
    // One slot per element: −1 and −2 stay apart instead of summing to −3.
    expect(json.dparams).toEqual({ a: [-1, -2, 0, 0] });
  });

  it('matches the float64 reference for every elementwise entry, at defaults', async () => {
    const xs = [-2.5, -0.5, 0.3, 1.7];
    for (const a of elementwise) {
      const r = await run('activations', 'eval', a.name, '--x', xs.join(','), '--json');
      expect(r.code, `${a.name}: ${r.err}`).toBe(0);
      const json = JSON.parse(r.out);
      const p = a.params.map((s) => Math.fround(s.default));
      xs.forEach((x0, i) => {
        const x = Math.fround(x0);
        expectClose(num(json.y[i]), a.ref.f(x, p), `${a.name} y(${x})`);
        expectClose(num(json.dydx[i]), a.ref.dfdx(x, p), `${a.name} dydx(${x})`);
        a.params.forEach((s, j) => expectClose(num(json.dparams[s.name][i]), a.ref.dfdp[j](x, p), `${a.name} d/d${s.name}(${x})`));
      });
    }
  });

  it('writes NaN and ±Infinity as strings in JSON, and reads inf/nan inputs', async () => {
    const r = await run('activations', 'eval', 'relu', '--x', '-inf,inf,nan', '--json');
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.x).toEqual(['-Infinity', 'Infinity', 'NaN']);
    expect(json.y).toEqual([0, 'Infinity', 'NaN']);
    expect(json.dparams).toEqual({});
  });

  it('prints a table by default', async () => {
    const r = await run('activations', 'eval', 'leakyRelu', '--x', '-1,2', '--param', 'slope=0.1');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('leakyRelu (slope=0.1), float32 kernels');
    expect(lines[1].trim().split(/\s+/)).toEqual(['x', 'y', 'dy/dx', 'dy/dslope']);
    expect(lines[2].trim().split(/\s+/)).toEqual(['-1', '-0.1', '0.1', '-1']);
    expect(lines[3].trim().split(/\s+/)).toEqual(['2', '2', '1', '0']);
  });

  it('accepts NAME:P=V, negative first values, and --x=', async () => {
    for (const argv of [
      ['prelu:a=0.5', '--x', '-2'],
      ['prelu', '--x=-2', '--param', 'a=0.5'],
      ['PReLU', '--x', '-2 ', '--param', 'prelu.a=0.5'],
    ]) {
      const r = await run('activations', 'eval', ...argv, '--json');
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).y).toEqual([-1]);
    }
  });

  it('reads --x-file, numbers separated by commas and whitespace', async () => {
    const file = join(dir, 'xs.txt');
    writeFileSync(file, ' 0.5, -1\n2\t3,,\n4\n');
    await expectUsageError(['activations', 'eval', 'relu', '--x-file', file], /--x-file .*xs\.txt: empty value \(position 5, line 2\)/);
    writeFileSync(file, ' 0.5, -1\n2\t3\n');
    const r = await run('activations', 'eval', 'relu', '--x-file', file, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).x).toEqual([0.5, -1, 2, 3]);
  });

  it('evaluates a row-wise entry on the whole x and omits dydx and dparams', async () => {
    // A stand-in softmax, so the path is tested whatever the catalog holds.
    const softmaxRow = (row: readonly number[]) => {
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((u, v) => u + v, 0);
      return e.map((v) => v / s);
    };
    const stub: VectorActivation = {
      ...vectorMetadata,
      ref: { f: softmaxRow, vjp: () => [] },
      kernels: {
        forward: (x, y, rowLength, n) => {
          for (let r = 0; r < n; r += rowLength) y.set(softmaxRow(Array.from(x.subarray(r, r + rowLength))), r);
        },
        backward: () => {},
      },
    };
    const result = evaluate(stub, [], [1, 2, 3]);
    expect(result.dydx).toBeUndefined();
    expect(result.dparams).toBeUndefined();
    softmaxRow([1, 2, 3]).forEach((want, i) => expectClose(result.y[i], want, `y[${i}]`, 1e-7));

    for (const a of vectors) {
      const r = await run('activations', 'eval', a.name, '--x', '1,2,3', '--json');
      expect(r.code, r.err).toBe(0);
      const json = JSON.parse(r.out);
      expect(Object.keys(json)).toEqual(['name', 'params', 'x', 'y']);
      a.ref.f([1, 2, 3]).forEach((want, i) => expectClose(num(json.y[i]), want, `${a.name} y[${i}]`));
    }
  });

  it('rejects bad names, parameters, flags and inputs with exit 2', async () => {
    const file = join(dir, 'bad.txt');
    writeFileSync(file, '1 2\n3, x2\n');
    await expectUsageError(['activations', 'eval', 'rleu', '--x', '1'], /unknown activation 'rleu'; closest: .*relu/);
    await expectUsageError(['activations', 'eval', 'leakyRelu', '--x', '1', '--param', 'slope=-1'], /slope = -1 is outside its valid range \[0, Infinity\]/);
    await expectUsageError(['activations', 'eval', 'relu', '--x', '1', '--param', 'alpha=2'], /relu has no parameter 'alpha'/);
    await expectUsageError(['activations', 'eval', 'prelu', '--x', '1', '--param', 'a'], /'a' is not of the form name=number/);
    await expectUsageError(['activations', 'eval', 'prelu', '--x', '1', '--param', 'relu.a=1'], /relu is not among the activations given \(prelu\)/);
    await expectUsageError(['activations', 'eval', 'relu', '--x', '1,abc,2'], /--x: 'abc' is not a number \(position 2\)/);
    await expectUsageError(['activations', 'eval', 'relu', '--x', '1,,2'], /--x: empty value \(position 2\)/);
    await expectUsageError(['activations', 'eval', 'relu', '--x', '0x10'], /'0x10' is not a number/);
    await expectUsageError(['activations', 'eval', 'relu', '--x', ''], /--x: no numbers given/);
    await expectUsageError(['activations', 'eval', 'relu', '--x-file', file], /--x-file .*bad\.txt: 'x2' is not a number \(position 4, line 2\)/);
    await expectUsageError(['activations', 'eval', 'relu', '--x-file', join(dir, 'missing.txt')], /cannot read --x-file .*missing\.txt: no such file or folder \(ENOENT\)/);
    await expectUsageError(['activations', 'eval', 'relu', '--x-file', dir], /cannot read --x-file .*: it is a folder, expected a regular file/);
    await expectUsageError(['activations', 'eval', 'relu', '--x', '1', '--x-file', file], /give --x or --x-file, not both/);
    await expectUsageError(['activations', 'eval', 'relu'], /eval needs inputs/);
    await expectUsageError(['activations', 'eval', '--x', '1'], /exactly one activation name, got none/);
    await expectUsageError(['activations', 'eval', 'relu', '--x', '-1', '0'], /got relu 0 \(separate several x with commas/);
    await expectUsageError(['activations', 'eval', 'relu', '--x'], /'--x <value>' argument missing/);
    await expectUsageError(['activations', 'eval', 'relu', '--y', '1'], /unknown option '--y'; options here: --x, --x-file, --param, --json, --help/);
  });
});

describe('activations plot', () => {
  it('writes an SVG whose legend names each curve with its parameters', async () => {
    const out = join(dir, 'shrink.svg');
    // --param lambda=1 reaches both entries; hardShrink.lambda=2 is more specific and wins for it.
    const r = await run('activations', 'plot', 'softShrink', 'hardShrink', '--param', 'lambda=1', '--param', 'hardShrink.lambda=2', '--derivative', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`wrote ${out}\n`);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('softShrink (lambda=1)');
    expect(svg).toContain('hardShrink (lambda=2)');
    expect(svg).toContain('∂f/∂x');
    expect(svg).toContain('stroke-dasharray');
  });

  it('takes --range at the edges of what it allows', async () => {
    for (const range of ['-1e6,1e6', '0,1e-6', '1000,1000.002']) {
      const r = await run('activations', 'plot', 'relu', '--range', range, '--out', join(dir, 'edge.svg'));
      expect(r.code, `${range}: ${r.err}`).toBe(0);
    }
  });

  it('writes a PNG, and draws one entry at several settings with NAME:P=V', async () => {
    const png = join(dir, 'prelu.png');
    const r = await run('activations', 'plot', 'prelu:a=0.1', 'prelu', '--param', 'a=0.5', '--range', '-2,2', '--out', png);
    expect(r.code, r.err).toBe(0);
    expect(Array.from(readFileSync(png).subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = join(dir, 'prelu.svg');
    expect((await run('activations', 'plot', 'prelu:a=0.1', 'prelu', '--param', 'a=0.5', '--range', '-2,2', '--out', svg)).code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toContain('prelu (a=0.1)');
    expect(text).toContain('prelu (a=0.5)');
    expect(text).not.toContain('∂f/∂x');
  });

  it('rejects bad input with exit 2 and writes nothing', async () => {
    const bad = mkdtempSync(join(dir, 'bad-'));
    const out = join(bad, 'chart.svg');
    await expectUsageError(['activations', 'plot', 'relu'], /plot needs --out FILE\.svg or --out FILE\.png/);
    await expectUsageError(['activations', 'plot', 'relu', '--out', join(bad, 'chart')], /must end in \.svg or \.png/);
    await expectUsageError(['activations', 'plot', 'relu', '--out', join(bad, 'chart.jpg')], /must end in \.svg or \.png/);
    await expectUsageError(['activations', 'plot', '--out', out], /at least one activation name/);
    await expectUsageError(['activations', 'plot', 'sigmoidd', '--out', out], /unknown activation 'sigmoidd'; closest: /);
    await expectUsageError(['activations', 'plot', 'leakyRelu', '--param', 'slope=-0.5', '--out', out], /slope = -0.5 is outside its valid range/);
    await expectUsageError(['activations', 'plot', 'relu', 'prelu', '--param', 'beta=2', '--out', out], /none of relu, prelu has a parameter 'beta'/);
    await expectUsageError(['activations', 'plot', 'relu', '--range', '3,-3', '--out', out], /--range 3,-3: expected two finite numbers LO,HI with LO < HI/);
    await expectUsageError(['activations', 'plot', 'relu', '--range', '-5', '--out', out], /--range -5: expected two finite numbers/);
    await expectUsageError(['activations', 'plot', 'relu', '--range', '-5,inf', '--out', out], /expected two finite numbers/);
    await expectUsageError(['activations', 'plot', 'relu', '--range', 'a,b', '--out', out], /--range: 'a' is not a number \(position 1\)/);
    await expectUsageError(['activations', 'plot', 'relu', '--range', '-1e7,5', '--out', out], /--range -1e7,5: bounds must lie within ±1000000/);
    await expectUsageError(['activations', 'plot', 'relu', '--range', '0,1000001', '--out', out], /bounds must lie within ±1000000/);
    await expectUsageError(['activations', 'plot', 'relu', '--range', '0,1e-7', '--out', out], /--range 0,1e-7: too narrow to show anything; .* = 0\.000001/);
    await expectUsageError(['activations', 'plot', 'relu', '--range', '1000,1000.0001', '--out', out], /too narrow to show anything; .* = 0\.001\n?$/);
    await expectUsageError(['activations', 'plot', 'relu', '--derivative=yes', '--out', out], /'--derivative' does not take an argument/);
    for (const a of vectors) {
      await expectUsageError(['activations', 'plot', a.name, '--out', out], /row-wise \(vector\) function/);
    }
    expect(readdirSync(bad)).toEqual([]);
  });
});

describe('activations readme', () => {
  const section = catalogSection(activations);

  it('prints the generated section', async () => {
    const r = await run('activations', 'readme');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${section}\n`);
  });

  it('writes the section between the markers and checks it', async () => {
    const file = join(dir, 'README.md');
    writeFileSync(file, `# title\n\nintro\n\n${CATALOG_START}\nold\n${CATALOG_END}\n\nafter\n`);
    const stale = await run('activations', 'readme', '--check', file);
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(/catalog section is stale; run 'actlab activations readme --write /);
    const written = await run('activations', 'readme', '--write', file);
    expect(written.code, written.err).toBe(0);
    expect(written.out).toMatch(/catalog section updated/);
    expect(readFileSync(file, 'utf8')).toBe(`# title\n\nintro\n\n${section}\n\nafter\n`);
    const fresh = await run('activations', 'readme', '--check', file);
    expect(fresh.code).toBe(0);
    expect(fresh.out).toMatch(/up to date/);
  });

  it('rejects bad input with exit 2', async () => {
    const file = join(dir, 'NOMARKERS.md');
    writeFileSync(file, '# no markers\n');
    await expectUsageError(['activations', 'readme', '--write', file], /must contain '<!-- catalog:start -->' followed by '<!-- catalog:end -->'/);
    await expectUsageError(['activations', 'readme', '--check', file], /must contain/);
    expect(readFileSync(file, 'utf8')).toBe('# no markers\n');
    await expectUsageError(['activations', 'readme', '--write', join(dir, 'nope.md')], /cannot read --write .*nope\.md/);
    expect(existsSync(join(dir, 'nope.md'))).toBe(false);
    await expectUsageError(['activations', 'readme', '--write', file, '--check', file], /give --write or --check, not both/);
    await expectUsageError(['activations', 'readme', 'README.md'], /takes no arguments/);
  });
});

describe('activations check and formula activations', () => {
  const swishFormula = 'formula:x*sigmoid(b*x);b=1';

  it('prints the gradient check of a catalog entry and exits 0', async () => {
    const r = await run('activations', 'check', 'swish', '--param', 'beta=2');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^gradient check of swish \(beta=2\): 4022 inputs where f is finite, 0 where it is not\n/);
    expect(r.out).toMatch(/\n∂f\/∂x +(0 +-|\d(\.\d)?e-\d+ +x = \S+) .* pass\n/);
    expect(r.out).toMatch(/\n∂f\/∂beta +(0 +-|\d(\.\d)?e-\d+ +x = \S+) .* pass\n/);
    expect(r.out).toMatch(/every derivative passes\n$/);
  });

  it('checks a formula with the derivatives it derives, as JSON', async () => {
    const r = await run('activations', 'check', swishFormula, '--json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ name: swishFormula, params: [1], passed: true, points: 4022, undefinedPoints: 0 });
    expect(report.derivatives.map((d: { variable: string }) => d.variable)).toEqual(['x', 'b']);
    for (const d of report.derivatives) expect(d.maxRelError).toBeLessThan(1e-6);
    const table = await run('activations', 'check', swishFormula);
    expect(table.out).toMatch(/Derived symbolically: ∂f\/∂x = sigmoid\(b \* x\) \+ x \* dsigmoid\(b \* x\) \* b; ∂f\/∂b = /);
  });

  it('exits 1 when a derivative fails, saying where', async () => {
    const r = await run('activations', 'check', 'formula:sqrt(x^2)');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED\nFAIL: ∂f\/∂x is NaN at x = 0, where f = 0 \(2 such points\)\n$/);
  });

  it('refuses bad input with exit 2', async () => {
    await expectUsageError(['activations', 'check', 'formula:x*sigmod(b*x);b=1'], /column 11: unknown function 'sigmod'/);
    await expectUsageError(['activations', 'check', 'softmax'], /'softmax' is a row-wise \(vector\) function/);
    await expectUsageError(['activations', 'check'], /check takes exactly one activation name or formula, got none/);
    await expectUsageError(['activations', 'check', 'swish', 'relu'], /got swish relu/);
    await expectUsageError(['activations', 'check', 'swish', '--param', 'alpha=1'], /swish has no parameter 'alpha'/);
  });

  it('evaluates and plots formulas as it does catalog entries', async () => {
    const xs = '-3,-0.5,0,0.5,3';
    const formula = JSON.parse((await run('activations', 'eval', swishFormula, '--x', xs, '--param', 'b=1.5', '--json')).out);
    const swish = JSON.parse((await run('activations', 'eval', 'swish', '--x', xs, '--param', 'beta=1.5', '--json')).out);
    expect(formula.name).toBe(swishFormula);
    expect(formula.params).toEqual({ b: 1.5 });
    expect(formula.y).toEqual(swish.y);
    expect(formula.dydx).toEqual(swish.dydx);
    expect(formula.dparams.b).toEqual(swish.dparams.beta);
    const out = join(dir, 'formula.svg');
    const plot = await run('activations', 'plot', swishFormula, 'formula:x > 0 ? x : 0.1*x', '--derivative', '--out', out);
    expect(plot.code, plot.err).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/formula:x &gt; 0 \? x : 0\.1\*x/);
  });
});
