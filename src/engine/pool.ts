// Threads for large GEMMs and the image kernels: workers share the arena's memory and take chunks of a call's
// rows (or images). Each call is synchronised through a control block in that memory with Atomics (a
// postMessage per call costs ~50 µs).
import { ACTIVATION_ROW_KERNELS, type ActivationRowKernel } from './activation-exports.js';
import type { Arena } from './arena.js';
import type { GemmLayout } from './engine.js';
import type { Kernels } from './wasm.js';
import { availableCores, nodeModule } from '../platform.js';
import { CONTROL, CONTROL_BYTES, JOB_HEADER, MAX_ARGS, MAX_CHUNKS, workerMain, type WorkerInit } from './worker.js';

/** The kernels threads can split: each ends in a range r0..r1 and writes only that range's outputs. */
const BASE_SPLITTABLE = [
  'gemm_nn',
  'gemm_nn_bias',
  'gemm_tn',
  'gemm_nt',
  'im2col',
  'col2im',
  'max_pool',
  'max_pool_backward',
  'avg_pool',
  'avg_pool_backward',
  'channel_normalize',
  'channel_affine_grad',
] as const;
const SPLITTABLE: readonly SplittableKernel[] = [...BASE_SPLITTABLE, ...ACTIVATION_ROW_KERNELS];

/** A kernel export the pool can split over threads. */
export type SplittableKernel = (typeof BASE_SPLITTABLE)[number] | ActivationRowKernel;

/** Runs a whole GEMM, or another kernel that ends in a range of rows, with its rows split over threads (GemmPool). */
export interface GemmRunner {
  readonly threads: number;
  gemm(layout: GemmLayout, a: number, b: number, c: number, M: number, N: number, K: number, beta: number): void;
  /** C = A·B + bias row (gemm_nn_bias). */
  gemmBias(a: number, b: number, c: number, M: number, N: number, K: number, bias: number): void;
  /** kernel(...args, r0, r1) over the range 0..count, split in whole multiples of `grain`. */
  run(name: SplittableKernel, args: readonly number[], count: number, grain?: number): void;
  close(): void;
}

/** Polls (~1 ms) before the calling thread sleeps while waiting for the workers: they are at most one chunk
 *  from done by then, and sleeping would add a wake-up to every call. */
const AWAIT_SPIN = 100_000;
/** Row tiles of the kernels are 4 high (2 for A·Bᵀ): chunks are whole multiples of 4 rows so no tile is split. */
const ROW_ALIGN = 4;
/** More chunks than threads balance the load when a thread starts late; fewer keep each kernel call long. */
const CHUNKS_PER_THREAD = 4;

export interface PoolOptions {
  /** Total threads including the calling one; ≥ 2. */
  threads: number;
  /** GEMMs below this many flops (2·M·N·K) run on the calling thread: one hand-off costs ~5–15 µs,
   *  half of 1 MFLOP at ~40 GFLOP/s saves ~12 µs. Default 2^20. */
  minFlops?: number;
  /** Polls (~11 ns each) before an idle worker sleeps in Atomics.wait. Default 20000 (~0.2 ms): it bridges the
   *  gaps between the GEMMs of a training step, since waking a sleeping thread costs ~15 µs (more on a busy VM). */
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
  return availableCores();
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
    /** Whether this thread may block in Atomics.wait (not a browser's main thread). */
    private readonly canBlock: boolean,
  ) {
    // A shared memory's buffer is never detached by growth, so this view stays valid.
    this.ctl = arena.i32(control, CONTROL_BYTES / 4);
  }

  /**
   * Starts threads − 1 workers on the arena's memory. Returns undefined where threads cannot share memory
   * (no SharedArrayBuffer, e.g. a browser page without cross-origin isolation): the caller then stays on one thread.
   */
  static async create(arena: Arena, kernels: Kernels, module: WebAssembly.Module, options: PoolOptions): Promise<GemmPool | undefined> {
    const { threads, minFlops = 1 << 20, spin = 20000 } = options;
    if (!Number.isInteger(threads) || threads < 2 || threads > 256) {
      throw new RangeError(`GemmPool: threads must be an integer in 2..256, got ${threads}`);
    }
    if (!arena.shared) return undefined;
    const control = arena.alloc(CONTROL_BYTES);
    arena.i32(control, CONTROL_BYTES / 4).fill(0);
    const source = `(${workerMain.toString()})();`;
    const workers = await Promise.all(Array.from({ length: threads - 1 }, () => startWorker(source)));
    workers.forEach((worker) =>
      worker.post({ module, memory: arena.memory, control, slots: CONTROL, kernels: SPLITTABLE, controlInts: CONTROL_BYTES / 4, jobHeader: JOB_HEADER, spin }),
    );
    try {
      await Promise.all(workers.map((w) => w.ready));
    } catch (error) {
      for (const w of workers) w.terminate();
      arena.release(control);
      throw error;
    }
    return new GemmPool(arena, kernels, control, workers, minFlops, canBlockHere(arena.memory));
  }

  /** Threads including the calling one. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Runs the GEMM on all threads and returns when it is complete. Its rows are cut into chunks (about 4 per
   * thread) that threads claim one at a time, the calling thread included: a worker that wakes late, or gets
   * no core because other processes hold it, just takes fewer chunks instead of holding the call up.
   */
  gemm(layout: GemmLayout, a: number, b: number, c: number, M: number, N: number, K: number, beta: number): void {
    if (2 * M * N * K < this.minFlops) this.kernels[`gemm_${layout}`](a, b, c, M, N, K, beta, 0, M);
    else this.run(`gemm_${layout}`, [a, b, c, M, N, K, beta], M, ROW_ALIGN);
  }

  /** C = A·B + bias (gemm_nn_bias), split as gemm is. */
  gemmBias(a: number, b: number, c: number, M: number, N: number, K: number, bias: number): void {
    if (2 * M * N * K < this.minFlops) this.kernels.gemm_nn_bias(a, b, c, M, N, K, bias, 0, M);
    else this.run('gemm_nn_bias', [a, b, c, M, N, K, bias], M, ROW_ALIGN);
  }

  /**
   * Runs kernel(...args, r0, r1) over the range 0..count cut into chunks (whole multiples of `grain`) on all
   * threads, as gemm does, and returns when all are done. Arguments are integers (pointers, sizes, 0 or 1).
   */
  run(name: SplittableKernel, args: readonly number[], count: number, grain = 1): void {
    const kernel = this.kernels[name] as (...args: number[]) => void;
    const rows = chunkRows(count, this.threads, grain);
    const chunks = Math.ceil(count / rows);
    if (this.closed || chunks < 2) {
      kernel(...args, 0, count);
      return;
    }
    if (args.length > MAX_ARGS) throw new RangeError(`GemmPool: ${name} takes ${args.length} arguments, at most ${MAX_ARGS} can be passed`);
    const ctl = this.ctl;
    const generation = (ctl[CONTROL.seq] + 1) | 0;
    ctl[CONTROL.op] = SPLITTABLE.indexOf(name);
    ctl.set([rows, chunks, count, args.length, ...args], CONTROL.job);
    Atomics.store(ctl, CONTROL.finished, 0);
    Atomics.store(ctl, CONTROL.error, 0);
    Atomics.store(ctl, CONTROL.claim, (generation & 0xfffff) << 11);
    Atomics.store(ctl, CONTROL.seq, generation);
    Atomics.notify(ctl, CONTROL.seq);
    let failure: unknown = null;
    // Only this thread changes the generation, so it may claim with a plain add.
    for (let chunk; (chunk = Atomics.add(ctl, CONTROL.claim, 1) & 0x7ff) < chunks; ) {
      // After a failure the remaining chunks are claimed and skipped, so that the job still ends.
      if (failure === null) {
        try {
          kernel(...args, chunk * rows, Math.min(count, (chunk + 1) * rows));
        } catch (error) {
          failure = error;
        }
      }
      Atomics.add(ctl, CONTROL.finished, 1);
    }
    // Chunks that workers claimed may still run: the job ends, and the block may be reused, only after them.
    this.awaitCount(CONTROL.finished, chunks);
    if (failure !== null) throw failure;
    if (Atomics.load(ctl, CONTROL.error) !== 0) throw new Error(`GemmPool: a worker failed in ${name}`);
  }

  /** Stops the workers and frees the control block; later GEMMs run on the calling thread. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const ctl = this.ctl;
    ctl[CONTROL.op] = -1;
    Atomics.add(ctl, CONTROL.seq, 1);
    Atomics.notify(ctl, CONTROL.seq);
    // Every worker confirms before the control block returns to the arena: a reused block must not be read as a job.
    this.awaitCount(CONTROL.quit, this.workers.length);
    for (const w of this.workers) w.terminate();
    this.arena.release(this.control);
  }

  /** Waits until the counter at `slot` reaches `target`: polls first, then sleeps where this thread may. */
  private awaitCount(slot: number, target: number): void {
    const ctl = this.ctl;
    for (let polls = 0; ; polls++) {
      const count = Atomics.load(ctl, slot);
      if (count >= target) return;
      if (this.canBlock && polls >= AWAIT_SPIN) Atomics.wait(ctl, slot, count);
    }
  }
}

/** Rows per chunk: about 4 chunks per thread, whole multiples of `grain` (row tiles), at most MAX_CHUNKS chunks. */
function chunkRows(count: number, threads: number, grain: number): number {
  const rows = Math.max(Math.ceil(count / (CHUNKS_PER_THREAD * threads)), Math.ceil(count / MAX_CHUNKS), 1);
  return Math.ceil(rows / grain) * grain;
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
  const threads = nodeModule('node:worker_threads');
  if (threads === undefined) throw new Error('GemmPool: this platform has neither Web Workers nor worker_threads');
  const worker = new threads.Worker(source, { eval: true });
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
