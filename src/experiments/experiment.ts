// An experiment: named cells (each a training config), run into one directory, then reported.
import type { Summary } from '../train/trainer.js';

export interface Cell {
  /** Directory name of the cell's run, unique in the experiment. */
  id: string;
  /** What the report calls it. */
  label: string;
  /** Options over the training defaults (keys as in TrainConfig). */
  config: Record<string, unknown>;
  /** Where the cell sits in the experiment's table (Table 1: teacher × student); the report's chart is laid out the same way. */
  grid?: { row: string; column: string };
  /** Relative cost; a parallel grid starts the dearest cells first, so no long one is left running alone at the end. Default 1. */
  weight?: number;
}

export interface CellResult {
  cell: Cell;
  dir: string;
  /** null when the cell failed before writing a summary. */
  summary: Summary | null;
  error: string | null;
  /** How the cell's training ended: 0 finished, 2 bad input, 3 diverged, 130 stopped, 1 anything else. */
  exitCode: number;
}

export interface Experiment {
  name: string;
  /** One line for `actlab experiment --help`. */
  summary: string;
  /** Default epochs (the user's --epochs overrides every cell). */
  cells: Cell[];
  /** Wall-clock estimate for the whole grid with the user's overrides, measured before it starts (experiments that are long). */
  estimateSeconds?(epochs: number, jobs: number, overrides: Record<string, unknown>): Promise<number>;
  /** Writes the experiment's own figures into `out`; returns the markdown that shows them. */
  figures?(results: readonly CellResult[], out: string): Promise<string>;
  /** The report's body after the standard results table: comparisons with the seed, verdicts. */
  discussion(results: readonly CellResult[]): string;
  /** Reports beside report.md (report.html, say) written into `out`; returns their paths. */
  extraReports?(results: readonly CellResult[], out: string): Promise<string[]>;
  /** Flags of the experiment's own that choose its cells, and the experiment they give. */
  options?: ExperimentOptions;
}

export interface ExperimentOptions {
  /** Flag name (without --) → one line of help. */
  flags: Readonly<Record<string, string>>;
  /** Training options the experiment's own flags stand for, refused as flags (`seed` → `seeds`: the cells vary it). */
  replaces: Readonly<Record<string, string>>;
  /** The experiment with the cells these flag values choose (absent ones take their defaults); throws UsageError on a bad value. */
  configure(values: Readonly<Record<string, string | undefined>>): Experiment;
  /** Refuses training options given for every cell that would defeat the experiment (UsageError); optional. */
  checkOverrides?(overrides: Readonly<Record<string, unknown>>): void;
}
