// Evaluation over a data set's examples in batches, with the trainer's buffers.
import type { ExampleSource } from '../data/source.js';
import type { Tensor } from '../engine/engine.js';
import { EVAL_BATCH } from './memory.js';
import type { Session } from './setup.js';

/** The trainer's batch buffers: inputs, targets and the loss gradient, for up to maxBatch samples. */
export interface Buffers {
  x: Tensor;
  targets: Float32Array;
  dlogits: Tensor;
}

export function allocBuffers(s: Session): Buffers {
  const features = s.data.train.sampleShape.reduce((a, b) => a * b, 1);
  return { x: s.engine.alloc(s.maxBatch * features), targets: new Float32Array(s.maxBatch), dlogits: s.engine.alloc(s.maxBatch * s.outputUnits) };
}

/** Mean loss and accuracy of the model over the examples `indices` of `source`. */
export function evaluate(s: Session, buf: Buffers, source: ExampleSource, indices: ArrayLike<number>): { loss: number; accuracy: number } {
  let loss = 0, correct = 0;
  const features = source.sampleShape.reduce((a, b) => a * b, 1);
  for (let offset = 0; offset < indices.length; offset += EVAL_BATCH) {
    const n = source.fillInputs(indices, offset, EVAL_BATCH, s.engine.view(buf.x, EVAL_BATCH * features));
    source.fillTargets(indices, offset, n, buf.targets);
    const logits = s.model.forward(buf.x, n, false);
    const r = s.loss.evaluate(s.engine, logits, buf.targets, n, s.outputUnits, null);
    loss += r.loss * n;
    correct += r.correct;
  }
  return { loss: loss / indices.length, accuracy: correct / indices.length };
}
