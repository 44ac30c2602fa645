// Messages between the playground page and its training worker (worker.ts). Typed arrays travel transferred.
import type { EpochMetrics, GradientSize } from 'actlab';
import type { Examples } from './datasets.js';
import type { Settings } from './state.js';

/** Learned activation parameters of one layer, one value per slot (neuron, or one for the layer). */
export interface LayerParams {
  layer: string;
  activation: string;
  sharing: string;
  initial: Record<string, number[]>;
  learned: Record<string, number[]>;
  /** The names of the parameters that training moves. */
  learnable: string[];
}

export type Status = 'loading' | 'ready' | 'training' | 'paused' | 'done' | 'diverged' | 'error';

export type ToWorker =
  /** Builds the network on `examples` (null: the MNIST subset, which the worker loads) with a grid² heat map. */
  | { type: 'start'; settings: Settings; examples: Examples | null; grid: number }
  | { type: 'run' }
  | { type: 'pause' }
  /** Trains the rest of the epoch under way, or the next; 'batch' one batch. */
  | { type: 'step' }
  | { type: 'batch' }
  /** The page has drawn the last snapshot: the worker may send the next. */
  | { type: 'ack' }
  | { type: 'export' };

/** The decision over the heat map's grid: P(class 1) for two classes, else the predicted class and its probability. */
export interface Heat {
  grid: number;
  value: Float32Array;
  cls: Uint8Array | null;
}

export interface Snapshot {
  type: 'snapshot';
  status: Status;
  epoch: number;
  /** Batches trained of the epoch under way. */
  batch: number;
  /** The epochs trained since the last snapshot. */
  metrics: EpochMetrics[];
  heat: Heat | null;
  params: LayerParams[];
  /** Mean |gradient| of every parameter tensor after the last batch of each epoch trained since the last snapshot. */
  gradients: { epoch: number; sizes: GradientSize[] }[];
  /** The data's classes and inputs per example. */
  classes: number;
}

export type FromWorker =
  | Snapshot
  | { type: 'error'; status: Status; message: string }
  /** The run's files, as a run directory holds them. */
  | { type: 'files'; files: Record<string, string | Uint8Array> };
