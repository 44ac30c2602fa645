// How much each benchmark measures: full runs by default, a smoke run with BENCH_QUICK=1.

/** BENCH_QUICK=1: a smoke run (a tenth of the images, the least runs) to check the suite works, not to judge targets. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** MNIST training images, all of them in a full run. */
export const MNIST_TRAIN = 60_000;

export const SETTINGS = {
  /** Images per timed epoch; fewer than MNIST_TRAIN means the time is scaled to a full epoch. */
  examples: QUICK ? 6_000 : MNIST_TRAIN,
  /** Timed epochs per actlab configuration (each one in its own child process). */
  actlabRuns: QUICK ? 3 : 5,
  /** Timed epochs of the TensorFlow.js peer (~15 s each on its wasm backend). */
  peerRuns: 3,
  /** Full `actlab train --epochs 1` processes for peak memory. */
  memoryRuns: QUICK ? 1 : 3,
  /** Full `actlab train --epochs 1` processes timed for the start-up overhead. */
  startupRuns: QUICK ? 2 : 7,
  /** Timed LeNet-5 epochs per preset (~15–30 s each). */
  lenetRuns: QUICK ? 1 : 3,
  /** Timed runs of the TensorFlow.js LeNet-5 peer, and the images each times (its cpu backend takes ~0.3 s per image). */
  lenetPeerRuns: QUICK ? 1 : 3,
  lenetPeerExamples: QUICK ? 100 : 200,
  /** Timed epochs of 400 steps for the Table 1 step benchmark (actlab, then TF.js), after a warm-up epoch. */
  stepRuns: QUICK ? 3 : 15,
  peerStepRuns: QUICK ? 1 : 3,
  /** Timed epochs of train() per side (Node, Chromium) and thread count in the browser section. */
  browserRuns: QUICK ? 2 : 5,
} as const;
