// Child: the peer of step.ts. Microseconds per training step of the same 10-10×8-1 network with adaptive Gumbel
// (α = e^θ per neuron, θ = 0 at the start), LeCun-normal weights, one logistic output, SGD lr 0.01, batch 20, in
// TensorFlow.js 4.22 on its wasm backend — written the fastest way TF.js offers: variables and
// optimizer.minimize in tf.tidy, the batches made into tensors before the clock starts.
import * as tf from '@tensorflow/tfjs';
import { resolveConfig } from '../src/train/config.js';
import { foldSplits } from '../src/train/load-data.js';
import { Rng } from '../src/rng.js';
import { childArgs, reportToParent } from './child.js';
import { STEP_SETUP as SETUP, type StepArgs } from './step-setup.js';
import { startBackend } from './tfjs-backend.js';

const backendNote = await startBackend('wasm');

const args = childArgs<StepArgs>();
const config = resolveConfig([{ source: 'bench', values: { dataset: 'teacher', teacherLayers: SETUP.hidden, teacherActivation: 'relu', folds: 5 } }]);
const split = foldSplits(config, new Rng(1))[0];
const steps = Math.floor(split.trainIndices.length / SETUP.batch);
const xs: tf.Tensor2D[] = [];
const ys: tf.Tensor2D[] = [];
for (let s = 0; s < steps; s++) {
  const x = new Float32Array(SETUP.batch * SETUP.features);
  const y = new Float32Array(SETUP.batch);
  split.train.fillInputs(split.trainIndices, s * SETUP.batch, SETUP.batch, x);
  split.train.fillTargets(split.trainIndices, s * SETUP.batch, SETUP.batch, y);
  xs.push(tf.tensor2d(x, [SETUP.batch, SETUP.features]));
  ys.push(tf.tensor2d(y, [SETUP.batch, 1]));
}

// LeCun normal: N(0, 1/fan_in), as actlab's --init lecun; zero biases; θ = ln α = 0.
const layers = Array.from({ length: SETUP.hidden + 1 }, (_, l) => {
  const out = l === SETUP.hidden ? 1 : SETUP.width;
  const fanIn = l === 0 ? SETUP.features : SETUP.width;
  return {
    w: tf.variable(tf.randomNormal([fanIn, out], 0, Math.sqrt(1 / fanIn), 'float32', l + 1)),
    b: tf.variable(tf.zeros([out])),
    theta: l === SETUP.hidden ? null : tf.variable(tf.zeros([out])),
  };
});

/** 1 − (1 + αeˣ)^(−1/α) = 1 − exp(−log1p(αeˣ)/α); autodiff gives the x and θ gradients. */
function adaptiveGumbel(z: tf.Tensor, theta: tf.Variable): tf.Tensor {
  const alpha = tf.exp(theta);
  return tf.sub(1, tf.exp(tf.neg(tf.div(tf.log1p(tf.mul(alpha, tf.exp(z))), alpha))));
}

function loss(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  let h: tf.Tensor = x;
  for (const { w, b, theta } of layers) {
    const z = tf.add(tf.matMul(h, w), b);
    h = theta === null ? z : adaptiveGumbel(z, theta);
  }
  return tf.losses.sigmoidCrossEntropy(y, h as tf.Tensor2D);
}

const optimizer = tf.train.sgd(SETUP.lr);
const epoch = () => {
  for (let s = 0; s < steps; s++) tf.tidy(() => void optimizer.minimize(() => loss(xs[s], ys[s])));
};
epoch(); // warm-up
const values: number[] = [];
for (let run = 0; run < args.runs; run++) {
  const start = performance.now();
  epoch();
  values.push(((performance.now() - start) / steps) * 1000);
  console.error(`  tfjs step, epoch ${run + 1}/${args.runs}: ${values[run].toFixed(1)} µs`);
}
reportToParent({
  values,
  note: `${backendNote}; optimizer.minimize per batch in tf.tidy, ${steps} steps per timed epoch after one warm-up epoch`,
});
