// One place to start the WASM engine: an arena, the kernels over its memory, optional GEMM threads, the ops.
import { Arena, type ArenaOptions } from './arena.js';
import { Ops } from './ops.js';
import { GemmPool, availableThreads, type PoolOptions } from './pool.js';
import { instantiateKernels, kernelModule } from './wasm.js';

export interface EngineOptions extends ArenaOptions, Partial<Omit<PoolOptions, 'threads'>> {
  /** Threads for large GEMMs, the calling one included: a number or 'auto' (all cores). Default 1. */
  threads?: number | 'auto';
}

/**
 * Creates an arena (shared memory where available), the kernels bound to it and, for threads > 1, a GEMM
 * worker pool; without SharedArrayBuffer it stays on one thread. Call ops.close() to stop the workers.
 */
export async function createOps(options: EngineOptions = {}): Promise<Ops> {
  const arena = new Arena(options);
  const module = await kernelModule(arena.shared);
  const kernels = instantiateKernels(module, arena.memory);
  const threads = options.threads === 'auto' ? await availableThreads() : (options.threads ?? 1);
  const pool = threads > 1 ? await GemmPool.create(arena, kernels, module, { ...options, threads }) : undefined;
  return new Ops(arena, kernels, pool);
}
