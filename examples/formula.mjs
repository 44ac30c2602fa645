// Example (b): an activation from a formula — parsed, differentiated symbolically and checked — trained on MNIST.
// Swish-β written out; `formula:x*sigmoid(b*x);b=1` works as well wherever an activation name does (CLI included).
//   node examples/formula.mjs [EPOCHS] [VALIDATION]   (defaults 3 and 10000)
import { formulaActivation } from 'actlab';
import { train } from 'actlab/node';

const [epochs = 3, valSplit = 10_000] = process.argv.slice(2).map(Number);

const swish = formulaActivation('x * sigmoid(b * x); b = 1');
console.log(`${swish.name}\n  ${swish.notes}`);

const { summary, model } = await train({ dataset: 'mnist', activation: swish.name, epochs, valSplit });
console.log(`test accuracy ${(100 * summary.final.testAccuracy).toFixed(2)} %`);
const b = model.activations().flatMap((layer) => layer.learned.b);
console.log(`learned b: mean ${(b.reduce((s, v) => s + v, 0) / b.length).toFixed(3)} over ${b.length} neurons`);
model.dispose();
