// Each loss's gradient against central differences of its own value, in float64, plus the stable
// tails (no overflow for logits of ±1e4).
import { describe, expect, it } from 'vitest';
import { createJsEngine } from '../engine/js-engine.js';
import { binaryLogistic, mse, softmaxCrossEntropy, type Loss } from './loss.js';

const cases: [Loss, number, number[]][] = [
  [softmaxCrossEntropy, 3, [2, 0, 1]],
  [binaryLogistic, 1, [1, 0, 1]],
  [mse, 1, [0.5, -2, 3]],
];

describe.each(cases)('$name', (loss, units, targets) => {
  const batch = targets.length;
  const engine = createJsEngine(1 << 10, { float64: true });
  const logits = engine.alloc(batch * units);
  const d = engine.alloc(batch * units);
  engine.view(logits).set(Array.from({ length: batch * units }, (_, i) => Math.sin(3 * i) * 2));

  it('has the gradient of its mean value', () => {
    loss.evaluate(engine, logits, targets, batch, units, d);
    const z = engine.view(logits);
    const grad = engine.view(d).slice();
    for (let i = 0; i < z.length; i++) {
      const old = z[i];
      z[i] = old + 1e-6;
      const up = loss.evaluate(engine, logits, targets, batch, units, null).loss;
      z[i] = old - 1e-6;
      const down = loss.evaluate(engine, logits, targets, batch, units, null).loss;
      z[i] = old;
      expect(grad[i]).toBeCloseTo((up - down) / 2e-6, 8);
    }
  });

  it('stays finite for logits of ±1e4', () => {
    if (loss === mse) return;
    engine.view(logits).set(Array.from({ length: batch * units }, (_, i) => (i % 2 ? 1e4 : -1e4)));
    const r = loss.evaluate(engine, logits, targets, batch, units, d);
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(engine.view(d).every(Number.isFinite)).toBe(true);
  });
});
