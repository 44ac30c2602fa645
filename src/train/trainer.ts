// The training loop: seeded batches, metrics per epoch, a checkpoint after every epoch handed to the run's recorder,
// resume from a restored start, and a guard that stops at the first non-finite loss or parameter. Where records go
// (a run directory, or nowhere for a run held in memory) is the recorder's business.
import { UsageError } from '../errors.js';
import { encodeCheckpoint, type Progress } from './checkpoint.js';
import { overflowWarnings } from './diagnose.js';
import { EpochPass } from './epoch-pass.js';
import { allocBuffers, evaluate, type Buffers } from './evaluate.js';
import { activationRecords, restore, snapshot, type ActivationRecord } from './model-state.js';
import { networkRecord, type Session } from './setup.js';
import { summarize, type ValueSummary } from './stats.js';

export type { ActivationRecord } from './model-state.js';

/** Training stopped on a non-finite loss or parameter. Exit code 3. */
export class DivergedError extends UsageError {
  override readonly exitCode = 3;
}

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  seconds: number;
  samplesPerSecond: number;
  /** Mean of each learnable activation parameter per layer, e.g. {"act0.alpha": 0.93}. */
  activationMeans: Record<string, number>;
}

export interface BatchEvent {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  samplesPerSecond: number;
  runningLoss: number;
}

export interface TrainHooks {
  onBatch?(e: BatchEvent): void;
  onEpoch?(m: EpochMetrics): void;
  onWarning?(message: string): void;
}

export interface Divergence {
  epoch: number;
  batch: number;
  step: number;
  layer: string;
  what: string;
}

export interface Summary {
  status: 'finished' | 'diverged';
  epochs: number;
  final: { testLoss: number; testAccuracy: number; valLoss: number | null; valAccuracy: number | null };
  best: { epoch: number; valAccuracy: number; testLoss: number; testAccuracy: number } | null;
  secondsPerEpoch: number;
  activationParams: Record<string, Record<string, ValueSummary>>;
  diverged: Divergence | null;
}

/** Where training starts: from nothing (FRESH_START), or from a checkpoint restored into the session. */
export interface RunStart {
  progress: Progress;
  /** The best validation epoch's weights, when one was recorded. */
  best: Float32Array[] | null;
  /** The best epoch's record must be written again: the process died between the checkpoint and it. */
  rewriteBest: boolean;
  /** What was found wrong and repaired, for the user. */
  warnings: string[];
}

export const freshStart = (): RunStart => ({ progress: { epoch: 0, bestEpoch: 0, bestValAccuracy: -Infinity }, best: null, rewriteBest: false, warnings: [] });

/**
 * Where a run's records go as it trains. A run directory (run-dir.ts) writes each; a run held in memory needs none.
 * Checkpoints come as functions: a recorder that keeps none encodes none.
 */
export interface RunRecorder {
  /** Names where the records are, for messages ("in runs/x"). */
  readonly where: string;
  /** Before the first epoch: repairs what a killed process left; returns what it repaired, for the user. */
  begin(progress: Progress, initial: ActivationRecord[], best: (() => Uint8Array) | null): string[];
  /** After each epoch: its metrics, the checkpoint, and the best epoch's weights when this epoch is the best so far. */
  epoch(m: EpochMetrics, checkpoint: () => Uint8Array, best: (() => Uint8Array) | null): void;
  /** At the end: the learned activation parameters (null after a divergence) and the summary. */
  end(learned: ActivationRecord[] | null, summary: Summary): void;
}

/** What training in memory records: nothing beyond what train returns. */
export const noRecorder: RunRecorder = { where: 'in memory', begin: () => [], epoch: () => {}, end: () => {} };

/** Warnings about the network as built: a linear model, activations that overflow without batch norm. */
function networkWarnings(s: Session): string[] {
  const warnings = overflowWarnings(s.model);
  if (s.model.activationLayers.every((l) => l.activation.affine)) {
    warnings.unshift(
      `every hidden activation (${[...new Set(s.model.activationLayers.map((l) => l.activation.name))].join(', ')}) is affine, so the whole network is a linear model: expect softmax-regression accuracy (about 92 % on MNIST)`,
    );
  }
  return warnings;
}

/**
 * A run in progress, one epoch (or one batch) at a time: what the loop of train() does, for callers that train step by
 * step (the library's Trainer, the web playground). begin() once, then epoch() or batch() until done, then finish().
 */
export class Training {
  private readonly buf: Buffers;
  private readonly initial: ActivationRecord[];
  private readonly progress: Progress;
  private best: Float32Array[] | null;
  private last: EpochMetrics | null = null;
  private pass: EpochPass | null = null;
  private readonly epochSeconds: number[] = [];
  private readonly checkpoint: (withOptimizer: boolean) => () => Uint8Array;

  constructor(
    readonly session: Session,
    private readonly start: RunStart,
    private readonly recorder: RunRecorder = noRecorder,
    private readonly hooks: TrainHooks = {},
  ) {
    const { engine, model, optimizer, rng } = session;
    this.buf = allocBuffers(session);
    this.initial = activationRecords(session, null);
    this.progress = { ...start.progress };
    this.best = start.best;
    const network = networkRecord(session);
    this.checkpoint = (withOptimizer) => () => encodeCheckpoint(engine, model, withOptimizer ? optimizer : null, rng, this.progress, network);
  }

  /** Epochs completed (the start's included). */
  get epochsDone(): number {
    return this.progress.epoch;
  }

  /** The warnings about the network and the start, and the repairs of what a killed process left. */
  begin(): void {
    const { session, start, recorder } = this;
    const repairs = recorder.begin(this.progress, this.initial, start.rewriteBest ? this.checkpoint(false) : null);
    for (const w of [...networkWarnings(session), ...start.warnings, ...repairs]) this.hooks.onWarning?.(w);
  }

  /** Batches trained of the epoch under way (0 between epochs). */
  get batchesDone(): number {
    return this.pass?.done ?? 0;
  }

  /** Trains the rest of the epoch under way, or the next one, and records it; throws DivergedError (after recording). */
  epoch(): EpochMetrics {
    const pass = this.pass ?? this.startPass();
    while (!pass.finished) {
      const diverged = pass.batch();
      if (diverged !== null) throw this.diverged(diverged);
    }
    return this.endPass(pass);
  }

  /** Trains one batch (starting the next epoch between epochs); returns the epoch's metrics when it was its last, else null. */
  batch(): EpochMetrics | null {
    const pass = this.pass ?? this.startPass();
    const diverged = pass.batch();
    if (diverged !== null) throw this.diverged(diverged);
    return pass.finished ? this.endPass(pass) : null;
  }

  private startPass(): EpochPass {
    return (this.pass = new EpochPass(this.session, this.buf, this.progress.epoch + 1, this.hooks));
  }

  /** Records a divergence and returns the error to throw; the epoch under way is dropped. */
  private diverged(where: Divergence): DivergedError {
    this.pass = null;
    return diverge(this.session, where, this.progress, this.last, this.epochSeconds, this.recorder);
  }

  /** The validation after the epoch's last batch, and its records. */
  private endPass(pass: EpochPass): EpochMetrics {
    const { session, progress } = this;
    this.pass = null;
    const outcome = pass.finish();
    if (outcome.diverged !== null) throw this.diverged(outcome.diverged);
    const epoch = pass.epoch;
    const m = outcome.metrics;
    this.epochSeconds.push(m.seconds);
    progress.epoch = epoch;
    const score = m.valLoss === null ? null : validationScore({ loss: m.valLoss, accuracy: m.valAccuracy ?? NaN });
    const improved = score !== null && score > progress.bestValAccuracy;
    if (improved) {
      progress.bestEpoch = epoch;
      progress.bestValAccuracy = score;
      this.best = snapshot(session);
    }
    this.recorder.epoch(m, this.checkpoint(true), improved ? this.checkpoint(false) : null);
    this.last = m;
    this.hooks.onEpoch?.(m);
    return m;
  }

  /** The summary (final and best-epoch tests), recorded with the learned activation parameters. */
  finish(): Summary {
    const summary = finish(this.session, this.buf, this.progress, this.best, this.last, this.epochSeconds);
    this.recorder.end(activationRecords(this.session, this.initial), summary);
    return summary;
  }

  /** The activation records: as at the start of this training, and as learned now. */
  activations(): ActivationRecord[] {
    return activationRecords(this.session, this.initial);
  }
}

/**
 * Trains for config.epochs epochs from `start` (fresh, or a restored checkpoint), handing metrics, checkpoints and
 * the summary to `recorder`; throws DivergedError after recording a divergence.
 */
export function train(s: Session, start: RunStart, recorder: RunRecorder = noRecorder, hooks: TrainHooks = {}): Summary {
  const training = new Training(s, start, recorder, hooks);
  training.begin();
  while (training.epochsDone < s.config.epochs) training.epoch();
  return training.finish();
}

/** Records a divergence (the last good checkpoint stays as it is) and returns the error to throw. */
function diverge(s: Session, diverged: Divergence, progress: Progress, last: EpochMetrics | null, epochSeconds: number[], recorder: RunRecorder): DivergedError {
  recorder.end(null, {
    status: 'diverged',
    epochs: progress.epoch,
    final: { testLoss: NaN, testAccuracy: NaN, valLoss: last?.valLoss ?? null, valAccuracy: last?.valAccuracy ?? null },
    best: null,
    secondsPerEpoch: mean(epochSeconds),
    activationParams: {},
    diverged,
  });
  const advice = s.model.activationLayers.find((l) => l.name === diverged.layer)?.activation.overflowAdvice;
  return new DivergedError(
    `training diverged at epoch ${diverged.epoch}, batch ${diverged.batch} (step ${diverged.step}), in ${diverged.layer}: ${diverged.what}; ` +
      (advice === undefined ? '' : `${advice}; `) +
      (progress.epoch > 0 ? `the last good checkpoint (epoch ${progress.epoch}) is kept ${recorder.where}` : `no epoch had finished, so there is no checkpoint ${recorder.where}`),
  );
}

/** The summary of a finished run: the final test and validation, and the test at the best validation epoch. */
function finish(s: Session, buf: Buffers, progress: Progress, best: Float32Array[] | null, last: EpochMetrics | null, epochSeconds: number[]): Summary {
  const { data, model } = s;
  const finalTest = evaluate(s, buf, data.test, data.testIndices);
  // The last epoch's validation ran on these same weights: reuse it (a resumed run that trained no epoch evaluates).
  const finalVal =
    data.valIndices.length === 0 ? null : last?.valLoss != null ? { loss: last.valLoss, accuracy: last.valAccuracy ?? NaN } : evaluate(s, buf, data.train, data.valIndices);
  const activationParams: Summary['activationParams'] = {};
  for (const l of model.activationLayers) {
    activationParams[l.name] = {};
    for (const [name, v] of l.parameterValues()) {
      if (l.activation.params.find((p) => p.name === name)?.learnable) activationParams[l.name][name] = summarize(v);
    }
  }
  let bestResult: Summary['best'] = null;
  if (best !== null) {
    // The best epoch being the last, its weights are the current ones: the final test is its test.
    let t = finalTest;
    if (progress.bestEpoch !== progress.epoch) {
      const current = snapshot(s);
      restore(s, best);
      t = evaluate(s, buf, data.test, data.testIndices);
      restore(s, current);
    }
    const regression = Number.isNaN(t.accuracy);
    bestResult = { epoch: progress.bestEpoch, valAccuracy: regression ? NaN : progress.bestValAccuracy, testLoss: t.loss, testAccuracy: t.accuracy };
  }
  return {
    status: 'finished',
    epochs: progress.epoch,
    final: { testLoss: finalTest.loss, testAccuracy: finalTest.accuracy, valLoss: finalVal?.loss ?? null, valAccuracy: finalVal?.accuracy ?? null },
    best: bestResult,
    secondsPerEpoch: mean(epochSeconds),
    activationParams,
    diverged: null,
  };
}

/** What picks the best epoch: validation accuracy, or minus the validation loss for regression (no accuracy). */
function validationScore(val: { loss: number; accuracy: number }): number {
  return Number.isNaN(val.accuracy) ? -val.loss : val.accuracy;
}

function mean(v: number[]): number {
  return v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length;
}
