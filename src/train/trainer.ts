// The training loop: seeded batches, metrics per epoch, an atomic checkpoint after every epoch,
// resume, and a guard that stops at the first non-finite loss or parameter.
import { join } from 'node:path';
import { epochOrder } from '../data/split.js';
import { BatchNorm } from '../nn/batch-norm.js';
import type { ExampleSource } from '../data/source.js';
import type { Tensor } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { lrFactor } from '../optim/schedule.js';
import { existsSync } from 'node:fs';
import { checkpointProgress, loadCheckpoint, saveCheckpoint, type Progress } from './checkpoint.js';
import { appendMetrics, recoverMetrics, RUN_FILES, writeJson, type EpochMetrics } from './run-dir.js';
import { EVAL_BATCH, type Session } from './setup.js';
import { summarize, type ValueSummary } from './stats.js';

/** Training stopped on a non-finite loss or parameter. Exit code 3. */
export class DivergedError extends UsageError {
  override readonly exitCode = 3;
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

export interface ActivationRecord {
  layer: string;
  activation: string;
  sharing: string;
  /** Natural-scale values per parameter name, one per slot (initial and learned). */
  initial: Record<string, number[]>;
  learned: Record<string, number[]>;
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

interface Buffers {
  x: Tensor;
  targets: Float32Array;
  dlogits: Tensor;
}

function allocBuffers(s: Session): Buffers {
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

/**
 * Names where values first broke: a non-finite parameter, else the first layer whose output in the
 * last forward pass holds a non-finite value (with the input that produced it), else a gradient.
 */
function locateNonFinite(s: Session): { layer: string; what: string } {
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

function activationRecords(s: Session, initial: Map<string, Map<string, Float32Array>>): ActivationRecord[] {
  return s.model.activationLayers.map((l) => ({
    layer: l.name,
    activation: l.activation.name,
    sharing: l.sharing,
    initial: Object.fromEntries([...(initial.get(l.name) ?? new Map())].map(([k, v]) => [k, Array.from(v)])),
    learned: Object.fromEntries([...l.parameterValues()].map(([k, v]) => [k, Array.from(v)])),
  }));
}

function activationMeans(s: Session): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of s.model.activationLayers) {
    for (const [name, v] of l.parameterValues()) {
      if (l.activation.params.find((p) => p.name === name)?.learnable) out[`${l.name}.${name}`] = summarize(v).mean;
    }
  }
  return out;
}

/** Every tensor that defines the model's function: params, then layer state (batch-norm statistics). */
function modelTensors(s: Session): Tensor[] {
  return [...s.model.params.map((p) => p.value), ...s.model.layers.flatMap((l) => (l.state ?? []).map((x) => x.tensor))];
}

function snapshot(s: Session): Float32Array[] {
  return modelTensors(s).map((t) => s.engine.view(t).slice());
}

function restore(s: Session, saved: Float32Array[]): void {
  modelTensors(s).forEach((t, i) => s.engine.view(t).set(saved[i]));
}

/** Where training starts: from nothing, or from a run directory's checkpoint, loaded and checked. */
export interface RunStart {
  progress: Progress;
  /** The best validation epoch's weights, when one was recorded. */
  best: Float32Array[] | null;
  /** best.safetensors must be written again: the process died between the checkpoint and it. */
  rewriteBest: boolean;
  /** What was found wrong and repaired, for the user. */
  warnings: string[];
}

/**
 * Loads the checkpoint of `dir` into the session when resuming (a run with none starts from epoch 0). Checks
 * everything (checksums, shapes, the best epoch's file) and writes nothing, so a refused resume leaves `dir` as it was.
 */
export function prepareStart(s: Session, dir: string, resume: boolean): RunStart {
  const start: RunStart = { progress: { epoch: 0, bestEpoch: 0, bestValAccuracy: -Infinity }, best: null, rewriteBest: false, warnings: [] };
  if (!resume || !existsSync(join(dir, RUN_FILES.checkpoint))) return start;
  const { engine, model, optimizer, rng } = s;
  start.progress = loadCheckpoint(join(dir, RUN_FILES.checkpoint), engine, model, optimizer, rng);
  const { epoch, bestEpoch } = start.progress;
  if (bestEpoch === 0) return start;
  const current = snapshot(s);
  if (bestEpoch === epoch) {
    // The checkpoint's weights are the best epoch's; best.safetensors is rewritten if the process died before it.
    start.best = current;
    start.rewriteBest = checkpointProgress(join(dir, RUN_FILES.best))?.epoch !== epoch;
    return start;
  }
  const bestProgress = loadCheckpoint(join(dir, RUN_FILES.best), engine, model, null, null);
  if (bestProgress.epoch === bestEpoch) start.best = snapshot(s);
  else start.warnings.push(`${join(dir, RUN_FILES.best)} holds epoch ${bestProgress.epoch}, not the best epoch ${bestEpoch} the checkpoint names: the best-epoch result starts over`);
  restore(s, current);
  if (start.best === null) start.progress = { ...start.progress, bestEpoch: 0, bestValAccuracy: -Infinity };
  return start;
}

/**
 * Trains for config.epochs epochs in `dir`, from `start` (see prepareStart). Writes metrics, checkpoints and the
 * summary; throws DivergedError after recording a divergence.
 */
export function train(s: Session, dir: string, start: RunStart, hooks: TrainHooks = {}): Summary {
  const { config, engine, model, optimizer, rng, data } = s;
  const buf = allocBuffers(s);
  const initial = new Map(model.activationLayers.map((l) => [l.name, l.parameterValues()]));
  if (model.activationLayers.every((l) => l.activation.affine)) {
    hooks.onWarning?.(
      `every hidden activation (${s.activation.activation.name}) is affine, so the whole network is a linear model: expect softmax-regression accuracy (about 92 % on MNIST)`,
    );
  }
  for (const advice of overflowWarnings(model)) hooks.onWarning?.(advice);
  const progress: Progress = { ...start.progress };
  let best = start.best;
  for (const w of start.warnings) hooks.onWarning?.(w);
  if (progress.epoch > 0) {
    const repaired = recoverMetrics(dir, progress.epoch);
    if (repaired !== null) hooks.onWarning?.(repaired);
    if (start.rewriteBest) saveCheckpoint(join(dir, RUN_FILES.best), engine, model, null, rng, progress);
  } else {
    recoverMetrics(dir, 0);
    writeJson(dir, RUN_FILES.activations, activationRecords(s, initial));
  }
  const features = data.train.sampleShape.reduce((a, b) => a * b, 1);
  const batchSize = config.batch;
  const batches = Math.ceil(data.trainIndices.length / batchSize);
  const epochSeconds: number[] = [];
  let diverged: Divergence | null = null;
  let last: EpochMetrics | null = null;

  for (let epoch = progress.epoch + 1; epoch <= config.epochs && diverged === null; epoch++) {
    const order = epochOrder(data.trainIndices, rng);
    const started = performance.now();
    let lossSum = 0, correct = 0, seen = 0;
    for (let b = 0; b < batches; b++) {
      const n = data.train.fillInputs(order, b * batchSize, batchSize, engine.view(buf.x, batchSize * features));
      data.train.fillTargets(order, b * batchSize, n, buf.targets);
      const logits = model.forward(buf.x, n, true);
      const r = s.loss.evaluate(engine, logits, buf.targets, n, s.outputUnits, buf.dlogits);
      model.backward(buf.dlogits, n);
      if (!Number.isFinite(r.loss)) {
        diverged = { epoch, batch: b + 1, step: optimizer.step + 1, ...locateNonFinite(s) };
        break;
      }
      optimizer.lrScale = lrFactor(config.lrSchedule, optimizer.step, config.epochs * batches);
      optimizer.update();
      lossSum += r.loss * n;
      correct += r.correct;
      seen += n;
      if (hooks.onBatch && (b % 20 === 0 || b === batches - 1)) {
        const elapsed = (performance.now() - started) / 1000;
        hooks.onBatch({ epoch, epochs: config.epochs, batch: b + 1, batches, samplesPerSecond: seen / elapsed, runningLoss: lossSum / seen });
      }
    }
    if (diverged !== null) break;
    const seconds = (performance.now() - started) / 1000;
    epochSeconds.push(seconds);
    const val = data.valIndices.length > 0 ? evaluate(s, buf, data.train, data.valIndices) : null;
    const m: EpochMetrics = {
      epoch,
      trainLoss: lossSum / seen,
      trainAccuracy: correct / seen,
      valLoss: val?.loss ?? null,
      valAccuracy: val?.accuracy ?? null,
      seconds,
      samplesPerSecond: seen / seconds,
      activationMeans: activationMeans(s),
    };
    if (!Number.isFinite(m.valLoss ?? 0) || !model.params.every((p) => engine.view(p.value).every(Number.isFinite))) {
      diverged = { epoch, batch: batches, step: optimizer.step, ...locateNonFinite(s) };
      break;
    }
    progress.epoch = epoch;
    const score = val === null ? null : validationScore(val);
    const improved = score !== null && score > progress.bestValAccuracy;
    if (improved) {
      progress.bestEpoch = epoch;
      progress.bestValAccuracy = score;
      best = snapshot(s);
    }
    // Metrics, then the checkpoint, then the best epoch: a process killed between two of these leaves records that a
    // resume puts right (metrics past the checkpoint are dropped; a best epoch equal to the checkpoint's is rewritten).
    appendMetrics(dir, m);
    saveCheckpoint(join(dir, RUN_FILES.checkpoint), engine, model, optimizer, rng, progress);
    if (improved) saveCheckpoint(join(dir, RUN_FILES.best), engine, model, null, rng, progress);
    last = m;
    hooks.onEpoch?.(m);
  }

  if (diverged !== null) {
    // The last good checkpoint stays as it is; the summary records where training broke.
    const summary: Summary = {
      status: 'diverged',
      epochs: progress.epoch,
      final: { testLoss: NaN, testAccuracy: NaN, valLoss: last?.valLoss ?? null, valAccuracy: last?.valAccuracy ?? null },
      best: null,
      secondsPerEpoch: mean(epochSeconds),
      activationParams: {},
      diverged,
    };
    writeJson(dir, RUN_FILES.summary, summary);
    const advice = model.activationLayers.find((l) => l.name === diverged?.layer)?.activation.overflowAdvice;
    throw new DivergedError(
      `training diverged at epoch ${diverged.epoch}, batch ${diverged.batch} (step ${diverged.step}), in ${diverged.layer}: ${diverged.what}; ` +
        (advice === undefined ? '' : `${advice}; `) +
        (progress.epoch > 0 ? `the last good checkpoint (epoch ${progress.epoch}) is kept in ${dir}` : `no epoch had finished, so ${dir} holds no checkpoint`),
    );
  }

  const testIdx = data.testIndices;
  const finalTest = evaluate(s, buf, data.test, testIdx);
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
  writeJson(dir, RUN_FILES.activations, activationRecords(s, initial));
  let bestResult: Summary['best'] = null;
  if (best !== null) {
    // The best epoch being the last, its weights are the current ones: the final test is its test.
    let t = finalTest;
    if (progress.bestEpoch !== progress.epoch) {
      const current = snapshot(s);
      restore(s, best);
      t = evaluate(s, buf, data.test, testIdx);
      restore(s, current);
    }
    const regression = Number.isNaN(t.accuracy);
    bestResult = { epoch: progress.bestEpoch, valAccuracy: regression ? NaN : progress.bestValAccuracy, testLoss: t.loss, testAccuracy: t.accuracy };
  }
  const summary: Summary = {
    status: 'finished',
    epochs: progress.epoch,
    final: { testLoss: finalTest.loss, testAccuracy: finalTest.accuracy, valLoss: finalVal?.loss ?? null, valAccuracy: finalVal?.accuracy ?? null },
    best: bestResult,
    secondsPerEpoch: mean(epochSeconds),
    activationParams,
    diverged: null,
  };
  writeJson(dir, RUN_FILES.summary, summary);
  return summary;
}

/** For each entry that overflows without batch norm before it: the layers that use it without, and its advice. */
function overflowWarnings(model: Session['model']): string[] {
  const unguarded = new Map<string, string[]>();
  model.layers.forEach((layer, i) => {
    const advice = model.activationLayers.find((l) => l === layer)?.activation.overflowAdvice;
    if (advice !== undefined && !(model.layers[i - 1] instanceof BatchNorm)) unguarded.set(advice, [...(unguarded.get(advice) ?? []), layer.name]);
  });
  return [...unguarded].map(([advice, layers]) => `${layers.join(', ')}: ${advice}`);
}

/** What picks the best epoch: validation accuracy, or minus the validation loss for regression (no accuracy). */
function validationScore(val: { loss: number; accuracy: number }): number {
  return Number.isNaN(val.accuracy) ? -val.loss : val.accuracy;
}

function mean(v: number[]): number {
  return v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length;
}
