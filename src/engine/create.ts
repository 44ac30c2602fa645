// Picks the engine for a run: WASM SIMD (GEMMs split over worker threads where memory can be shared), else plain
// TypeScript.
import { Arena } from './arena.js';
import type { Engine } from './engine.js';
import { createJsEngine } from './js-engine.js';
import { GemmPool, type PoolOptions } from './pool.js';
import { instantiateKernels, kernelModule, type Kernels } from './wasm.js';
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
  return (await startWasmEngine(arena, { threads: options.threads })).engine;
}

/** A WASM engine with the arena and kernel instance under it: tests reach the kernels themselves (a GEMM's row range). */
export interface WasmEngineParts {
  engine: Engine;
  arena: Arena;
  kernels: Kernels;
  module: WebAssembly.Module;
}

/**
 * The WASM engine over `arena`, its large GEMMs split over `pool.threads` threads where that is above 1 and the arena
 * is shared (else on the calling thread).
 */
export async function startWasmEngine(arena: Arena, pool: PoolOptions): Promise<WasmEngineParts> {
  const module = await kernelModule(arena.shared);
  const kernels = instantiateKernels(module, arena.memory);
  const runner = pool.threads > 1 ? await GemmPool.create(arena, kernels, module, pool) : undefined;
  const engine = wasmEngine(arena, kernels, runner ?? null, runner?.threads ?? 1, () => runner?.close());
  return { engine, arena, kernels, module };
}
