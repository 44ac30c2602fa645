// Child: the peer. Seconds per MNIST epoch of the same 784-128-64-10 MLP (relu, softmax, Adam lr 1e-3,
// categorical cross-entropy, Glorot-uniform weights) in TensorFlow.js on its WebAssembly backend.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { loadMnist } from '../src/data/mnist.js';
import { imageSource } from '../src/data/source.js';
import { childArgs, reportToParent } from './child.js';
import { MNIST_TRAIN } from './settings.js';

export interface TfjsEpochArgs {
  batch: number;
  runs: number;
  /** Training images per epoch (the first ones); fewer are timed and scaled to a full epoch. */
  examples: number;
}

/** The backend's dist/ folder as a file path: in Node it reads the .wasm files with fs. */
function wasmDirectory(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + sep;
}

const args = childArgs<TfjsEpochArgs>();
setWasmPaths(wasmDirectory());
if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js: the wasm backend failed to initialise');
await tf.ready();
const backend = tf.getBackend();
if (backend !== 'wasm') throw new Error(`TensorFlow.js runs on '${backend}', not on wasm`);
const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
const threaded = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
console.error(`  tf.getBackend() = ${backend} (tfjs ${tf.version.tfjs}, backend-wasm ${version_wasm}, SIMD ${simd}, multithreaded ${threaded})`);

// The same pixels as actlab sees: scaled to [0, 1] by the data source, labels one-hot.
const source = imageSource(loadMnist().train);
const indices = Uint32Array.from({ length: args.examples }, (_, i) => i);
const pixels = new Float32Array(args.examples * 784);
const labels = new Float32Array(args.examples);
source.fillInputs(indices, 0, args.examples, pixels);
source.fillTargets(indices, 0, args.examples, labels);
const x = tf.tensor2d(pixels, [args.examples, 784]);
const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);

const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }),
    tf.layers.dense({ units: 64, activation: 'relu' }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });

const scale = MNIST_TRAIN / args.examples;
const values: number[] = [];
for (let run = 0; run < args.runs; run++) {
  const start = performance.now();
  await model.fit(x, y, { batchSize: args.batch, epochs: 1, shuffle: true, verbose: 0 });
  values.push(((performance.now() - start) / 1000) * scale);
  console.error(`  tfjs epoch ${run + 1}/${args.runs}: ${values[run].toFixed(2)} s`);
}
const measured = args.examples === MNIST_TRAIN ? 'full epochs (model.fit)' : `${args.examples} images per model.fit, scaled ×${scale}`;
reportToParent({
  values,
  note: `tf.getBackend() = ${backend}, tfjs ${tf.version.tfjs}, SIMD ${simd}, ${threaded ? 'multithreaded' : '1 thread'}; ${measured}`,
});
