// The loop each GEMM worker thread runs. workerMain is serialised (Function.prototype.toString) into the
// worker's whole source, so it refers to nothing outside itself: all it needs arrives in the init message.

/** Int32 slots of the control block shared by the pool and its workers; hot slots sit on separate cache lines. */
export const CONTROL = {
  /** Job generation: the pool bumps it to announce a job; idle workers wait for it to change. */
  seq: 0,
  /**
   * Chunk claims: (generation mod 2^20) · 2^11 + next chunk index. A thread takes a chunk by raising the
   * index while the generation still matches, so a worker that wakes late can never take a later job's chunk.
   */
  claim: 16,
  /** Chunks of the current job finished (run, or skipped after an error). */
  finished: 32,
  /** Workers that acknowledged the quit. */
  quit: 33,
  /** Set to 1 when a kernel threw. */
  error: 34,
  /** Kernel index into WorkerInit.kernels, or −1 to quit. */
  op: 48,
  /** Kernel arguments a, b, c, M, N, K, β (pointers are read back as unsigned), then rows per chunk and chunks. */
  args: 49,
} as const;

/** Bytes of the control block. */
export const CONTROL_BYTES = 256;
/** Chunk indices take the low 11 bits of the claim word. */
export const MAX_CHUNKS = 1024;

export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of the control block in memory. */
  control: number;
  slots: typeof CONTROL;
  /** Kernel export names, indexed by the op slot. */
  kernels: readonly string[];
  /** Polls of seq before sleeping in Atomics.wait (waking a sleeping thread takes ~15 µs). */
  spin: number;
}

type Kernel = (a: number, b: number, c: number, M: number, N: number, K: number, beta: number, m0: number, m1: number) => void;

interface Port {
  addEventListener(type: 'message', listener: (event: { data: WorkerInit }) => void, options: { once: boolean }): void;
  postMessage(message: string): void;
}

/** Instantiates the kernels on the shared memory, reports 'ready', then takes chunks of jobs until told to quit. */
export function workerMain(): void {
  // Node's eval'd workers are CommonJS scripts with require and a parentPort; browsers' workers are their own port.
  const port: Port =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    typeof require === 'function' ? require('node:worker_threads').parentPort : (globalThis as unknown as Port);
  port.addEventListener(
    'message',
    ({ data }) => {
      const { module, memory, control, slots, spin } = data;
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
      const kernels = data.kernels.map((name) => exports[name] as Kernel);
      const ctl = new Int32Array(memory.buffer, control, slots.args + 9);
      let seen = Atomics.load(ctl, slots.seq);
      port.postMessage('ready');
      for (;;) {
        for (let polls = 0; Atomics.load(ctl, slots.seq) === seen; polls++) {
          if (polls >= spin) Atomics.wait(ctl, slots.seq, seen);
        }
        seen = Atomics.load(ctl, slots.seq);
        if (ctl[slots.op] < 0) {
          Atomics.add(ctl, slots.quit, 1);
          Atomics.notify(ctl, slots.quit);
          return;
        }
        const generation = seen & 0xfffff;
        for (;;) {
          const word = Atomics.load(ctl, slots.claim);
          if (word >>> 11 !== generation) break;
          // Read after seeing this generation's claim word, so these are this job's values.
          const s = slots.args, rows = ctl[s + 7], chunk = word & 0x7ff;
          if (chunk >= ctl[s + 8]) break;
          if (Atomics.compareExchange(ctl, slots.claim, word, word + 1) !== word) continue;
          const M = ctl[s + 3], m0 = chunk * rows, m1 = Math.min(M, m0 + rows);
          try {
            kernels[ctl[slots.op]](ctl[s] >>> 0, ctl[s + 1] >>> 0, ctl[s + 2] >>> 0, M, ctl[s + 4], ctl[s + 5], ctl[s + 6], m0, m1);
          } catch {
            Atomics.store(ctl, slots.error, 1);
          }
          Atomics.add(ctl, slots.finished, 1);
          Atomics.notify(ctl, slots.finished);
        }
      }
    },
    { once: true },
  );
}
