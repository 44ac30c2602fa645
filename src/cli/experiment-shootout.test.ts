// `actlab experiment shootout`: its own flags (checked before anything trains) and a tiny grid end to end, from the
// cells to the leaderboard in report.md and report.html.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from './testing.js';

const tempGrid = () => join(mkdtempSync(join(tmpdir(), 'actlab-shootout-')), 'grid');

describe('actlab experiment shootout', () => {
  it('refuses bad flag values, flags of another experiment and the training flags its own replace', async () => {
    const out = tempGrid();
    const cases: [string[], RegExp][] = [
      [['--models', 'mlp,resnet'], /--models: 'resnet' is not one of mlp, lenet5/],
      [['--datasets', 'cifar10'], /--datasets: 'cifar10' is not one of mnist, fashion-mnist/],
      [['--seeds', '1,x'], /--seeds: 'x' is not a seed \(a whole number\) or a range such as 1-5/],
      [['--seeds', '1-3,2'], /--seeds '1-3,2': a seed is given twice/],
      [['--activations', 'relu,,swish'], /--activations 'relu,,swish': an empty item/],
      [['--activations', 'swish,nope'], /nope/],
      [['--seed', '4'], /--seed does not apply to shootout, whose cells vary it: use --seeds/],
      [['--activation', 'swish'], /use --activations/],
      [['--val-split', '0'], /--val-split 0 leaves no validation split, and the shootout picks each cell's epoch on it/],
    ];
    for (const [flags, message] of cases) {
      const r = await runCaptured('experiment', 'shootout', ...flags, '--out', out);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
    const other = await runCaptured('experiment', 'seed-linear', '--seeds', '1,2', '--out', out);
    expect(other.err).toMatch(/--seeds applies to experiment shootout, not seed-linear/);
    expect(existsSync(out)).toBe(false);
  });

  it('lists the cells its flags choose: data set × model × activation (ReLU added) × seed', async () => {
    const r = await runCaptured('experiment', 'shootout', '--activations', 'swish', '--datasets', 'fashion-mnist', '--seeds', '1-2', '--list-cells', '--out', tempGrid());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/shootout: 4 cells/);
    for (const id of ['fashion-mnist--mlp--relu--seed-1', 'fashion-mnist--mlp--relu--seed-2', 'fashion-mnist--mlp--swish--seed-1', 'fashion-mnist--mlp--swish--seed-2']) expect(r.out).toContain(id);
  });

  it('trains a tiny grid and writes the leaderboard with the paired comparison and the learned shapes', async () => {
    const out = tempGrid();
    // 1 epoch on 6000 MNIST images (the other 54 000 held out for validation), 2 activations × 2 seeds.
    const r = await runCaptured('experiment', 'shootout', '--activations', 'prelu', '--datasets', 'mnist', '--seeds', '1,2', '--epochs', '1', '--val-split', '0.9', '--jobs', '1', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/estimated wall time: \d+\.\d min for 4 cells × 1 epochs/);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/\| 1 \| (relu|prelu) \|/);
    expect(md).toMatch(/\| \d \| prelu \| [+−]\d+\.\d\d \[[+−]\d+\.\d\d, [+−]\d+\.\d\d\] \| \d\+ \/ \d− \(p [\d.]+\) \| \d+\.\d\d× \| 192 \(\+0\.18 %\) \|/);
    expect(md).toMatch(/\| relu \| \d\d\.\d\d ± \d\.\d\d \|/);
    expect(md).toContain('![learned shapes, prelu, mnist mlp, seed 1](shapes-prelu-mnist-mlp.png)');
    expect(existsSync(join(out, 'shapes-prelu-mnist-mlp.png'))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<h2>Leaderboard<\/h2>[\s\S]*<td>prelu<\/td>[\s\S]*<img src="shapes-prelu-mnist-mlp.png"/);
  }, 60_000);
});
