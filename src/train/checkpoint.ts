// Checkpoints as bytes: weights, activation parameters (as trained, θ for e^θ ones), layer state, optimizer state,
// RNG state and progress, in one safetensors container with a checksum. Files are the run directory's business.
import type { Engine } from '../engine/engine.js';
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

const FORMAT = 'actlab-checkpoint-1';

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

/** What a checkpoint says of the network it holds, so that it can be rebuilt from the checkpoint alone. */
export interface NetworkRecord {
  /** The training settings (TrainConfig). */
  config: Record<string, unknown>;
  /** One example's shape, and the classes (0 for regression). */
  inputShape: number[];
  classes: number;
}

/** The model (and, given, the optimizer) with the RNG state, progress and network record, as safetensors bytes. */
export function encodeCheckpoint(engine: Engine, model: Model, optimizer: Optimizer | null, rng: Rng, progress: Progress, network: NetworkRecord): Uint8Array {
  const metadata = {
    format: FORMAT,
    network: JSON.stringify(network),
    progress: JSON.stringify(progress),
    optimizerStep: String(optimizer?.step ?? 0),
    rng: JSON.stringify(rng.getState().map((v) => (Number.isNaN(v) ? null : v))),
  };
  return encodeSafetensors({ tensors: tensorMap(engine, model, optimizer), metadata });
}

function parseProgress(text: string): Progress {
  const progress = JSON.parse(text) as Progress;
  // JSON has no -Infinity (no best epoch yet): it was written as null.
  return { ...progress, bestValAccuracy: progress.bestValAccuracy ?? -Infinity };
}

/** The network a checkpoint holds (see NetworkRecord); `source` names the bytes in errors. */
export function checkpointNetwork(bytes: Uint8Array, source: string): NetworkRecord {
  const { metadata } = decodeSafetensors(bytes, source);
  if (metadata.format !== FORMAT) throw new CheckpointFormatError(`${source}: format '${metadata.format}' is not ${FORMAT}`);
  if (metadata.network === undefined) throw new CheckpointFormatError(`${source}: the checkpoint does not record its network (written before actlab recorded it); rebuild it from its run's config.json`);
  return JSON.parse(metadata.network) as NetworkRecord;
}

/** The progress checkpoint bytes record, or null when they are not a sound checkpoint. */
export function checkpointProgress(bytes: Uint8Array): Progress | null {
  try {
    const { metadata } = decodeSafetensors(bytes, 'checkpoint');
    return metadata.progress === undefined ? null : parseProgress(metadata.progress);
  } catch {
    return null;
  }
}

/**
 * Restores what encodeCheckpoint wrote into a model built from the same config (and the optimizer and RNG when
 * given); returns the progress. `source` names the bytes in errors (a file path).
 */
export function restoreCheckpoint(bytes: Uint8Array, source: string, engine: Engine, model: Model, optimizer: Optimizer | null, rng: Rng | null): Progress {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  if (metadata.format !== FORMAT) throw new CheckpointFormatError(`${source}: format '${metadata.format}' is not ${FORMAT}`);
  const targets = tensorMap(engine, model, optimizer);
  // Every tensor is checked before any is copied: a refused checkpoint leaves the model as it was.
  for (const [name, target] of targets) {
    const stored = tensors.get(name);
    if (stored === undefined) throw new CheckpointFormatError(`${source}: tensor ${name} is missing (was the run made with another model?)`);
    if (stored.data.length !== target.data.length) {
      throw new CheckpointFormatError(`${source}: tensor ${name} has ${stored.data.length} values, the model expects ${target.data.length}`);
    }
  }
  for (const [name, target] of targets) target.data.set(tensors.get(name)!.data);
  if (optimizer !== null) optimizer.step = Number(metadata.optimizerStep);
  if (rng !== null) rng.setState((JSON.parse(metadata.rng) as (number | null)[]).map((v) => v ?? NaN));
  return parseProgress(metadata.progress);
}
