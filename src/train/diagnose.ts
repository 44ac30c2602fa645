// What the trainer says about a network that breaks or may break: where non-finite values first appeared, and which
// layers use an activation that overflows without batch norm before it.
import { BatchNorm } from '../nn/batch-norm.js';
import type { Session } from './setup.js';

/**
 * Names where values first broke: a non-finite parameter, else the first layer whose output in the
 * last forward pass holds a non-finite value (with the input that produced it), else a gradient.
 */
export function locateNonFinite(s: Session): { layer: string; what: string } {
  const { engine, model } = s;
  const firstBad = (v: Float32Array) => v.findIndex((x) => !Number.isFinite(x));
  for (const layer of model.layers) {
    for (const p of layer.params) {
      const i = firstBad(engine.view(p.value));
      if (i >= 0) return { layer: layer.name, what: `${p.name}[${i}] = ${engine.view(p.value)[i]}` };
    }
  }
  for (let l = 0; l < model.layers.length; l++) {
    const out = model.outputs[l];
    if (out === undefined) break;
    const size = model.layers[l].outputShape.reduce((a, b) => a * b, 1);
    const v = engine.view(out, model.lastBatch * size);
    const i = firstBad(v);
    if (i < 0) continue;
    const input = l === 0 ? null : engine.view(model.outputs[l - 1], model.lastBatch * size);
    const from = input !== null && model.layers[l].inputShape.join() === model.layers[l].outputShape.join() ? ` from input ${input[i]}` : '';
    return { layer: model.layers[l].name, what: `output of sample ${Math.floor(i / size)}, unit ${i % size} is ${v[i]}${from}` };
  }
  for (const layer of model.layers) {
    for (const p of layer.params) {
      const i = firstBad(engine.view(p.grad));
      if (i >= 0) return { layer: layer.name, what: `${p.name} gradient[${i}] = ${engine.view(p.grad)[i]}` };
    }
  }
  const last = model.outputs[model.layers.length - 1];
  const logits = last === undefined ? new Float32Array(0) : engine.view(last, model.lastBatch * s.outputUnits);
  const largest = logits.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return { layer: 'loss', what: `the loss overflowed: every parameter and layer output is finite, but the largest |logit| is ${largest.toExponential(3)}` };
}

/** For each entry that overflows without batch norm before it: the layers that use it without, and its advice. */
export function overflowWarnings(model: Session['model']): string[] {
  const unguarded = new Map<string, string[]>();
  model.layers.forEach((layer, i) => {
    const advice = model.activationLayers.find((l) => l === layer)?.activation.overflowAdvice;
    if (advice !== undefined && !(model.layers[i - 1] instanceof BatchNorm)) unguarded.set(advice, [...(unguarded.get(advice) ?? []), layer.name]);
  });
  return [...unguarded].map(([advice, layers]) => `${layers.join(', ')}: ${advice}`);
}
