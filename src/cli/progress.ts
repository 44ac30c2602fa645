// Training progress for people: a live bar with samples/s and running loss on a terminal, one
// plain line per epoch otherwise (logs, CI, pipes).
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

export function progressHooks(io: Io, tty: boolean, epochs: () => number): TrainHooks {
  const bar = (e: BatchEvent) => {
    const width = 24;
    const filled = Math.round((width * e.batch) / e.batches);
    return `\repoch ${e.epoch}/${e.epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.batch}/${e.batches}  ${Math.round(e.samplesPerSecond)} samples/s  loss ${e.runningLoss.toFixed(4)}`;
  };
  return {
    onBatch: tty ? (e) => io.stderr.write(bar(e)) : undefined,
    onEpoch: (m) => io.stdout.write(`${tty ? '\r\x1b[K' : ''}${epochLine(m, epochs())}\n`),
    onWarning: (message) => io.stderr.write(`${tty ? '\r\x1b[K' : ''}actlab: warning: ${message}\n`),
  };
}
