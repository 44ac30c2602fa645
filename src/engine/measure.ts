// An engine that takes no memory and counts what would be allocated: a model and its optimizer built on it tell,
// before anything is allocated, how many bytes a model and batch need. Every view aliases one tiny buffer, so the
// values written while building (initial weights) are meaningless; only the count is.
import { savedFloatsPerValue } from './activation-kernels.js';
import type { ActivationOp, Engine } from './engine.js';
import { createJsEngine } from './js-engine.js';

/** What `measuringEngine` counts: bytes asked for by alloc, 64-byte aligned as the arena hands them out. */
export interface MeasuringEngine extends Engine {
  readonly bytes: number;
}

const ALIGN = 64;

export function measuringEngine(): MeasuringEngine {
  const base = createJsEngine(16);
  let bytes = 0;
  const engine: MeasuringEngine = {
    ...base,
    name: 'measure',
    get bytes() {
      return bytes;
    },
    alloc(length) {
      bytes += Math.ceil((Math.max(1, length) * 4) / ALIGN) * ALIGN;
      return { ptr: 0, length };
    },
    activation(activationName, period): ActivationOp {
      // The op of the WASM engine may keep floats per value for backward (allocated at the first training forward).
      return { ...base.activation(activationName, period), savedPerValue: savedFloatsPerValue(activationName) };
    },
  };
  return engine;
}
