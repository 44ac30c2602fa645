// Picks the engine for a run: WASM SIMD (GEMMs split over worker threads where memory can be
// shared), else plain TypeScript.
import { Arena } from './arena.js';
import type { Engine } from './engine.js';
import { createJsEngine } from './js-engine.js';
import { GemmPool } from './pool.js';
import { instantiateKernels, kernelModule } from './wasm.js';
import { wasmEngine } from './wasm-engine.js';

export interface EngineOptions {
  /** Threads for large GEMMs. Results are bitwise the same for any count. */
  threads: number;
  /** 'js' forces the plain TypeScript engine (tests, platforms without WASM SIMD). */
  kind?: 'wasm' | 'js';
}

/** The most memory the WASM engine's arena grows to (its tensors: weights, optimizer state, layer buffers). */
export const ENGINE_MEMORY_BYTES = 1 << 30;

export async function createEngine(options: EngineOptions): Promise<Engine> {
  if (options.kind === 'js') return createJsEngine();
  const arena = new Arena({ initialBytes: 64 << 20, maximumBytes: ENGINE_MEMORY_BYTES });
  const module = await kernelModule(arena.shared);
  const kernels = instantiateKernels(module, arena.memory);
  const pool = options.threads > 1 ? await GemmPool.create(arena, kernels, module, { threads: options.threads }) : undefined;
  return wasmEngine(arena, kernels, pool ?? null, pool?.threads ?? 1, () => pool?.close());
}
