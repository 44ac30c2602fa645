// The loop each GEMM worker thread runs. workerMain is serialised (Function.prototype.toString) into the
// worker's whole source, so it refers to nothing outside itself: all it needs arrives in the init message.

/** Int32 slots of the control block shared by the pool and its workers; seq, done and job sit on separate cache lines. */
export const CONTROL = {
  /** Generation counter: the pool bumps it to start a job; workers wait for it to change. */
  seq: 0,
  /** Workers that finished the current job. */
  done: 16,
  /** Set to 1 by a worker whose kernel threw. */
  error: 17,
  /** Kernel index into WorkerInit.kernels, or −1 to quit. */
  op: 32,
  /** Kernel arguments a, b, c, M, N, K, β (pointers are read back as unsigned). */
  args: 33,
  /** Row range [m0, m1) of thread t at ranges + 2t, ranges + 2t + 1 (thread 0 is the pool's own thread). */
  ranges: 48,
} as const;

/** Bytes of the control block: room for the ranges of up to 40 threads. */
export const CONTROL_BYTES = 512;

export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of the control block in memory. */
  control: number;
  /** This worker's thread index (≥ 1). */
  index: number;
  slots: typeof CONTROL;
  /** Kernel export names, indexed by the op slot. */
  kernels: readonly string[];
  /** Polls of seq before sleeping in Atomics.wait (waking a sleeping thread takes ~5–10 µs). */
  spin: number;
}

type Kernel = (a: number, b: number, c: number, M: number, N: number, K: number, beta: number, m0: number, m1: number) => void;

interface Port {
  addEventListener(type: 'message', listener: (event: { data: WorkerInit }) => void, options: { once: boolean }): void;
  postMessage(message: string): void;
}

/** Instantiates the kernels on the shared memory, reports 'ready', then runs jobs until told to quit. */
export function workerMain(): void {
  // Node's eval'd workers are CommonJS scripts with require and a parentPort; browsers' workers are their own port.
  const port: Port =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    typeof require === 'function' ? require('node:worker_threads').parentPort : (globalThis as unknown as Port);
  port.addEventListener(
    'message',
    ({ data }) => {
      const { module, memory, control, index, slots, spin } = data;
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
      const kernels = data.kernels.map((name) => exports[name] as Kernel);
      const ctl = new Int32Array(memory.buffer, control, 128);
      let seen = Atomics.load(ctl, slots.seq);
      port.postMessage('ready');
      for (;;) {
        for (let polls = 0; Atomics.load(ctl, slots.seq) === seen; polls++) {
          if (polls >= spin) Atomics.wait(ctl, slots.seq, seen);
        }
        seen = Atomics.load(ctl, slots.seq);
        const op = ctl[slots.op];
        if (op < 0) return;
        const m0 = ctl[slots.ranges + 2 * index], m1 = ctl[slots.ranges + 2 * index + 1];
        try {
          const s = slots.args;
          if (m0 < m1) kernels[op](ctl[s] >>> 0, ctl[s + 1] >>> 0, ctl[s + 2] >>> 0, ctl[s + 3], ctl[s + 4], ctl[s + 5], ctl[s + 6], m0, m1);
        } catch {
          Atomics.store(ctl, slots.error, 1);
        }
        Atomics.add(ctl, slots.done, 1);
        Atomics.notify(ctl, slots.done);
      }
    },
    { once: true },
  );
}
