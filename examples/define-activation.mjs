// Example (a): define a learnable activation in code — a float64 f with its derivatives, checked against central
// differences when defined — and train it on MNIST with one α per neuron.
//   node examples/define-activation.mjs [EPOCHS] [VALIDATION]   (defaults 3 and 10000; VALIDATION images are held out)
import { defineActivation } from 'actlab';
import { train } from 'actlab/node';

const [epochs = 3, valSplit = 10_000] = process.argv.slice(2).map(Number);

// ELU with a learnable α > 0, trained as θ = ln α: x for x > 0, α(eˣ − 1) otherwise; ELU'(0) = α (left side).
defineActivation({
  name: 'learnableElu',
  formula: 'x if x > 0, α·(eˣ − 1) otherwise',
  params: [{ name: 'alpha', default: 1, reparam: 'exp', description: 'scale of the negative side' }],
  f: (x, [alpha]) => (x > 0 ? x : alpha * Math.expm1(x)),
  dfdx: (x, [alpha]) => (x > 0 ? 1 : alpha * Math.exp(x)),
  dfdp: [(x) => (x > 0 ? 0 : Math.expm1(x))],
  kinks: () => [0],
});

const { summary, model } = await train(
  { dataset: 'mnist', model: 'mlp:128,64', activation: 'learnableElu', share: 'neuron', epochs, valSplit, lrSchedule: 'cosine' },
  { onEpoch: (m) => console.log(`epoch ${m.epoch}: loss ${m.trainLoss.toFixed(4)}, validation accuracy ${(100 * m.valAccuracy).toFixed(2)} %`) },
);
console.log(`test accuracy ${(100 * summary.final.testAccuracy).toFixed(2)} %`);
for (const layer of model.activations()) {
  const alpha = layer.learned.alpha;
  console.log(`${layer.layer}: α from ${Math.min(...alpha).toFixed(3)} to ${Math.max(...alpha).toFixed(3)} over ${alpha.length} neurons`);
}
model.dispose();
