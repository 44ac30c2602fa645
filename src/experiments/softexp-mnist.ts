// Seed 000's repo: soft-exponential with one α per neuron starting at 1, Adam 5e-4, batch 150,
// 784-128-84-10, beside ReLU; beside the identity start (α = 0); beside the faster setting
// (Adam 1e-3, batch 32) in which public implementations overflow; and beside that setting with
// batch norm before each activation, the remedy that keeps f exact.
import type { CellResult, Experiment } from './experiment.js';
import { pct } from './format.js';

const seedSetup = { model: 'mlp:128,84', optimizer: 'adam', lr: 5e-4, batch: 150, epochs: 10 };
/** The setting of the PyTorch measurement in our notes (NaN in epoch 2); seed 3 is one of the seeds that overflow here. */
const fastSetup = { ...seedSetup, lr: 1e-3, batch: 32, seed: 3 };
const softExp1 = { activation: 'softExponential:alpha=1', share: 'neuron' };

export const softexpMnist: Experiment = {
  name: 'softexp-mnist',
  summary: 'seed 000: soft-exponential activations with α per neuron on MNIST, beside ReLU',
  cells: [
    { id: 'relu', label: 'ReLU', config: { ...seedSetup, activation: 'relu' } },
    { id: 'softexp-alpha1', label: "soft-exponential, α = 1 per neuron (the seed's setup)", config: { ...seedSetup, ...softExp1 } },
    { id: 'softexp-alpha0', label: 'soft-exponential, α = 0 per neuron (identity start)', config: { ...seedSetup, activation: 'softExponential:alpha=0', share: 'neuron' } },
    { id: 'softexp-alpha1-fast', label: 'soft-exponential, α = 1 per neuron, Adam 1e-3, batch 32', config: { ...fastSetup, ...softExp1 } },
    {
      id: 'softexp-alpha1-fast-bn',
      label: 'soft-exponential, α = 1 per neuron, Adam 1e-3, batch 32, batch norm before each activation',
      config: { ...fastSetup, ...softExp1, model: 'dense:128,bn,dense:84,bn' },
    },
  ],
  // The 10-seed counts quoted below are seeds 1–10 of `actlab train --activation softExponential --seed S --epochs 10
  // --threads 1` on 9301217, plus --act-lr 0 | --lr 5e-4 | --batch 128 | --model dense:128,bn,dense:64,bn |
  // --model mlp:128,84 --lr 5e-4 --batch 150, and --activation relu with and without that bn model.
  discussion(results: readonly CellResult[]) {
    const get = (id: string) => results.find((r) => r.cell.id === id)?.summary ?? null;
    const relu = get('relu'), seed = get('softexp-alpha1'), zero = get('softexp-alpha0'), fast = get('softexp-alpha1-fast');
    const fastBn = get('softexp-alpha1-fast-bn');
    const outcome = (s: typeof seed) =>
      s === null
        ? 'did not run'
        : s.status === 'diverged' && s.diverged
          ? `diverged at epoch ${s.diverged.epoch}, batch ${s.diverged.batch} (${s.diverged.layer}: ${s.diverged.what}); the NaN guard stopped it and ${s.epochs > 0 ? `kept the checkpoint of epoch ${s.epochs}` : 'no epoch had finished'}`
          : `finished with ${pct(s.final.testAccuracy)} test accuracy (${pct(s.best?.testAccuracy)} at its best validation epoch)`;
    const alphaRange = (s: typeof seed) =>
      s === null ? '' : Object.entries(s.activationParams).map(([l, p]) => `${l}: α ${p.alpha?.mean.toFixed(4)} ± ${p.alpha?.std.toFixed(4)}`).join('; ');
    return [
      '## Findings',
      '',
      `- The seed's setup (α = 1 per neuron, Adam 5e-4, batch 150) ${outcome(seed)}. ReLU in the same setup: ${pct(relu?.final.testAccuracy)}. Learned ${alphaRange(seed)}.`,
      `- Starting at α = 0 (every unit the identity): ${outcome(zero)}; learned ${alphaRange(zero)}.`,
      '  The exact ∂f/∂α = 1 + x²/2 at α = 0 does give α a gradient (a naive `where` branch gives none),',
      '  but summed over a batch it nearly cancels, α stays near 0 and the network stays close to linear:',
      '  softmax-regression accuracy. α = 0 is not a start we recommend; α = 1 (the catalog default) is,',
      '  with batch norm before it at the faster setting below.',
      `- With Adam 1e-3 and batch 32 (seed 3): ${outcome(fast)}.`,
      "  f(1, x) = eˣ, so the second hidden layer's inputs are eˣ of the first's. Rare inputs push its αx past 10,",
      '  the gradient norm jumps from about 3 to 1e9 and beyond, and Adam turns each such shock into full-size',
      '  steps of every weight, until an αx passes ln(3.4e38) ≈ 88.7 and f overflows float32. α is not the cause:',
      '  it stays within 0.82–1.09, and frozen at 1 (--act-lr 0) the runs overflow as well. At the catalog',
      '  defaults (784-128-64-10, Adam 1e-3, batch 32, seeds 1–10) all 10 seeds overflowed, 4 in epoch 1 and 6',
      '  in epoch 2, always in the second hidden layer; the PyTorch measurement in our notes (94.8 % after',
      '  epoch 1, NaN in epoch 2) is the same effect. A lower learning rate or a larger batch alone only delays',
      '  it (--lr 5e-4: 0 of 10 within 3 epochs, 6 of 10 within 10; --batch 128: 8 of 10 within 10); both, the',
      "  seed's own setting, ran 10 epochs on 10 of 10 seeds without overflow, at 96.73 % mean test accuracy.",
      `- The same with batch norm before each activation (seed 3): ${outcome(fastBn)}.`,
      "  Batch norm bounds a training batch's normalised pre-activations by √(n − 1) (5.6 at batch 32), so",
      '  the gradient shocks never start (seed 1: largest gradient norm 42 in 10 epochs), and f stays exact. At the',
      '  catalog defaults with `--model dense:128,bn,dense:64,bn`, 0 of 10 seeds overflowed in 10 epochs,',
      '  97.68 % mean test accuracy (97.26–98.02; ReLU without batch norm: 97.56 %, with it: 97.87 %).',
      '',
      "The seed repo's claim that the paper's Figure 2 is wrong is its own opinion; `actlab activations plot",
      "softExponential:alpha=-0.5 softExponential:alpha=0 softExponential:alpha=0.5 --out se.png` draws the exact function.",
      '',
    ].join('\n');
  },
};
