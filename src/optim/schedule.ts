// Learning-rate schedules: the factor each group's learning rate is multiplied by at a given step.

export type LrSchedule = 'constant' | 'cosine';

export const LR_SCHEDULES: readonly LrSchedule[] = ['constant', 'cosine'];

/**
 * The learning-rate factor for update number `step` (0-based) of `total`. constant: 1. cosine: ½(1 + cos(π·step/total)),
 * from 1 at the first update down toward 0 at the last (Loshchilov & Hutter's SGDR without restarts); steps
 * past `total` stay at the final factor (the trainer passes the current plan, so this only guards against misuse).
 */
export function lrFactor(schedule: LrSchedule, step: number, total: number): number {
  if (schedule === 'constant' || total <= 0) return 1;
  const t = Math.min(step, total) / total;
  return 0.5 * (1 + Math.cos(Math.PI * t));
}
