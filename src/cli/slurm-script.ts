// A grid as a Slurm job array: one array task per cell (the cell's index is SLURM_ARRAY_TASK_ID), each logging to its
// own file in the grid's shared folder. Submitting the script again keeps finished cells and resumes the others.
import { join } from 'node:path';
import { VERSION } from '../version.js';
import { jobName, shellWord, type GridJob } from './cluster-job.js';

/** The sbatch script for `job`, run by `node` at `nodePath` with the CLI at `cliPath` (absolute paths). */
export function slurmScript(job: GridJob, nodePath: string, cliPath: string): string {
  const { scheduler: s } = job;
  const command = [nodePath, cliPath, ...job.args].map(shellWord).join(' ');
  const directives = [
    `--job-name=${jobName(job)}`,
    `--array=0-${job.cells - 1}${s.maxRunning === null ? '' : `%${s.maxRunning}`}`,
    `--cpus-per-task=${s.cpus}`,
    ...(s.mem === null ? [] : [`--mem=${s.mem.amount}${s.mem.unit}`]),
    ...(s.time === null ? [] : [`--time=${s.time.text}`]),
    ...(s.partition === null ? [] : [`--partition=${s.partition}`]),
    `--chdir=${job.cwd}`,
    `--output=${join(job.out, 'logs', `${job.experiment}-%A_%a.out`)}`,
    // A task that Slurm preempts or loses with its node goes back in the queue and resumes from its checkpoint.
    '--requeue',
  ];
  return [
    '#!/bin/bash',
    `# actlab experiment ${job.experiment} as a Slurm job array: task I trains cell I of ${job.cells} into ${job.out}.`,
    `# Written by actlab ${VERSION}. Submit it again to retry failed cells and resume unfinished ones; finished cells are kept.`,
    `# Cells and their state: ${command} --list-cells`,
    `# The report of what has finished: ${command} --collect`,
    ...directives.map((d) => `#SBATCH ${d}`),
    '',
    `exec ${command} --cell "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}
