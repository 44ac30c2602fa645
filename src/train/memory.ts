// How much engine memory a run needs, known before any is taken: the network is built on an engine that only counts.
import { ENGINE_MEMORY_BYTES } from '../engine/create.js';
import { measuringEngine } from '../engine/measure.js';
import { UsageError } from '../errors.js';
import { Rng } from '../rng.js';
import { buildNetwork, type NetworkPlan } from './network.js';

/** The evaluation batch: buffers hold the larger of it and the training batch. */
export const EVAL_BATCH = 500;

/** 1.5 GiB, 340 MiB, 12 KiB. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toPrecision(3)} ${units[u]}`;
}

/**
 * Bytes of engine memory a session needs for `maxBatch` samples: the network built on an engine that only counts,
 * what activations keep for backward, and the trainer's input and output-gradient buffers.
 */
export function sessionBytes(plan: NetworkPlan, maxBatch: number): number {
  const engine = measuringEngine();
  const { model } = buildNetwork(engine, new Rng(0), plan, maxBatch);
  // Kept for backward by training forwards only, whose batches are at most --batch.
  const trainBatch = Math.min(plan.config.batch, maxBatch);
  const kept = model.activationLayers.reduce((sum, l) => sum + 4 * l.savedPerValue * trainBatch * l.inputShape.reduce((a, b) => a * b, 1), 0);
  const buffers = 4 * maxBatch * (plan.inputShape.reduce((a, b) => a * b, 1) + plan.outputUnits);
  return engine.bytes + kept + buffers;
}

/** Refuses, before any memory is taken, a model and batch larger than the engine can hold, with what to reduce. */
export function checkFits(plan: NetworkPlan, maxBatch: number): void {
  const needed = sessionBytes(plan, maxBatch);
  if (needed <= ENGINE_MEMORY_BYTES) return;
  const perSample = (needed - sessionBytes(plan, 1)) / (maxBatch - 1 || 1);
  const fixed = needed - perSample * maxBatch;
  const batch = plan.config.batch;
  const batchText = batch >= EVAL_BATCH ? `--batch ${batch}` : `the evaluation batch, larger than --batch ${batch}`;
  const advice = fixed + perSample * Math.min(batch, EVAL_BATCH) > ENGINE_MEMORY_BYTES ? 'reduce the layer sizes in --model' : 'reduce --batch or the layer sizes in --model';
  throw new UsageError(
    `the model and batch need ${formatBytes(needed)} of engine memory, more than the ${formatBytes(ENGINE_MEMORY_BYTES)} available: ` +
      `${formatBytes(fixed)} for weights and optimizer state, ${formatBytes(perSample)} per sample × ${maxBatch} samples (${batchText}); ${advice}`,
  );
}

