// A session's model as values: the activation parameters per layer (records and means), and copies of every tensor
// that defines its function, to put back later (the best epoch's weights).
import type { Tensor } from '../engine/engine.js';
import type { Session } from './setup.js';
import { summarize } from './stats.js';

/** A layer's activation parameters at the start and as learned, one value per slot. */
export interface ActivationRecord {
  layer: string;
  activation: string;
  sharing: string;
  /** Natural-scale values per parameter name, one per slot (initial and learned). */
  initial: Record<string, number[]>;
  learned: Record<string, number[]>;
}

/** Each activation layer's parameters now, as learned; initial values from `initial` (null: now is the start). */
export function activationRecords(s: Session, initial: readonly ActivationRecord[] | null): ActivationRecord[] {
  return s.model.activationLayers.map((l) => {
    const learned = Object.fromEntries([...l.parameterValues()].map(([k, v]) => [k, Array.from(v)]));
    return { layer: l.name, activation: l.activation.name, sharing: l.sharing, initial: initial?.find((r) => r.layer === l.name)?.initial ?? learned, learned };
  });
}

export function activationMeans(s: Session): Record<string, number> {
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

export function snapshot(s: Session): Float32Array[] {
  return modelTensors(s).map((t) => s.engine.view(t).slice());
}

export function restore(s: Session, saved: Float32Array[]): void {
  modelTensors(s).forEach((t, i) => s.engine.view(t).set(saved[i]));
}
