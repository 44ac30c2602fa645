// Training progress for people: a live bar with samples/s and running loss on a terminal, and plain epoch
// lines: every epoch of a short run, about 50 spread over a long one (a 2000-epoch grid cell would otherwise
// print 2000 lines per fold).
import type { Cell, CellResult } from '../experiments/experiment.js';
import type { CellEnd, GridEvents } from '../experiments/runner.js';
import type { EpochMetrics } from '../train/run-dir.js';
import type { BatchEvent, TrainHooks } from '../train/trainer.js';
import type { Io } from './command.js';

const pct = (v: number | null) => (v === null || Number.isNaN(v) ? '   -  ' : `${(100 * v).toFixed(2)}%`);

/** An epoch's line: losses and accuracies (mean squared errors for regression, whose accuracy is null). */
export function epochLine(m: EpochMetrics, epochs: number): string {
  const acts = Object.entries(m.activationMeans)
    .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
    .join(' ');
  const regression = m.trainAccuracy === null || Number.isNaN(m.trainAccuracy);
  const scores = regression
    ? `mse ${m.trainLoss.toPrecision(4)}  val mse ${m.valLoss === null ? '-' : m.valLoss.toPrecision(4)}`
    : `loss ${m.trainLoss.toFixed(4)}  acc ${pct(m.trainAccuracy)}  val loss ${m.valLoss === null ? '-' : m.valLoss.toFixed(4)}  val acc ${pct(m.valAccuracy)}`;
  return `epoch ${m.epoch}/${epochs}  ${scores}  ${m.seconds.toFixed(1)} s  ${Math.round(m.samplesPerSecond)} samples/s${acts ? `  ${acts}` : ''}`;
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

/** m:ss, or h:mm:ss from an hour on. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  return hms[0] > 0 ? `${hms[0]}:${String(hms[1]).padStart(2, '0')}:${String(hms[2]).padStart(2, '0')}` : `${hms[1]}:${String(hms[2]).padStart(2, '0')}`;
}

/** A cell's result in a few words: its test score (mean over folds for cross-validated cells). */
export function cellOutcome(r: CellResult): string {
  const s = r.summary;
  if (s === null) return `failed: ${r.error ?? 'no result'}`;
  if (s.status === 'diverged') return `diverged${s.diverged ? ` at epoch ${s.diverged.epoch}` : ''} (kept its last good checkpoint)`;
  const folds = (s as { folds?: { count: number; testAccuracy: { standardError: number } } }).folds;
  const regression = s.final.testAccuracy === null || Number.isNaN(s.final.testAccuracy);
  const score = regression ? `test MSE ${s.final.testLoss.toPrecision(4)}` : `test accuracy ${pct(s.final.testAccuracy).trim()}`;
  const spread = folds && !regression ? ` ± ${(100 * folds.testAccuracy.standardError).toFixed(2)} over ${folds.count} folds` : '';
  return `${score}${spread} after ${s.epochs} epochs`;
}

/**
 * The progress of a grid for people: one line per cell that ends (kept, finished, failed) with the grid's counts,
 * elapsed time and an estimate of the rest; on a terminal also a status line kept up to date below them.
 * Training output of the cells goes to their log files, not here.
 */
export class GridProgress implements GridEvents {
  private readonly startTime = performance.now();
  private readonly running = new Set<string>();
  private done = 0;
  private weightTrained = 0;
  private weightLeft: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: Io,
    private readonly tty: boolean,
    private readonly cells: readonly Cell[],
    /** The wall-time estimate made before the grid started, if any. */
    private readonly estimateSeconds: number | null,
  ) {
    this.weightLeft = cells.reduce((a, c) => a + (c.weight ?? 1), 0);
    if (tty) this.timer = setInterval(() => this.redraw(), 1000).unref();
  }

  private elapsed = () => (performance.now() - this.startTime) / 1000;

  /** Seconds left: from the cells trained so far (by weight), else from the estimate. */
  private remaining(): number | null {
    if (this.weightTrained > 0) return (this.elapsed() / this.weightTrained) * this.weightLeft;
    return this.estimateSeconds === null ? null : Math.max(0, this.estimateSeconds - this.elapsed());
  }

  status(): string {
    const left = this.cells.length - this.done - this.running.size;
    const eta = this.remaining();
    return `${this.done}/${this.cells.length} cells done, ${this.running.size} running, ${left} left · ${clock(this.elapsed())} elapsed${eta === null ? '' : `, about ${clock(eta)} to go`}`;
  }

  private redraw(): void {
    if (this.tty) this.io.stderr.write(`\r\x1b[K${this.status()}`);
  }

  started(cell: Cell): void {
    this.running.add(cell.id);
    this.redraw();
  }

  ended(result: CellResult, how: CellEnd, seconds: number): void {
    const weight = result.cell.weight ?? 1;
    this.running.delete(result.cell.id);
    this.done++;
    this.weightLeft -= weight;
    if (how !== 'kept') this.weightTrained += weight;
    const took = how === 'kept' ? 'kept from an earlier run' : `in ${clock(seconds)}`;
    const line = `[${this.done}/${this.cells.length}] ${result.cell.id}: ${cellOutcome(result)}, ${took} · ${this.status()}`;
    this.io.stdout.write(`${this.tty ? '\r\x1b[K' : ''}${line}\n`);
    this.redraw();
  }

  /** Stops the status line's clock and clears it. */
  close(): void {
    clearInterval(this.timer);
    if (this.tty) this.io.stderr.write('\r\x1b[K');
  }
}
