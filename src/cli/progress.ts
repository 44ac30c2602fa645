// Training progress for people: a live bar with samples/s and running loss on a terminal, and plain epoch
// lines: every epoch of a short run, about 50 spread over a long one (a 2000-epoch grid cell would otherwise
// print 2000 lines per fold).
import type { EpochMetrics } from '../train/run-dir.js';
import type { BatchEvent, TrainHooks } from '../train/trainer.js';
import type { Io } from './command.js';

const pct = (v: number | null) => (v === null ? '   -  ' : `${(100 * v).toFixed(2)}%`);

export function epochLine(m: EpochMetrics, epochs: number): string {
  const acts = Object.entries(m.activationMeans)
    .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
    .join(' ');
  return (
    `epoch ${m.epoch}/${epochs}  loss ${m.trainLoss.toFixed(4)}  acc ${pct(m.trainAccuracy)}  ` +
    `val loss ${m.valLoss === null ? '-' : m.valLoss.toFixed(4)}  val acc ${pct(m.valAccuracy)}  ` +
    `${m.seconds.toFixed(1)} s  ${Math.round(m.samplesPerSecond)} samples/s${acts ? `  ${acts}` : ''}`
  );
}

/** Epoch lines a run prints at most (besides its first and last epoch). */
const EPOCH_LINES = 50;

/** Whether epoch `epoch` of `epochs` gets a line: all of them up to EPOCH_LINES, else the first, the last and every k-th. */
export function epochLineDue(epoch: number, epochs: number): boolean {
  return epochs <= EPOCH_LINES || epoch === 1 || epoch === epochs || epoch % Math.ceil(epochs / EPOCH_LINES) === 0;
}

export function progressHooks(io: Io, tty: boolean, epochs: () => number): TrainHooks {
  const bar = (e: BatchEvent) => {
    const width = 24;
    const filled = Math.round((width * e.batch) / e.batches);
    return `\repoch ${e.epoch}/${e.epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.batch}/${e.batches}  ${Math.round(e.samplesPerSecond)} samples/s  loss ${e.runningLoss.toFixed(4)}`;
  };
  return {
    onBatch: tty ? (e) => io.stderr.write(bar(e)) : undefined,
    onEpoch: (m) => {
      if (epochLineDue(m.epoch, epochs())) io.stdout.write(`${tty ? '\r\x1b[K' : ''}${epochLine(m, epochs())}\n`);
    },
    onWarning: (message) => io.stderr.write(`${tty ? '\r\x1b[K' : ''}actlab: warning: ${message}\n`),
  };
}
