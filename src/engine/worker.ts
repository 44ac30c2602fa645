// The loop each worker thread runs. workerMain is serialised (Function.prototype.toString) into the
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
  /** The job: rows per chunk, chunks, the range's end (the count), the argument count n, then n kernel arguments. */
  job: 49,
} as const;

/** Slots of the job before the kernel arguments. */
export const JOB_HEADER = 4;
/** Most integer arguments a kernel call may take before its range. */
export const MAX_ARGS = 16;
/** Bytes of the control block. */
export const CONTROL_BYTES = 4 * (CONTROL.job + JOB_HEADER + MAX_ARGS);
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
  /** Int32 slots of the control block, and of the job header. */
  controlInts: number;
  jobHeader: number;
  /** Polls of seq before sleeping in Atomics.wait (waking a sleeping thread takes ~15 µs). */
  spin: number;
}

/** A kernel export: integer arguments, then the range r0..r1 of rows (or images) it computes. */
type Kernel = (...args: number[]) => void;

interface Port {
  addEventListener(type: 'message', listener: (event: { data: WorkerInit }) => void, options: { once: boolean }): void;
  postMessage(message: string): void;
}

/**
 * Instantiates the kernels on the shared memory, reports 'ready', then takes chunks of jobs until told to quit:
 * a chunk of rows r0..r1 runs as kernel(...args, r0, r1).
 */
export function workerMain(): void {
  // Node's workers reach their parentPort through process.getBuiltinModule (no require or import of node: modules, so
  // that browser bundles hold none); browsers' workers are their own port.
  const node = (globalThis as { process?: { getBuiltinModule?(id: string): { parentPort: Port } } }).process;
  const port: Port = node?.getBuiltinModule?.('node:worker_threads').parentPort ?? (globalThis as unknown as Port);
  port.addEventListener(
    'message',
    ({ data }) => {
      const { module, memory, control, slots, spin } = data;
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
      const kernels = data.kernels.map((name) => exports[name] as Kernel);
      const ctl = new Int32Array(memory.buffer, control, data.controlInts);
      /** The call's arguments, reused across chunks: pointers are read back as unsigned, the range appended. */
      const argv: number[] = [];
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
          const s = slots.job, rows = ctl[s], chunk = word & 0x7ff;
          if (chunk >= ctl[s + 1]) break;
          if (Atomics.compareExchange(ctl, slots.claim, word, word + 1) !== word) continue;
          const count = ctl[s + 2], n = ctl[s + 3], r0 = chunk * rows;
          argv.length = n + 2;
          for (let i = 0; i < n; i++) argv[i] = ctl[s + data.jobHeader + i] >>> 0;
          argv[n] = r0;
          argv[n + 1] = Math.min(count, r0 + rows);
          try {
            kernels[ctl[slots.op]](...argv);
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
