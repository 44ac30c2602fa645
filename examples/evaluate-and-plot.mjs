// Example (c): look at catalog activations from code — their parameters, values and derivatives from the float32
// kernels, and a plot of curves and derivatives.
//   node examples/evaluate-and-plot.mjs [OUT.png]
import { evaluateActivation, getActivation, listActivations } from 'actlab';
import { plotActivations } from 'actlab/node';

const learnable = listActivations().filter((a) => a.params.some((p) => p.learnable));
console.log(`${listActivations().length} activations, ${learnable.length} with learnable parameters: ${learnable.map((a) => a.name).join(', ')}`);

const gumbel = getActivation('adaptiveGumbel');
console.log(`${gumbel.name}: ${gumbel.formula}; ${gumbel.params.map((p) => `${p.name} = ${p.default}`).join(', ')}`);

// f, ∂f/∂x and ∂f/∂α at a few inputs, with α = 0.5 (the float32 kernels a network trains with).
const { x, y, dydx, dparams } = evaluateActivation('adaptiveGumbel', [-4, -1, 0, 1, 4], { alpha: 0.5 });
for (let i = 0; i < x.length; i++) console.log(`x = ${x[i]}: f = ${y[i].toFixed(6)}, ∂f/∂x = ${dydx[i].toFixed(6)}, ∂f/∂α = ${dparams.alpha[i].toFixed(6)}`);

const out = process.argv[2] ?? 'activations.png';
await plotActivations(['adaptiveGumbel:alpha=0.1', 'adaptiveGumbel', 'adaptiveGumbel:alpha=5', 'swish'], out, { derivative: true, range: [-6, 6] });
console.log(`wrote ${out}`);
