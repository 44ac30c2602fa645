// GEMM throughput on the MNIST MLP shapes (784-128-64-10) and LeNet-5's convolutions at batch 100 (im2col
// GEMMs: forward, weight gradient, column gradient): WASM SIMD kernels beside a plain-JS triple loop.
// Run: npm run bench:gemm. Prints the median GFLOP/s of ≥ 5 timed runs per shape, on 1 thread and on all cores.
import os from 'node:os';
import { createEngine } from '../src/engine/create.js';
import type { Engine, GemmLayout } from '../src/engine/engine.js';
import { availableThreads } from '../src/engine/pool.js';
import { referenceGemm } from '../src/engine/reference.js';

interface Shape {
  label: string;
  M: number;
  N: number;
  K: number;
  layout: GemmLayout;
}

const RUNS = 7;
/** Each timed run repeats the call until it lasts this long, so timer resolution does not matter. */
const RUN_MS = 40;
const WARMUP_MS = 200;

function shapes(batch: number): Shape[] {
  return [
    { label: `X·W1   (${batch}×784)·(784×128)`, M: batch, N: 128, K: 784, layout: 'nn' },
    { label: `Xᵀ·dY  (784×${batch})·(${batch}×128)`, M: 784, N: 128, K: batch, layout: 'tn' },
    { label: `dY·W1ᵀ (${batch}×128)·(128×784)`, M: batch, N: 784, K: 128, layout: 'nt' },
    { label: `H·W3   (${batch}×64)·(64×10)`, M: batch, N: 10, K: 64, layout: 'nn' },
  ];
}

/**
 * LeNet-5's conv layers (conv 20 5×5 on 28×28×1, conv 50 5×5 on 12×12×20) and dense 800→500 at batch 100:
 * cols·W forward, colsᵀ·∂Y for ∂W, ∂Y·Wᵀ for ∂cols (the first conv needs no ∂cols).
 */
function convShapes(): Shape[] {
  const rows1 = 100 * 24 * 24, rows2 = 100 * 8 * 8;
  return [
    { label: `conv1 cols·W  (${rows1}×25)·(25×20)`, M: rows1, N: 20, K: 25, layout: 'nn' },
    { label: `conv1 colsᵀ·dY (25×${rows1})·(${rows1}×20)`, M: 25, N: 20, K: rows1, layout: 'tn' },
    { label: `conv2 cols·W  (${rows2}×500)·(500×50)`, M: rows2, N: 50, K: 500, layout: 'nn' },
    { label: `conv2 colsᵀ·dY (500×${rows2})·(${rows2}×50)`, M: 500, N: 50, K: rows2, layout: 'tn' },
    { label: `conv2 dY·Wᵀ   (${rows2}×50)·(50×500)`, M: rows2, N: 500, K: 50, layout: 'nt' },
    { label: 'dense X·W     (100×800)·(800×500)', M: 100, N: 500, K: 800, layout: 'nn' },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[sorted.length >> 1];
}

/** Median seconds per call of each fn, timed in alternation (so load from other processes hits all alike). */
function timePerCall(fns: readonly (() => void)[]): number[] {
  // Warm-up: V8 runs wasm on a baseline tier until the optimised code is ready, in each thread on its own.
  const reps = fns.map((fn) => {
    let calls = 0;
    const start = performance.now();
    while (performance.now() - start < WARMUP_MS) {
      fn();
      calls++;
    }
    return Math.max(1, Math.ceil((RUN_MS * calls) / WARMUP_MS));
  });
  const times: number[][] = fns.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    fns.forEach((fn, f) => {
      const t0 = performance.now();
      for (let r = 0; r < reps[f]; r++) fn();
      times[f].push((performance.now() - t0) / reps[f] / 1000);
    });
  }
  return times.map(median);
}

function random(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
}

/** GFLOP/s of the shape on each engine and in the plain-JS triple loop (the last entry). */
function benchShape(engines: readonly Engine[], { M, N, K, layout }: Shape): number[] {
  const a = random(M * K), b = random(K * N), c = new Float32Array(M * N);
  const calls = engines.map((engine) => {
    const [ta, tb, tc] = [a, b, c].map((values) => {
      const t = engine.alloc(values.length);
      engine.view(t).set(values);
      return t;
    });
    return () => engine.gemm(layout, M, N, K, ta, tb, tc, false);
  });
  const wasm = timePerCall(calls);
  const [js] = timePerCall([() => referenceGemm(a, b, c, M, N, K, { layout })]);
  return [...wasm, js].map((seconds) => (2 * M * N * K) / seconds / 1e9);
}

async function main(): Promise<void> {
  const one = await createEngine({ threads: 1 });
  const threads = await availableThreads();
  const many = await createEngine({ threads: Math.max(2, threads) });
  console.log(`GEMM, float32, GFLOP/s, median of ${RUNS} runs; ${many.threads} threads on ${threads} cores; load average ${loadAverage()}`);
  const head = ['shape', 'wasm 1t', `wasm ${many.threads}t`, 'speedup', 'plain JS', 'wasm/JS'];
  console.log(`${head[0].padEnd(42)} ${head.slice(1).map((h) => h.padStart(9)).join(' ')}`);
  for (const shape of [...shapes(32), ...shapes(128), ...convShapes()]) {
    const [w1, wn, js] = benchShape([one, many], shape);
    const cells = [w1.toFixed(1), wn.toFixed(1), `${(wn / w1).toFixed(2)}×`, js.toFixed(2), `${(w1 / js).toFixed(0)}×`];
    console.log(`${shape.label.padEnd(42)} ${cells.map((cell) => cell.padStart(9)).join(' ')}`);
  }
  one.dispose();
  many.dispose();
}

/** Other processes share the cores: the 1-minute load average says how much the numbers are disturbed. */
function loadAverage(): string {
  return os.loadavg()[0].toFixed(2);
}

await main();
