// What both step benchmarks (step.ts for actlab, tfjs-step.ts for the peer) train: the paper's deepest Table 1
// student, 10-10×8-1, SGD lr 0.01, batch 20 (issue 5's per-step target).

export const STEP_SETUP = { hidden: 8, width: 10, batch: 20, lr: 0.01, features: 10 } as const;

export interface StepArgs {
  /** Timed epochs (one value each, µs per step), after one untimed warm-up epoch. */
  runs: number;
  /** The students' activation; default adaptiveGumbel (the target's). actlab's side only. */
  activation?: string;
}
