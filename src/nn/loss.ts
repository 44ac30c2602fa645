// Losses fused with their output function, each returning the mean loss over the batch and
// writing ∂L/∂logits in the same pass (the stable forms: log-sum-exp and softplus). exp, log and log1p are libm.ts's,
// so that losses are the same bits in every JavaScript engine (Node, browsers).
import type { Engine, Tensor } from '../engine/engine.js';
import { exp, log, log1p } from '../libm.js';

export interface LossResult {
  /** Mean loss over the batch. */
  loss: number;
  /** Correct predictions in the batch (classification), or NaN (regression). */
  correct: number;
}

export interface Loss {
  readonly name: 'softmaxCrossEntropy' | 'binaryLogistic' | 'mse';
  /** Units the output layer must have for `classes` targets. */
  outputUnits(classes: number): number;
  /**
   * Loss of logits[batch × units] against targets (class indices, 0/1 labels or values), and
   * ∂(mean loss)/∂logits into `dlogits` when it is non-null.
   */
  evaluate(engine: Engine, logits: Tensor, targets: ArrayLike<number>, batch: number, units: number, dlogits: Tensor | null): LossResult;
}

/** Softmax cross-entropy: L = logΣexp(z) − z_y; ∂L/∂z = softmax(z) − onehot(y), divided by the batch. */
export const softmaxCrossEntropy: Loss = {
  name: 'softmaxCrossEntropy',
  outputUnits: (classes) => classes,
  evaluate(engine, logits, targets, batch, units, dlogits) {
    const z = engine.view(logits, batch * units);
    const d = dlogits === null ? null : engine.view(dlogits, batch * units);
    let total = 0;
    let correct = 0;
    const e = new Float64Array(units);
    for (let r = 0; r < batch; r++) {
      const row = r * units;
      let max = -Infinity;
      let argmax = 0;
      for (let c = 0; c < units; c++) {
        if (z[row + c] > max) {
          max = z[row + c];
          argmax = c;
        }
      }
      let sum = 0;
      for (let c = 0; c < units; c++) sum += e[c] = exp(z[row + c] - max);
      const y = targets[r];
      total += log(sum) + max - z[row + y];
      if (argmax === y) correct++;
      if (d !== null) {
        for (let c = 0; c < units; c++) d[row + c] = (e[c] / sum - (c === y ? 1 : 0)) / batch;
      }
    }
    return { loss: total / batch, correct };
  },
};

/** Binary logistic: L = softplus(z) − y·z = log(1 + e^z) − y·z; ∂L/∂z = σ(z) − y, divided by the batch. */
export const binaryLogistic: Loss = {
  name: 'binaryLogistic',
  outputUnits: () => 1,
  evaluate(engine, logits, targets, batch, _units, dlogits) {
    const z = engine.view(logits, batch);
    const d = dlogits === null ? null : engine.view(dlogits, batch);
    let total = 0;
    let correct = 0;
    for (let r = 0; r < batch; r++) {
      const zr = z[r];
      const y = targets[r];
      const ez = exp(-Math.abs(zr));
      total += Math.max(zr, 0) + log1p(ez) - y * zr;
      if ((zr > 0 ? 1 : 0) === y) correct++;
      if (d !== null) d[r] = (zr >= 0 ? 1 / (1 + ez) : ez / (1 + ez)) - y;
      if (d !== null) d[r] /= batch;
    }
    return { loss: total / batch, correct };
  },
};

/** Mean squared error: L = mean over outputs of (z − t)²; ∂L/∂z = 2(z − t)/(batch·units). */
export const mse: Loss = {
  name: 'mse',
  outputUnits: () => 1,
  evaluate(engine, logits, targets, batch, units, dlogits) {
    const n = batch * units;
    const z = engine.view(logits, n);
    const d = dlogits === null ? null : engine.view(dlogits, n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const diff = z[i] - targets[i];
      total += diff * diff;
      if (d !== null) d[i] = (2 * diff) / n;
    }
    return { loss: total / n, correct: NaN };
  },
};
