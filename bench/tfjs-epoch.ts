// Child: the peer. Seconds per MNIST epoch in TensorFlow.js of the models actlab's epoch benchmarks train
// (Glorot-uniform weights, zero biases, softmax and categorical cross-entropy): the 784-128-64-10 relu MLP with
// Adam lr 1e-3 on the WebAssembly backend, or classic LeNet-5 (conv 20 5×5, 2×2 max pool, conv 50 5×5, 2×2 max
// pool, dense 500, all relu) with SGD lr 0.01, momentum 0.9 on the plain-JS cpu backend: tfjs-backend-wasm
// has no Conv2DBackpropFilter kernel, so it cannot train a convolution.
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../src/data/mnist.js';
import { imageSource } from '../src/data/source.js';
import { childArgs, reportToParent } from './child.js';
import { startBackend } from './tfjs-backend.js';
import { MNIST_TRAIN } from './settings.js';

export interface TfjsEpochArgs {
  batch: number;
  runs: number;
  /** Training images per epoch (the first ones); fewer are timed and scaled to a full epoch. */
  examples: number;
  /** Default 'mlp'. */
  model?: 'mlp' | 'lenet5-classic';
}

function mlp(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** actlab's `lenet5-classic` preset: channels-last 'valid' convolutions, as actlab's conv layers. */
function lenet5Classic(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 20, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 50, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 500, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
  return model;
}

const args = childArgs<TfjsEpochArgs>();
const lenet = args.model === 'lenet5-classic';
const backendNote = await startBackend(lenet ? 'cpu' : 'wasm');
console.error(`  ${backendNote}`);

// The same pixels as actlab sees: scaled to [0, 1] by the data source, labels one-hot.
const source = imageSource(loadMnist().train);
const indices = Uint32Array.from({ length: args.examples }, (_, i) => i);
const pixels = new Float32Array(args.examples * 784);
const labels = new Float32Array(args.examples);
source.fillInputs(indices, 0, args.examples, pixels);
source.fillTargets(indices, 0, args.examples, labels);
const x = lenet ? tf.tensor4d(pixels, [args.examples, 28, 28, 1]) : tf.tensor2d(pixels, [args.examples, 784]);
const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
const model = lenet ? lenet5Classic() : mlp();

const scale = MNIST_TRAIN / args.examples;
const values: number[] = [];
for (let run = 0; run < args.runs; run++) {
  const start = performance.now();
  await model.fit(x, y, { batchSize: args.batch, epochs: 1, shuffle: true, verbose: 0 });
  values.push(((performance.now() - start) / 1000) * scale);
  console.error(`  tfjs epoch ${run + 1}/${args.runs}: ${values[run].toFixed(2)} s`);
}
const batches = Math.ceil(args.examples / args.batch);
const measured =
  args.examples === MNIST_TRAIN
    ? 'full epochs (model.fit)'
    : `${args.examples} images (${batches} batch${batches === 1 ? '' : 'es'}) per model.fit, scaled ×${scale} to a 60 000-image epoch`;
reportToParent({ values, note: `${lenet ? 'LeNet-5 classic, SGD momentum' : 'MLP, Adam'}; ${backendNote}; ${measured}` });
