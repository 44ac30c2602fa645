// The examples in examples/ run as a user runs them (node examples/NAME.mjs, importing 'actlab' and 'actlab/node'
// through the package's exports), at small sizes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Child processes awaited, not waited for: a test process that blocks misses its runner's calls. */
const exec = promisify(execFile);

const root = fileURLToPath(new URL('..', import.meta.url));
const run = async (name: string, ...args: string[]) => (await exec(process.execPath, [join(root, 'examples', name), ...args], { cwd: root })).stdout;

describe.skipIf(!existsSync(join(root, 'dist', 'index.js')))('examples', () => {
  it('(a) defines a learnable activation in code and trains it on MNIST', async () => {
    const out = await run('define-activation.mjs', '1', '58000');
    expect(out).toMatch(/^epoch 1: loss \d\.\d+, validation accuracy \d+\.\d+ %$/m);
    expect(out).toMatch(/^act0: α from \d\.\d+ to \d\.\d+ over 128 neurons$/m);
  }, 60_000);

  it('(b) trains an activation given as a formula', async () => {
    const out = await run('formula.mjs', '1', '58000');
    expect(out).toMatch(/Derived symbolically: ∂f\/∂x = /);
    expect(out).toMatch(/^learned b: mean \d\.\d+ over 192 neurons$/m);
  }, 60_000);

  it('(c) evaluates catalog activations and plots them', async () => {
    const png = join(mkdtempSync(join(tmpdir(), 'actlab-example-')), 'activations.png');
    const out = await run('evaluate-and-plot.mjs', png);
    expect(out).toMatch(/^x = 0: f = 0\.555556, ∂f\/∂x = 0\.296296, ∂f\/∂α = -0\.128234$/m);
    expect(statSync(png).size).toBeGreaterThan(10_000);
  }, 60_000);
});
