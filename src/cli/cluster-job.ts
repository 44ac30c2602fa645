// What a grid submitted to a cluster scheduler needs whichever the scheduler: its resources as the user gives them
// (checked, in Slurm's notation), and the command line that trains one cell with the same options as the user's.
import { UsageError } from '../errors.js';
import { TRAIN_OPTIONS } from '../train/config.js';

export type Scheduler = 'slurm' | 'k8s';

export const SCHEDULERS: readonly Scheduler[] = ['slurm', 'k8s'];

/** Resources of one array task (one cell), and how many run at once. */
export interface SchedulerOptions {
  partition: string | null;
  /** A Slurm time limit as given ("30", "2:00:00", "1-12"), and in seconds. */
  time: { text: string; seconds: number } | null;
  cpus: number;
  /** Memory per cell: a count and a binary unit letter (Slurm's K, M, G, T; megabytes when none is given). */
  mem: { amount: number; unit: 'K' | 'M' | 'G' | 'T' } | null;
  maxRunning: number | null;
  image: string | null;
}

/** The grid as one scheduler job: what to run for each cell, where, and with what. */
export interface GridJob {
  experiment: string;
  cells: number;
  /** The actlab arguments that train one cell but for `--cell INDEX`: experiment NAME <options> --out DIR. */
  args: string[];
  /** The grid's folder (absolute), shared by every task. */
  out: string;
  /** The folder the job runs in: where relative paths in the options point (absolute). */
  cwd: string;
  scheduler: SchedulerOptions;
}

/** The flags that set a scheduler option, and the schedulers each applies to. */
export const SCHEDULER_FLAGS: Readonly<Record<string, readonly Scheduler[]>> = {
  partition: ['slurm'],
  time: ['slurm', 'k8s'],
  cpus: ['slurm', 'k8s'],
  mem: ['slurm', 'k8s'],
  'max-running': ['slurm', 'k8s'],
  image: ['k8s'],
};

/** Seconds in a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. */
export function slurmTimeSeconds(text: string): number {
  const m = /^(?:(\d+)-(\d+)(?::(\d+)(?::(\d+))?)?|(\d+)(?::(\d+)(?::(\d+))?)?)$/.exec(text.trim());
  if (m === null) throw new UsageError(`--time: '${text}' is not a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)`);
  const n = (s: string | undefined) => Number(s ?? 0);
  if (m[1] !== undefined) return ((n(m[1]) * 24 + n(m[2])) * 60 + n(m[3])) * 60 + n(m[4]);
  if (m[7] !== undefined) return (n(m[5]) * 60 + n(m[6])) * 60 + n(m[7]);
  return n(m[5]) * 60 + n(m[6]);
}

function wholeNumber(flag: string, text: string, max: number): number {
  const v = Number(text);
  if (!/^\d+$/.test(text.trim()) || v < 1 || v > max) throw new UsageError(`--${flag}: '${text}' is not a whole number from 1 to ${max}`);
  return v;
}

function memory(text: string): SchedulerOptions['mem'] {
  const m = /^(\d+)([KMGT]?)$/i.exec(text.trim());
  if (m === null || Number(m[1]) < 1) throw new UsageError(`--mem: '${text}' is not a memory size such as 500M, 4G or 4096 (megabytes)`);
  return { amount: Number(m[1]), unit: (m[2].toUpperCase() || 'M') as 'K' | 'M' | 'G' | 'T' };
}

/** The scheduler options given for `scheduler`, checked; one meant for another scheduler is refused. */
export function parseSchedulerOptions(scheduler: Scheduler, given: Record<string, string | undefined>): SchedulerOptions {
  for (const [flag, schedulers] of Object.entries(SCHEDULER_FLAGS)) {
    if (given[flag] !== undefined && !schedulers.includes(scheduler)) throw new UsageError(`--${flag} applies to --emit ${schedulers.join(' or ')}, not ${scheduler}`);
  }
  const { partition, time, cpus, mem, image } = given;
  if (partition !== undefined && !/^[A-Za-z0-9_.-]+$/.test(partition)) throw new UsageError(`--partition: '${partition}' is not a partition name (letters, digits, _ . -)`);
  if (image !== undefined && !/^\S+$/.test(image)) throw new UsageError(`--image: '${image}' is not a container image name`);
  return {
    partition: partition ?? null,
    time: time === undefined ? null : { text: time.trim(), seconds: slurmTimeSeconds(time) },
    cpus: cpus === undefined ? 1 : wholeNumber('cpus', cpus, 1024),
    mem: mem === undefined ? null : memory(mem),
    maxRunning: given['max-running'] === undefined ? null : wholeNumber('max-running', given['max-running'], 100_000),
    image: image ?? null,
  };
}

/**
 * The command-line flags that give every cell the user's training options and the experiment's own flags again (a cell
 * task must resolve the same cells and settings, hence the same hashes and folders); threads default to the task's cores.
 */
export function trainingFlags(given: Record<string, string | boolean | undefined>, cpus: number, experimentFlags: readonly string[] = []): string[] {
  const flags: string[] = [];
  for (const flag of [...TRAIN_OPTIONS.map((o) => o.flag), ...experimentFlags]) {
    const v = given[flag];
    if (flag === 'out' || v === undefined || v === false) continue;
    flags.push(`--${flag}`, ...(v === true ? [] : [v]));
  }
  if (given.threads === undefined) flags.push('--threads', String(cpus));
  return flags;
}

/** `word` as one shell word: unchanged when it is safe as it is, else in single quotes. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The grid job's name for a scheduler: actlab-NAME. */
export const jobName = (job: GridJob) => `actlab-${job.experiment}`;
