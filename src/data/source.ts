// What the trainer reads from any data set: examples by index, written into batch buffers.
import { labelsOf, scaleBatch, type ImageDataset } from './image-dataset.js';

export interface ExampleSource {
  readonly count: number;
  /** Per-sample input shape ([h, w, c] for images, [features] for tables). */
  readonly sampleShape: readonly number[];
  /** Number of classes for classification; 0 for regression. */
  readonly classes: number;
  /** What messages call one example: 'images', 'rows' (default 'examples'). */
  readonly unit?: string;
  /** Writes the inputs of examples indices[offset .. offset+batch) into out; returns how many. */
  fillInputs(indices: ArrayLike<number>, offset: number, batch: number, out: Float32Array): number;
  /** Writes their targets (class index or value) into out; returns how many. */
  fillTargets(indices: ArrayLike<number>, offset: number, batch: number, out: Float32Array): number;
}

/** An image data set as a source: pixels scaled to [0, 1] per batch, labels as class indices. */
export function imageSource(ds: ImageDataset): ExampleSource {
  return {
    count: ds.count,
    sampleShape: [ds.height, ds.width, ds.channels],
    classes: ds.classes,
    unit: 'images',
    fillInputs: (indices, offset, batch, out) => scaleBatch(ds, indices, offset, batch, out),
    fillTargets: (indices, offset, batch, out) => labelsOf(ds, indices, offset, batch, out),
  };
}
