// A run the caller drives one epoch or one batch at a time (the web playground: pause, step, watch): createTrainer()
// builds it from the same options as train(); each epoch() returns its metrics, and between steps the model predicts
// and shows its learned activations and how large its gradients were.
import type { Session } from '../train/setup.js';
import { createSession } from '../train/setup.js';
import { freshStart, Training, type EpochMetrics, type Summary, type TrainHooks } from '../train/trainer.js';
import type { ActivationRecord } from '../train/model-state.js';
import type { TrainConfig } from '../train/config.js';
import { VERSION } from '../version.js';
import { TrainedModel } from './model.js';
import { inMemoryPlan, type TrainOptions } from './train.js';

/** The mean absolute gradient of a parameter tensor in the last batch trained. */
export interface GradientSize {
  layer: string;
  param: string;
  meanAbs: number;
}

export class Trainer {
  /** Every epoch's metrics so far. */
  readonly metrics: EpochMetrics[] = [];
  /** The network as trained so far: predictions, learned activations, checkpoint bytes. */
  readonly model: TrainedModel;

  /** @internal Built by createTrainer(). */
  constructor(
    private readonly session: Session,
    private readonly training: Training,
  ) {
    this.model = new TrainedModel(session, training.activations());
  }

  get epochsDone(): number {
    return this.training.epochsDone;
  }

  /**
   * Trains the rest of the epoch under way, or one more (past options.epochs too, though a cosine schedule ends
   * there); throws DivergedError.
   */
  epoch(): EpochMetrics {
    const m = this.training.epoch();
    this.metrics.push(m);
    return m;
  }

  /** Batches trained of the epoch under way (0 between epochs). */
  get batchesDone(): number {
    return this.training.batchesDone;
  }

  /**
   * Trains one batch, starting the next epoch between epochs: a caller may stop between any two (the same bits as
   * epoch()). Returns the epoch's metrics when the batch was its last, else null; throws DivergedError.
   */
  batch(): EpochMetrics | null {
    const m = this.training.batch();
    if (m !== null) this.metrics.push(m);
    return m;
  }

  /** Each activation layer's parameters at the start and now, one value per slot. */
  activations(): ActivationRecord[] {
    return this.training.activations();
  }

  /** Mean |gradient| of every parameter tensor in the last batch: where gradients vanish or explode. */
  gradientSizes(): GradientSize[] {
    const { engine, model } = this.session;
    return model.layers.flatMap((layer) =>
      layer.params.map((p) => {
        const g = engine.view(p.grad);
        let sum = 0;
        for (let i = 0; i < g.length; i++) sum += Math.abs(g[i]);
        return { layer: layer.name, param: p.name.slice(layer.name.length + 1), meanAbs: g.length === 0 ? 0 : sum / g.length };
      }),
    );
  }

  /** What a run directory's config.json holds for this run (as `actlab train` writes it; out is null: it is in memory). */
  runConfig(): TrainConfig & { actlabVersion: string } {
    return { actlabVersion: VERSION, ...this.session.config, out: null };
  }

  /** The summary so far: the test at the end and at the best validation epoch. Training may go on afterwards. */
  summary(): Summary {
    return this.training.finish();
  }

  /** Releases the engine; neither the trainer nor its model can be used afterwards. */
  dispose(): void {
    this.session.engine.dispose();
  }
}

/** A trainer for in-memory examples with train()'s options; nothing is trained until epoch() is called. */
export async function createTrainer(options: TrainOptions, hooks: TrainHooks = {}): Promise<Trainer> {
  const { config, splits } = inMemoryPlan(options);
  const session = await createSession(config, splits);
  const training = new Training(session, freshStart(), undefined, hooks);
  training.begin();
  return new Trainer(session, training);
}
