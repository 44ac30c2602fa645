// One training run on synthetic data, written once and run twice: in Node on the library, and in a page on the
// browser bundle (serialised with Function.prototype.toString, so it refers to nothing outside itself). It returns
// the bits of everything the run produced, to be compared between the two.
import type * as Actlab from '../../src/index.js';

export interface BlobRun {
  /** Examples, and features per example: the first two place the example at an XOR corner, the rest are noise. */
  examples: number;
  features: number;
  dataSeed: number;
  /** train() options besides the data (model, activation, epochs, batch, threads, ...). */
  options: Omit<Actlab.TrainOptions, 'data' | 'test'>;
}

/** What a run produced: float64 numbers as 16 hex digits, float32 ones as 8; the checkpoint as its SHA-256. */
export interface RunBits {
  losses: { train: string; val: string | null }[];
  /** The first epoch's and the last epoch's training loss, as numbers (for messages). */
  firstLoss: number;
  lastLoss: number;
  /** Learned activation parameters, layer by layer. */
  activations: string[][];
  /** Class probabilities for the first 16 examples. */
  predictions: string[];
  checkpointSha256: string;
}

export async function trainBlobs(actlab: typeof Actlab, run: BlobRun): Promise<RunBits> {
  // mulberry32: integer arithmetic only, exact on every engine.
  let state = run.dataSeed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // A bell from four uniforms (Irwin–Hall): no log or cos, whose last bits may differ between JavaScript engines.
  const bell = () => (uniform() + uniform() + uniform() + uniform() - 2) * 0.5;
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < run.examples; i++) {
    const a = i & 1, b = (i >> 1) & 1;
    x.push(Array.from({ length: run.features }, (_, k) => (k === 0 ? 2 * a - 1 : k === 1 ? 2 * b - 1 : 0) + bell()));
    y.push(a ^ b);
  }
  const f64 = new DataView(new ArrayBuffer(8));
  const hex64 = (v: number) => (f64.setFloat64(0, v), f64.getBigUint64(0).toString(16).padStart(16, '0'));
  const hex32 = (v: number) => (f64.setFloat32(0, v), f64.getUint32(0).toString(16).padStart(8, '0'));
  const { metrics, model } = await actlab.train({ ...run.options, data: { x, y } });
  try {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(model.checkpoint())));
    return {
      losses: metrics.map((m) => ({ train: hex64(m.trainLoss), val: m.valLoss === null ? null : hex64(m.valLoss) })),
      firstLoss: metrics[0].trainLoss,
      lastLoss: metrics[metrics.length - 1].trainLoss,
      activations: model.activations().map((a) => Object.values(a.learned).flatMap((values) => values.map(hex64))),
      predictions: Array.from(model.predict(x.slice(0, 16)), hex32),
      checkpointSha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''),
    };
  } finally {
    model.dispose();
  }
}
