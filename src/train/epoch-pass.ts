// One epoch of training, batch by batch: the seeded order drawn at its start, each batch's forward, backward and
// update, the running sums, and at the end the validation and the epoch's metrics. train() runs it through at once;
// the library's Trainer (and the web playground) may stop between batches and go on later, to the same bits.
import { epochOrder } from '../data/split.js';
import { lrFactor } from '../optim/schedule.js';
import { locateNonFinite } from './diagnose.js';
import { evaluate, type Buffers } from './evaluate.js';
import { activationMeans } from './model-state.js';
import type { Session } from './setup.js';
import type { Divergence, EpochMetrics, TrainHooks } from './trainer.js';

export type EpochOutcome = { metrics: EpochMetrics; diverged: null } | { metrics: null; diverged: Divergence };

export class EpochPass {
  readonly batches: number;
  /** Batches trained so far. */
  done = 0;
  private readonly order: Uint32Array;
  private lossSum = 0;
  private correct = 0;
  private seen = 0;
  /** Seconds spent training this epoch's batches (not the time between them, when a caller pauses). */
  private busy = 0;

  constructor(
    private readonly s: Session,
    private readonly buf: Buffers,
    readonly epoch: number,
    private readonly hooks: TrainHooks,
  ) {
    this.batches = Math.ceil(s.data.trainIndices.length / s.config.batch);
    this.order = epochOrder(s.data.trainIndices, s.rng);
  }

  get finished(): boolean {
    return this.done === this.batches;
  }

  /** Trains the next batch; returns where training diverged when its loss is not finite, else null. */
  batch(): Divergence | null {
    const { s, buf, order } = this;
    const { config, engine, model, optimizer, data } = s;
    const started = performance.now();
    const features = data.train.sampleShape.reduce((a, b) => a * b, 1);
    const batchSize = config.batch;
    const b = this.done;
    const n = data.train.fillInputs(order, b * batchSize, batchSize, engine.view(buf.x, batchSize * features));
    data.train.fillTargets(order, b * batchSize, n, buf.targets);
    const logits = model.forward(buf.x, n, true);
    const r = s.loss.evaluate(engine, logits, buf.targets, n, s.outputUnits, buf.dlogits);
    model.backward(buf.dlogits, n);
    if (!Number.isFinite(r.loss)) return { epoch: this.epoch, batch: b + 1, step: optimizer.step + 1, ...locateNonFinite(s) };
    optimizer.lrScale = lrFactor(config.lrSchedule, optimizer.step, config.epochs * this.batches);
    optimizer.update();
    this.lossSum += r.loss * n;
    this.correct += r.correct;
    this.seen += n;
    this.done++;
    this.busy += (performance.now() - started) / 1000;
    if (this.hooks.onBatch && (b % 20 === 0 || this.finished)) {
      this.hooks.onBatch({ epoch: this.epoch, epochs: config.epochs, batch: b + 1, batches: this.batches, samplesPerSecond: this.seen / this.busy, runningLoss: this.lossSum / this.seen });
    }
    return null;
  }

  /** After the last batch: the validation and the epoch's metrics, or where training diverged. */
  finish(): EpochOutcome {
    const { s, buf } = this;
    const { engine, model, optimizer, data } = s;
    const val = data.valIndices.length > 0 ? evaluate(s, buf, data.train, data.valIndices) : null;
    const metrics: EpochMetrics = {
      epoch: this.epoch,
      trainLoss: this.lossSum / this.seen,
      trainAccuracy: this.correct / this.seen,
      valLoss: val?.loss ?? null,
      valAccuracy: val?.accuracy ?? null,
      seconds: this.busy,
      samplesPerSecond: this.seen / this.busy,
      activationMeans: activationMeans(s),
    };
    if (!Number.isFinite(metrics.valLoss ?? 0) || !model.params.every((p) => engine.view(p.value).every(Number.isFinite))) {
      return { metrics: null, diverged: { epoch: this.epoch, batch: this.batches, step: optimizer.step, ...locateNonFinite(s) } };
    }
    return { metrics, diverged: null };
  }
}
