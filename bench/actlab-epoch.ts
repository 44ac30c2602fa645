// Child: seconds per MNIST training epoch of an actlab model, driven through the library's own session and
// trainer (the real WASM engine, the real data pipeline): by default the 784-128-64-10 MLP with Adam (lr 1e-3);
// a `model` such as a LeNet-5 preset trains with the given optimizer settings instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '../src/data/mnist.js';
import { imageSource } from '../src/data/source.js';
import { defaultConfig, type TrainConfig } from '../src/train/config.js';
import { createSession, type DataSplits } from '../src/train/setup.js';
import { DivergedError, freshStart, train } from '../src/train/trainer.js';
import { runDirectoryRecorder } from '../src/train/run-dir.js';
import { childArgs, reportToParent } from './child.js';
import { MNIST_TRAIN } from './settings.js';

export interface ActlabEpochArgs {
  activation: string;
  batch: number;
  threads: number;
  /** Timed epochs, each from a fresh model. */
  runs: number;
  /** Training images per epoch: the first `examples` of the 60 000; fewer are timed and scaled to a full epoch. */
  examples: number;
  /** --model; default 'mlp:128,64'. */
  model?: string;
  /** An activation (e.g. relu) timed just before each run, for a ratio measured under the same conditions. */
  pairWith?: string;
  /** Default Adam with lr 1e-3. */
  optimizer?: { kind: 'adam' | 'sgd'; lr: number; momentum: number };
}

const args = childArgs<ActlabEpochArgs>();
const mnist = loadMnist();
// All training images (or the first `examples`), no validation: the epoch is the training loop alone.
const data: DataSplits = {
  train: imageSource(mnist.train),
  trainIndices: Uint32Array.from({ length: args.examples }, (_, i) => i),
  valIndices: new Uint32Array(0),
  test: imageSource(mnist.test),
  testIndices: Uint32Array.from({ length: mnist.test.count }, (_, i) => i),
};
const optimizer = args.optimizer ?? { kind: 'adam', lr: 1e-3, momentum: 0 };
const config: TrainConfig = {
  ...defaultConfig(),
  model: args.model ?? 'mlp:128,64',
  activation: args.activation,
  // Learnable activations get one parameter set per neuron (relu has none, so sharing does not matter).
  share: 'neuron',
  optimizer: optimizer.kind,
  lr: optimizer.lr,
  momentum: optimizer.momentum,
  batch: args.batch,
  epochs: 1,
  threads: args.threads,
  valSplit: 0,
};
const scale = MNIST_TRAIN / args.examples;
/** Seeds whose training diverged, and the first divergence's report. */
const diverged: string[] = [];
let firstDivergence = '';
let engine = '';
let threads = 0;

/** Seconds of one epoch of `activation` from a model seeded with `seed`, scaled to a full epoch; null if it diverged. */
async function epochSeconds(activation: string, seed: number): Promise<number | null> {
  const session = await createSession({ ...config, activation, seed }, data);
  ({ name: engine, threads } = session.engine);
  const dir = mkdtempSync(join(tmpdir(), 'actlab-bench-'));
  let seconds: number | null = null;
  try {
    // The trainer times the epoch's batch loop itself (shuffle to last update; not evaluation or checkpoints).
    train(session, freshStart(), runDirectoryRecorder(dir), { onEpoch: (m) => (seconds = m.seconds * scale) });
  } catch (error) {
    if (!(error instanceof DivergedError)) throw error;
    diverged.push(`${activation} seed ${seed}`);
    firstDivergence ||= error.message.split(';')[0];
    console.error(`  ${activation}, seed ${seed}: ${error.message.split(';')[0]}`);
  } finally {
    session.engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  return seconds;
}

const values: number[] = [];
const paired: number[] = [];
// Each run is one epoch from a freshly seeded model, so runs are alike; with `pairWith`, each run of the
// activation follows one of the reference under the same conditions (a busy or throttled spell hits both).
// A seed whose training diverges (a matter of training, not of speed) is noted and replaced by the next one,
// up to as many extra seeds as runs.
for (let seed = 1; values.length < args.runs && seed <= 2 * args.runs; seed++) {
  const reference = args.pairWith === undefined ? null : await epochSeconds(args.pairWith, seed);
  if (args.pairWith !== undefined && reference === null) continue;
  const own = await epochSeconds(args.activation, seed);
  if (own === null) continue;
  values.push(own);
  if (reference !== null) paired.push(reference);
}
const divergence = diverged.length === 0 ? '' : `; ${diverged.join(', ')} diverged and were skipped (first: ${firstDivergence})`;
if (values.length === 0) throw new Error(`every seed diverged${divergence}`);
const measured = args.examples === MNIST_TRAIN ? 'full epochs' : `${args.examples} images, scaled ×${scale}`;
const pairing = args.pairWith === undefined ? '' : `; each run paired with a ${args.pairWith} epoch just before it`;
reportToParent({
  values,
  ...(args.pairWith === undefined ? {} : { paired }),
  note: `${engine} engine, ${threads} thread${threads === 1 ? '' : 's'} in use; ${measured}${pairing}${divergence}`,
});
