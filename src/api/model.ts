// A trained network as the library hands it out: predictions, its learned activation parameters, and its checkpoint
// as bytes, from which loadModel builds it again (in this process or another, in Node or a browser).
import { UsageError } from '../errors.js';
import { exp } from '../libm.js';
import type { ExampleSource } from '../data/source.js';
import { checkpointNetwork, encodeCheckpoint, restoreCheckpoint } from '../train/checkpoint.js';
import { resolveConfig } from '../train/config.js';
import { allocBuffers, type Buffers } from '../train/evaluate.js';
import { activationRecords, type ActivationRecord } from '../train/model-state.js';
import { createSession, networkRecord, type Session } from '../train/setup.js';

/** What predict returns per example: class probabilities (softmax), P(class 1) for two classes, or the value. */
function outputFunction(s: Session): (row: Float32Array) => void {
  switch (s.loss.name) {
    case 'softmaxCrossEntropy':
      return (row) => {
        const max = row.reduce((m, v) => Math.max(m, v), -Infinity);
        let sum = 0;
        for (let i = 0; i < row.length; i++) sum += row[i] = exp(row[i] - max);
        for (let i = 0; i < row.length; i++) row[i] /= sum;
      };
    case 'binaryLogistic':
      return (row) => {
        row[0] = 1 / (1 + exp(-row[0]));
      };
    case 'mse':
      return () => {};
  }
}

export class TrainedModel {
  private buffers: Buffers | null = null;

  /** @internal Built by train() (with the activations' records at the start) and loadModel(). */
  constructor(
    private readonly session: Session,
    private readonly initial: readonly ActivationRecord[] | null = null,
  ) {}

  /** One example's shape, and the outputs per example (classes, or 1 for two classes and for regression). */
  get inputShape(): readonly number[] {
    return this.session.data.train.sampleShape;
  }

  get outputs(): number {
    return this.session.outputUnits;
  }

  /**
   * Outputs for examples `x` (one array per example, or all in one flat array): class probabilities (n × classes),
   * P(class 1) for two classes, or predicted values for regression.
   */
  predict(x: ArrayLike<number> | readonly ArrayLike<number>[]): Float32Array {
    const s = this.session;
    const size = this.inputShape.reduce((a, b) => a * b, 1);
    const rows = x.length > 0 && typeof (x as ArrayLike<unknown>)[0] === 'object' ? (x as readonly ArrayLike<number>[]) : null;
    const count = rows?.length ?? x.length / size;
    if (!Number.isInteger(count)) throw new UsageError(`predict: ${x.length} values are not whole examples of ${size}`);
    const buf = (this.buffers ??= allocBuffers(s));
    const out = new Float32Array(count * s.outputUnits);
    const finish = outputFunction(s);
    for (let start = 0; start < count; start += s.maxBatch) {
      const n = Math.min(s.maxBatch, count - start);
      const input = s.engine.view(buf.x, n * size);
      for (let i = 0; i < n; i++) {
        const example = rows?.[start + i] ?? (x as ArrayLike<number>);
        if (rows !== null && example.length !== size) throw new UsageError(`predict: example ${start + i} has ${example.length} values, expected ${size}`);
        for (let k = 0; k < size; k++) input[i * size + k] = rows !== null ? example[k] : example[(start + i) * size + k];
      }
      const logits = s.engine.view(s.model.forward(buf.x, n, false), n * s.outputUnits);
      out.set(logits, start * s.outputUnits);
    }
    for (let i = 0; i < count; i++) finish(out.subarray(i * s.outputUnits, (i + 1) * s.outputUnits));
    return out;
  }

  /** Each activation layer's parameters, one value per slot, as learned and at the start (for a loaded model: as loaded). */
  activations(): ActivationRecord[] {
    return activationRecords(this.session, this.initial);
  }

  /** The checkpoint (safetensors bytes): weights, activation parameters, layer state and the settings that built it. */
  checkpoint(): Uint8Array {
    const s = this.session;
    return encodeCheckpoint(s.engine, s.model, null, s.rng, { epoch: 0, bestEpoch: 0, bestValAccuracy: -Infinity }, networkRecord(s));
  }

  /** Releases the engine (its memory and threads); the model cannot be used afterwards. */
  dispose(): void {
    this.session.engine.dispose();
  }
}

/** A source that has only a shape and classes: what building a network for predictions needs. */
function shapeOnly(sampleShape: number[], classes: number): ExampleSource {
  const none = () => {
    throw new UsageError('this model was loaded for predictions; it holds no training data');
  };
  return { count: 0, sampleShape, classes, fillInputs: none, fillTargets: none };
}

/** The network a checkpoint holds (from TrainedModel.checkpoint, or a run's checkpoint.safetensors), ready to predict. */
export async function loadModel(bytes: Uint8Array, options: { threads?: number } = {}): Promise<TrainedModel> {
  const network = checkpointNetwork(bytes, 'checkpoint');
  const config = resolveConfig([{ source: 'checkpoint', values: { ...network.config, threads: options.threads ?? 1 } }]);
  const source = shapeOnly(network.inputShape, network.classes);
  const none = new Uint32Array(0);
  const session = await createSession(config, { train: source, trainIndices: none, valIndices: none, test: source, testIndices: none });
  try {
    restoreCheckpoint(bytes, 'checkpoint', session.engine, session.model, null, null);
  } catch (err) {
    session.engine.dispose();
    throw err;
  }
  return new TrainedModel(session);
}
