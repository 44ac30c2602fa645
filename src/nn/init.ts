// Weight initialisers (uniform variants, as Keras and PyTorch use by default).
import type { Rng } from '../rng.js';

export type Initializer = 'glorot' | 'he' | 'lecun';

/**
 * The uniform limit for fan-in/fan-out: Glorot √(6/(in+out)), He √(6/in), LeCun √(3/in)
 * (each gives the variance its paper asks for: 2/(in+out), 2/in, 1/in).
 */
export function uniformLimit(init: Initializer, fanIn: number, fanOut: number): number {
  switch (init) {
    case 'glorot':
      return Math.sqrt(6 / (fanIn + fanOut));
    case 'he':
      return Math.sqrt(6 / fanIn);
    case 'lecun':
      return Math.sqrt(3 / fanIn);
  }
}

export function fillUniform(out: Float32Array, limit: number, rng: Rng): void {
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-limit, limit);
}
