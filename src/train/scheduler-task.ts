// Which cluster scheduler task this process is (a Slurm job, a Kubernetes Indexed Job's index), and whether another
// one has ended: a lock left on a node that was lost names a task, and only the scheduler knows it is gone.
import { spawnSync } from 'node:child_process';

/** Set by an emitted Kubernetes Job to k8s:<job name>/<completion index>; Slurm sets SLURM_JOB_ID itself. */
export const SCHEDULER_TASK_ENV = 'ACTLAB_SCHEDULER_TASK';

/** This process's scheduler task ("slurm:1234", "k8s:actlab-grid/3"), or null outside a scheduler. */
export function currentTask(): string | null {
  const given = process.env[SCHEDULER_TASK_ENV];
  if (given) return given;
  const slurmJob = process.env.SLURM_JOB_ID;
  return slurmJob ? `slurm:${slurmJob}` : null;
}

/** Slurm job states in which the job's processes may still run. */
const SLURM_LIVE = new Set(['RUNNING', 'COMPLETING', 'CONFIGURING', 'SUSPENDED', 'STOPPED', 'SIGNALING', 'STAGE_OUT', 'RESIZING']);

/**
 * True when the scheduler says `task` can no longer run a process: it is this process's own task (a scheduler runs a
 * task's attempts one after another: Slurm requeues a job under its id, a Kubernetes Job with podReplacementPolicy
 * Failed replaces an index's pod once it has stopped), or a Slurm job that squeue no longer shows running. False when
 * that cannot be known.
 */
export function taskEnded(task: string): boolean {
  if (task === currentTask()) return true;
  const slurmJob = /^slurm:(\d+)$/.exec(task)?.[1];
  if (slurmJob === undefined) return false;
  const squeue = spawnSync('squeue', ['-h', '-j', slurmJob, '-o', '%T'], { encoding: 'utf8', timeout: 30_000 });
  if (squeue.error || squeue.status !== 0) {
    // squeue refuses a job id it has forgotten (long finished); any other failure leaves the question open.
    return /Invalid job id/i.test(squeue.stderr ?? '');
  }
  return !squeue.stdout.split('\n').some((state) => SLURM_LIVE.has(state.trim()));
}
