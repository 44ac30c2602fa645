// Checkpoints: weights, activation parameters (as trained, θ for e^θ ones), layer state, optimizer state,
// RNG state and progress, in one safetensors file written atomically.
import { existsSync } from 'node:fs';
import type { Engine } from '../engine/engine.js';
import { readRegularFile, writeFileAtomic } from '../fs.js';
import type { Model } from '../nn/model.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Rng } from '../rng.js';
import { CheckpointFormatError, decodeSafetensors, encodeSafetensors } from './safetensors.js';

export interface Progress {
  /** Epochs completed. */
  epoch: number;
  bestEpoch: number;
  /** The best epoch's validation score: its accuracy, or minus its loss for regression. */
  bestValAccuracy: number;
}

function tensorMap(engine: Engine, model: Model, optimizer: Optimizer | null) {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const p of model.params) out.set(p.name, { shape: p.shape, data: engine.view(p.value) });
  // Non-trainable layer state (batch-norm moving statistics) travels with the weights.
  for (const layer of model.layers) for (const s of layer.state ?? []) out.set(s.name, { shape: [s.tensor.length], data: engine.view(s.tensor) });
  if (optimizer !== null) {
    for (const [name, t] of optimizer.state()) out.set(`optimizer.${name}`, { shape: [t.length], data: engine.view(t) });
  }
  return out;
}

export function saveCheckpoint(path: string, engine: Engine, model: Model, optimizer: Optimizer | null, rng: Rng, progress: Progress): void {
  const metadata = {
    format: 'actlab-checkpoint-1',
    progress: JSON.stringify(progress),
    optimizerStep: String(optimizer?.step ?? 0),
    rng: JSON.stringify(rng.getState().map((v) => (Number.isNaN(v) ? null : v))),
  };
  writeFileAtomic(path, encodeSafetensors({ tensors: tensorMap(engine, model, optimizer), metadata }));
}

/** The progress a checkpoint file records, or null when it is missing or not a sound checkpoint. */
export function checkpointProgress(path: string): Progress | null {
  try {
    const { metadata } = decodeSafetensors(readRegularFile(path, path), path);
    return metadata.progress === undefined ? null : (JSON.parse(metadata.progress) as Progress);
  } catch {
    return null;
  }
}

/** Restores what saveCheckpoint wrote into a model built from the same config; returns the progress. */
export function loadCheckpoint(path: string, engine: Engine, model: Model, optimizer: Optimizer | null, rng: Rng | null): Progress {
  if (!existsSync(path)) throw new CheckpointFormatError(`${path} does not exist`);
  const { tensors, metadata } = decodeSafetensors(readRegularFile(path, path), path);
  if (metadata.format !== 'actlab-checkpoint-1') throw new CheckpointFormatError(`${path}: format '${metadata.format}' is not actlab-checkpoint-1`);
  for (const [name, target] of tensorMap(engine, model, optimizer)) {
    const stored = tensors.get(name);
    if (stored === undefined) throw new CheckpointFormatError(`${path}: tensor ${name} is missing (was the run made with another model?)`);
    if (stored.data.length !== target.data.length) {
      throw new CheckpointFormatError(`${path}: tensor ${name} has ${stored.data.length} values, the model expects ${target.data.length}`);
    }
    target.data.set(stored.data);
  }
  if (optimizer !== null) optimizer.step = Number(metadata.optimizerStep);
  if (rng !== null) rng.setState((JSON.parse(metadata.rng) as (number | null)[]).map((v) => v ?? NaN));
  const progress = JSON.parse(metadata.progress) as Progress;
  // JSON has no -Infinity (no best epoch yet): it was written as null.
  return { ...progress, bestValAccuracy: progress.bestValAccuracy ?? -Infinity };
}
