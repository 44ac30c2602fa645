// The playground's training, off the page's thread: a Trainer (the public createTrainer) stepped batch by batch on the
// WASM engine. While running it trains in short slices, yielding between them so pause and step arrive at once, and
// sends a snapshot (new metrics, the heat map, learned parameters, gradient sizes) whenever the page has drawn the last.
import { createTrainer, DivergedError, formulaActivation, getActivation, type EpochMetrics, type Trainer, type TrainOptions } from 'actlab';
import type { Examples } from './datasets.js';
import { loadMnistSubset } from './mnist.js';
import type { FromWorker, Heat, LayerParams, Snapshot, Status, ToWorker } from './protocol.js';
import type { Settings } from './state.js';

/**
 * Longest stretch of training between two looks at the messages, in ms (at least one epoch is trained): short, so that
 * the page's acknowledgement of a drawn snapshot is seen soon and the heat map follows training closely.
 */
const SLICE_MS = 3;

const scope = self as unknown as { postMessage(m: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };

let trainer: Trainer | null = null;
let settings: Settings | null = null;
let examples: Examples | null = null;
let gridInputs: Float32Array | null = null;
let grid = 0;
let classes = 2;
let status: Status = 'loading';
/** Snapshots sent that the page has not drawn yet: two may be on their way, so the page never waits for the next. */
let inFlight = 0;
const MAX_IN_FLIGHT = 2;
let unsent: EpochMetrics[] = [];
let unsentGradients: Snapshot['gradients'] = [];

const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

/** The learnable parameters of an activation spec (catalog name with :p=v,..., or formula:...). */
function learnableParams(spec: string): string[] {
  const a = spec.trim().toLowerCase().startsWith('formula:') ? formulaActivation(spec) : getActivation(spec.split(':')[0].trim());
  return a.params.filter((p) => p.learnable).map((p) => p.name);
}

function layerParams(t: Trainer): LayerParams[] {
  return t.activations().map((r) => ({ ...r, learnable: learnableParams(r.activation) }));
}

/** The library's options for `s` on `ex`: the test rows are the validation (so each epoch measures them) and the test. */
function trainOptions(s: Settings, ex: Examples): TrainOptions {
  const shape = [ex.features];
  const test = { x: ex.x.subarray(ex.trainCount * ex.features), y: ex.y.subarray(ex.trainCount), shape };
  const anyLearnable = s.activations.some((a) => learnableParams(a).length > 0);
  return {
    data: { x: ex.x, y: ex.y, shape },
    test,
    valSplit: ex.testCount,
    model: `mlp:${s.layers.join(',')}`,
    layerActivations: s.activations.join('|'),
    ...(anyLearnable ? { share: s.share, actLr: s.actLr } : {}),
    optimizer: s.optimizer,
    lr: s.lr,
    batch: s.batch,
    l1: s.l1,
    l2: s.l2,
    epochs: s.epochs,
    seed: s.seed,
    threads: s.threads,
  };
}

/** The heat map's inputs: grid × grid points over the data's box, row 0 at the top. */
function gridPoints(b: NonNullable<Examples['bounds']>, n: number): Float32Array {
  const out = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      out[(r * n + c) * 2] = b.x0 + ((c + 0.5) / n) * (b.x1 - b.x0);
      out[(r * n + c) * 2 + 1] = b.y1 - ((r + 0.5) / n) * (b.y1 - b.y0);
    }
  }
  return out;
}

function heatMap(t: Trainer): Heat | null {
  if (gridInputs === null) return null;
  const p = t.model.predict(gridInputs);
  const cells = grid * grid;
  if (t.model.outputs === 1) return { grid, value: p, cls: null };
  const k = t.model.outputs;
  const value = new Float32Array(cells);
  const cls = new Uint8Array(cells);
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < k; j++) {
      if (p[i * k + j] > value[i]) {
        value[i] = p[i * k + j];
        cls[i] = j;
      }
    }
  }
  return { grid, value, cls };
}

function sendSnapshot(): void {
  if (trainer === null || examples === null) return;
  const heat = heatMap(trainer);
  inFlight++;
  post(
    {
      type: 'snapshot',
      status,
      epoch: trainer.epochsDone,
      batch: trainer.batchesDone,
      metrics: unsent,
      heat,
      params: layerParams(trainer),
      gradients: unsentGradients,
      classes,
    },
    heat === null ? [] : [heat.value.buffer, ...(heat.cls === null ? [] : [heat.cls.buffer])],
  );
  unsent = [];
  unsentGradients = [];
}

function fail(err: unknown): void {
  status = err instanceof DivergedError ? 'diverged' : 'error';
  post({ type: 'error', status, message: err instanceof Error ? err.message : String(err) });
}

/** Records a finished epoch; the end of training when it was the last. */
function epochDone(t: Trainer, m: EpochMetrics): void {
  unsent.push(m);
  unsentGradients.push({ epoch: t.epochsDone, sizes: t.gradientSizes() });
  if (settings !== null && t.epochsDone >= settings.epochs) status = 'done';
}

/** Trains one batch (or the rest of the epoch); false when training has ended (the epoch limit, or a divergence). */
function train(t: Trainer, what: 'batch' | 'epoch'): boolean {
  try {
    const m = what === 'batch' ? t.batch() : t.epoch();
    if (m !== null) epochDone(t, m);
  } catch (err) {
    fail(err);
    return false;
  }
  return status === 'training';
}

// A message port posts without the clamping of nested timers, so slices follow each other at once.
const channel = new MessageChannel();
channel.port1.onmessage = () => slice();
const nextSlice = () => channel.port2.postMessage(null);

function slice(): void {
  const t = trainer;
  if (t === null || status !== 'training') return;
  const started = performance.now();
  // Batch by batch, so that a long epoch (MNIST) still pauses at once.
  while (train(t, 'batch') && performance.now() - started < SLICE_MS);
  if (inFlight < MAX_IN_FLIGHT || status !== 'training') sendSnapshot();
  if (status === 'training') nextSlice();
}

async function start(m: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  trainer?.dispose();
  trainer = null;
  status = 'loading';
  inFlight = 0;
  settings = m.settings;
  examples = m.examples ?? (await loadMnistSubset(new URL('data/', self.location.href).href));
  grid = m.grid;
  classes = examples.y.reduce((k, v) => Math.max(k, v + 1), 2);
  gridInputs = examples.bounds === null || examples.features !== 2 ? null : gridPoints(examples.bounds, grid);
  trainer = await createTrainer(trainOptions(m.settings, examples));
  status = 'ready';
  unsent = [];
  unsentGradients = [];
  sendSnapshot();
}

/** The run's files, as `actlab train --out` writes them into a run directory. */
function exportRun(t: Trainer): void {
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  post({
    type: 'files',
    files: {
      'config.json': json(t.runConfig()),
      'metrics.jsonl': t.metrics.map((x) => `${JSON.stringify(x)}\n`).join(''),
      'summary.json': json(t.summary()),
      'activations.json': json(t.activations()),
      'checkpoint.safetensors': t.model.checkpoint(),
    },
  });
}

scope.onmessage = (e) => {
  const m = e.data;
  const run = async () => {
    switch (m.type) {
      case 'start':
        return start(m);
      case 'run':
        if (trainer !== null && (status === 'ready' || status === 'paused')) {
          status = 'training';
          sendSnapshot();
          nextSlice();
        }
        return;
      case 'pause':
        if (status === 'training') status = 'paused';
        return sendSnapshot();
      case 'step':
      case 'batch':
        if (trainer !== null && (status === 'ready' || status === 'paused')) {
          status = 'training';
          if (train(trainer, m.type === 'step' ? 'epoch' : 'batch')) status = 'paused';
          sendSnapshot();
        }
        return;
      case 'ack':
        inFlight = Math.max(0, inFlight - 1);
        return;
      case 'export':
        if (trainer !== null) return exportRun(trainer);
    }
  };
  run().catch(fail);
};
