// Threads for large GEMMs: workers share the arena's memory and split a product's rows. Each call is
// synchronised through a control block in that memory with Atomics (a postMessage per call costs ~50 µs).
import type { Arena } from './arena.js';
import type { GemmLayout, GemmRunner } from './ops.js';
import type { Kernels } from './wasm.js';
import { CONTROL, CONTROL_BYTES, workerMain, type WorkerInit } from './worker.js';

const LAYOUTS: readonly GemmLayout[] = ['nn', 'tn', 'nt'];
/** Row tiles of the kernels are 4 high (2 for A·Bᵀ): ranges start on multiples of 4 so no tile is split. */
const ROW_ALIGN = 4;

export interface PoolOptions {
  /** Total threads including the calling one; ≥ 2. */
  threads: number;
  /** GEMMs below this many flops (2·M·N·K) run on the calling thread: one hand-off costs ~5–15 µs,
   *  half of 1 MFLOP at ~40 GFLOP/s saves ~12 µs. Default 2^20. */
  minFlops?: number;
  /** Polls (~11 ns each) before a waiting thread sleeps in Atomics.wait. Default 2000 (~20 µs): it bridges
   *  the gaps between back-to-back GEMMs, yet does not burn a core that other processes need. */
  spin?: number;
}

/** A started worker: the browser's Worker and Node's worker_threads.Worker behind one face. */
interface WorkerHandle {
  post(message: WorkerInit): void;
  ready: Promise<void>;
  terminate(): void;
}

/** Threads the platform offers (os.availableParallelism in Node, navigator.hardwareConcurrency in browsers). */
export async function availableThreads(): Promise<number> {
  if (typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0) return navigator.hardwareConcurrency;
  try {
    const os = await import('node:os');
    return os.availableParallelism();
  } catch {
    return 1;
  }
}

export class GemmPool implements GemmRunner {
  private readonly ctl: Int32Array;
  private closed = false;

  private constructor(
    private readonly arena: Arena,
    private readonly kernels: Kernels,
    private readonly control: number,
    private readonly workers: readonly WorkerHandle[],
    private readonly minFlops: number,
    private readonly spin: number,
    /** Whether this thread may block in Atomics.wait (not a browser's main thread). */
    private readonly canBlock: boolean,
  ) {
    this.ctl = arena.i32(control, CONTROL_BYTES / 4);
  }

  /**
   * Starts threads − 1 workers on the arena's memory. Returns undefined where threads cannot share memory
   * (no SharedArrayBuffer, e.g. a browser page without cross-origin isolation): the caller then stays on one thread.
   */
  static async create(arena: Arena, kernels: Kernels, module: WebAssembly.Module, options: PoolOptions): Promise<GemmPool | undefined> {
    const { threads, minFlops = 1 << 20, spin = 2000 } = options;
    if (!Number.isInteger(threads) || threads < 2 || threads > 40) {
      throw new RangeError(`GemmPool: threads must be an integer in 2..40, got ${threads}`);
    }
    if (!arena.shared) return undefined;
    const control = arena.alloc(CONTROL_BYTES);
    arena.i32(control, CONTROL_BYTES / 4).fill(0);
    const source = `(${workerMain.toString()})();`;
    const workers = await Promise.all(Array.from({ length: threads - 1 }, () => startWorker(source)));
    workers.forEach((worker, i) =>
      worker.post({ module, memory: arena.memory, control, index: i + 1, slots: CONTROL, kernels: LAYOUTS.map((l) => `gemm_${l}`), spin }),
    );
    try {
      await Promise.all(workers.map((w) => w.ready));
    } catch (error) {
      for (const w of workers) w.terminate();
      arena.release(control);
      throw error;
    }
    return new GemmPool(arena, kernels, control, workers, minFlops, spin, canBlockHere(arena.memory));
  }

  /** Threads including the calling one. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Runs rows 0..M of the GEMM on all threads (the calling thread takes the first range) and waits for them. */
  gemm(layout: GemmLayout, a: number, b: number, c: number, M: number, N: number, K: number, beta: number): void {
    const kernel = this.kernels[`gemm_${layout}`];
    const used = Math.min(this.threads, Math.floor(M / ROW_ALIGN));
    if (this.closed || used < 2 || 2 * M * N * K < this.minFlops) {
      kernel(a, b, c, M, N, K, beta, 0, M);
      return;
    }
    const ctl = this.ctl;
    ctl[CONTROL.op] = LAYOUTS.indexOf(layout);
    ctl.set([a, b, c, M, N, K, beta], CONTROL.args);
    for (let t = 0; t < this.threads; t++) {
      ctl[CONTROL.ranges + 2 * t] = rowStart(M, used, t);
      ctl[CONTROL.ranges + 2 * t + 1] = rowStart(M, used, t + 1);
    }
    Atomics.store(ctl, CONTROL.done, 0);
    Atomics.add(ctl, CONTROL.seq, 1);
    Atomics.notify(ctl, CONTROL.seq);
    kernel(a, b, c, M, N, K, beta, 0, rowStart(M, used, 1));
    this.awaitWorkers();
    if (Atomics.exchange(ctl, CONTROL.error, 0) !== 0) throw new Error(`GemmPool: a worker failed in gemm_${layout}`);
  }

  /** Stops the workers and frees the control block; later GEMMs run on the calling thread. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ctl[CONTROL.op] = -1;
    Atomics.add(this.ctl, CONTROL.seq, 1);
    Atomics.notify(this.ctl, CONTROL.seq);
    for (const w of this.workers) w.terminate();
    this.arena.release(this.control);
  }

  private awaitWorkers(): void {
    const ctl = this.ctl, want = this.workers.length;
    for (let polls = 0; ; polls++) {
      const done = Atomics.load(ctl, CONTROL.done);
      if (done === want) return;
      if (this.canBlock && polls >= this.spin) Atomics.wait(ctl, CONTROL.done, done);
    }
  }
}

/** First row of thread t when M rows go to `used` threads: equal shares, rounded to whole row tiles. */
function rowStart(M: number, used: number, t: number): number {
  if (t >= used) return M;
  return Math.min(M, Math.round((t * M) / used / ROW_ALIGN) * ROW_ALIGN);
}

/** A browser's main thread may not block: there the pool polls instead of sleeping. */
function canBlockHere(memory: WebAssembly.Memory): boolean {
  try {
    Atomics.wait(new Int32Array(memory.buffer, 0, 1), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

async function startWorker(source: string): Promise<WorkerHandle> {
  if (typeof Worker === 'function') {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url);
    const ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (event) => reject(new Error(`GemmPool: worker failed to start: ${event.message}`));
    });
    return { post: (m) => worker.postMessage(m), ready, terminate: () => (worker.terminate(), URL.revokeObjectURL(url)) };
  }
  const { Worker: NodeWorker } = await import('node:worker_threads');
  const worker = new NodeWorker(source, { eval: true });
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => {
      // Once started, an idle pool must not keep the process alive.
      worker.unref();
      resolve();
    });
    worker.once('error', reject);
  });
  return { post: (m) => worker.postMessage(m), ready, terminate: () => void worker.terminate() };
}
