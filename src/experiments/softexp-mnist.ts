// Seed 000's repo: soft-exponential with one α per neuron starting at 1, Adam 5e-4, batch 150,
// 784-128-84-10, beside ReLU; beside the identity start (α = 0); and beside the faster setting
// (Adam 1e-3, batch 32) in which public implementations overflow.
import type { CellResult, Experiment } from './experiment.js';
import { pct } from './format.js';

const seedSetup = { model: 'mlp:128,84', optimizer: 'adam', lr: 5e-4, batch: 150, epochs: 10 };
/** The setting of the PyTorch measurement in our notes (NaN in epoch 2); seed 3 is one of the seeds that overflow here. */
const fastSetup = { ...seedSetup, lr: 1e-3, batch: 32, seed: 3 };

export const softexpMnist: Experiment = {
  name: 'softexp-mnist',
  summary: 'seed 000: soft-exponential activations with α per neuron on MNIST, beside ReLU',
  cells: [
    { id: 'relu', label: 'ReLU', config: { ...seedSetup, activation: 'relu' } },
    { id: 'softexp-alpha1', label: "soft-exponential, α = 1 per neuron (the seed's setup)", config: { ...seedSetup, activation: 'softExponential:alpha=1', share: 'neuron' } },
    { id: 'softexp-alpha0', label: 'soft-exponential, α = 0 per neuron (identity start)', config: { ...seedSetup, activation: 'softExponential:alpha=0', share: 'neuron' } },
    { id: 'softexp-alpha1-fast', label: 'soft-exponential, α = 1 per neuron, Adam 1e-3, batch 32', config: { ...fastSetup, activation: 'softExponential:alpha=1', share: 'neuron' } },
  ],
  discussion(results: readonly CellResult[]) {
    const get = (id: string) => results.find((r) => r.cell.id === id)?.summary ?? null;
    const relu = get('relu'), seed = get('softexp-alpha1'), zero = get('softexp-alpha0'), fast = get('softexp-alpha1-fast');
    const outcome = (s: typeof seed) =>
      s === null
        ? 'did not run'
        : s.status === 'diverged' && s.diverged
          ? `diverged at epoch ${s.diverged.epoch}, batch ${s.diverged.batch} (${s.diverged.layer}: ${s.diverged.what}); the NaN guard stopped it and kept the checkpoint of epoch ${s.epochs}`
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
      '  softmax-regression accuracy. α = 0 is not a start we recommend; α = 1 (the catalog default) is.',
      `- With Adam 1e-3 and batch 32 (seed 3): ${outcome(fast)}.`,
      '  f(1, x) = eˣ: the first hidden layer exponentiates its pre-activations and the second exponentiates',
      '  again; a large step sends a pre-activation past ln(3.4e38) ≈ 88.7 and eˣ overflows float32. In the',
      '  benchmark (Adam 1e-3, batch 32) 6 of 10 seeds overflowed in the first epoch, none at batch 128; the',
      '  PyTorch measurement in our notes (94.8 % after epoch 1, NaN in epoch 2) is the same effect. Lower',
      '  learning rates and larger batches (the seed\'s own setting) avoid it.',
      '',
      "The seed repo's claim that the paper's Figure 2 is wrong is its own opinion; `actlab activations plot",
      "softExponential:alpha=-0.5 softExponential:alpha=0 softExponential:alpha=0.5 --out se.png` draws the exact function.",
      '',
    ].join('\n');
  },
};
