// Numerical checks shared by the layer tests: analytic gradients against central differences,
// meant for an engine in float64 (createJsEngine(n, { float64: true })) so the comparison is tight.
import type { Engine, Tensor } from '../engine/engine.js';
import type { Rng } from '../rng.js';
import { sizeOf, type Layer } from './layer.js';

/** A tensor whose entries are perturbed, with the analytic ∂L/∂tensor to compare against. */
export interface GradientTarget {
  name: string;
  value: Tensor;
  analytic: ArrayLike<number>;
}

export interface GradientCheck {
  /** Largest |numeric − analytic| / max(1e-4, |numeric|, |analytic|). */
  worst: number;
  where: string;
  checked: number;
}

/** A new tensor of `length` standard-normal values. */
export function randomTensor(engine: Engine, length: number, rng: Rng): Tensor {
  const t = engine.alloc(length);
  const v = engine.view(t);
  for (let i = 0; i < length; i++) v[i] = rng.normal();
  return t;
}

/**
 * Compares each target's analytic gradient with (L(v + h) − L(v − h))/2h, h = 1e-6·max(1, |v|),
 * entry by entry. Gradients below 1e-4 are compared absolutely: there the differences' own noise
 * dominates.
 */
export function compareWithCentralDifferences(engine: Engine, loss: () => number, targets: readonly GradientTarget[]): GradientCheck {
  let worst = 0, where = '', checked = 0;
  for (const t of targets) {
    for (let i = 0; i < t.value.length; i++) {
      // Views are taken per entry: the loss may run code that allocates and grows the memory.
      const old = engine.view(t.value)[i];
      const h = 1e-6 * Math.max(1, Math.abs(old));
      engine.view(t.value)[i] = old + h;
      const up = loss();
      engine.view(t.value)[i] = old - h;
      const down = loss();
      engine.view(t.value)[i] = old;
      const numeric = (up - down) / (2 * h);
      const analytic = t.analytic[i];
      const err = Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric), Math.abs(analytic));
      checked++;
      if (!(err <= worst)) {
        worst = err;
        where = `${t.name}[${i}]: analytic ${analytic}, numeric ${numeric}`;
      }
    }
  }
  return { worst, where, checked };
}

/**
 * Checks one layer's input and parameter gradients under L = Σ r·layer(x), r a fixed random
 * tensor (so ∂L/∂y = r is what backward receives).
 */
export function checkLayerGradients(engine: Engine, layer: Layer, x: Tensor, batch: number, training: boolean, rng: Rng): GradientCheck {
  const outputs = batch * sizeOf(layer.outputShape);
  const r = randomTensor(engine, outputs, rng);
  const loss = () => {
    const y = engine.view(layer.forward(x, batch, training), outputs), R = engine.view(r);
    let sum = 0;
    for (let i = 0; i < outputs; i++) sum += R[i] * y[i];
    return sum;
  };
  layer.forward(x, batch, training);
  const dx = layer.backward(r, batch, true);
  if (dx === null) throw new Error(`${layer.name}: backward returned no input gradient`);
  const targets: GradientTarget[] = [
    { name: 'input', value: x, analytic: engine.view(dx).slice(0, x.length) },
    ...layer.params.map((p) => ({ name: p.name, value: p.value, analytic: engine.view(p.grad).slice() })),
  ];
  return compareWithCentralDifferences(engine, loss, targets);
}
