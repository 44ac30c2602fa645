// `actlab experiment NAME` for grids run by a cluster scheduler: --list-cells (each cell's index, hash and state),
// --cell I (train that cell alone: an array task), --collect (the report of whatever has finished, training nothing)
// and --emit slurm|k8s (the job that runs every cell as an array task).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellStatus, type CellState } from '../experiments/cell-state.js';
import type { Experiment } from '../experiments/experiment.js';
import { shortHash } from '../experiments/grid.js';
import { writeExperimentReport } from '../experiments/report.js';
import { checkExperiment, collectResults, EXPERIMENT_FILE, runGridCell } from '../experiments/runner.js';
import { UsageError } from '../errors.js';
import { makeDirectory, writeFileAtomic } from '../fs.js';
import { writeJson } from '../train/run-dir.js';
import { formatTable } from '../report/format.js';
import { VERSION } from '../version.js';
import { parseSchedulerOptions, SCHEDULER_FLAGS, SCHEDULERS, trainingFlags, type GridJob, type Scheduler } from './cluster-job.js';
import type { Io } from './command.js';
import { k8sJobYaml } from './k8s-job.js';
import { cellOutcome, progressHooks } from './progress.js';
import { slurmScript } from './slurm-script.js';

/** The grid modes' flags, for the experiment command's parser. */
export const GRID_FLAGS = {
  'list-cells': { type: 'boolean' },
  cell: { type: 'string' },
  collect: { type: 'boolean' },
  emit: { type: 'string' },
  ...Object.fromEntries(Object.keys(SCHEDULER_FLAGS).map((f) => [f, { type: 'string' as const }])),
} as const;

const MODES = ['list-cells', 'cell', 'collect', 'emit'] as const;

export interface GridRequest {
  e: Experiment;
  out: string;
  overrides: Record<string, unknown>;
  /** Every flag as parsed. */
  given: Record<string, string | boolean | undefined>;
}

/** The grid mode the flags ask for, or null for a plain run; refuses two modes at once and flags that would do nothing. */
export function gridMode(given: Record<string, unknown>): (typeof MODES)[number] | null {
  const modes = MODES.filter((m) => given[m] !== undefined && given[m] !== false);
  if (modes.length > 1) throw new UsageError(`--${modes[0]} and --${modes[1]} cannot be given together`);
  const mode = modes[0] ?? null;
  if (mode !== null && given.jobs !== undefined) throw new UsageError(`--jobs applies to a run of the whole grid here, not to --${mode}`);
  const scheduler = Object.keys(SCHEDULER_FLAGS).find((f) => given[f] !== undefined);
  if (scheduler !== undefined && mode !== 'emit') throw new UsageError(`--${scheduler} applies to --emit slurm|k8s only`);
  return mode;
}

export async function runGridMode(mode: (typeof MODES)[number], request: GridRequest, io: Io): Promise<number> {
  if (mode === 'list-cells') return listCells(request, io);
  if (mode === 'cell') return trainOneCell(request, io);
  if (mode === 'collect') return collect(request, io);
  return emit(request, io);
}

function listCells({ e, out, overrides }: GridRequest, io: Io): number {
  const cells = checkExperiment(e, { out, overrides });
  const statuses = cells.map((g) => cellStatus(out, g));
  const counts = new Map<CellState, number>();
  for (const s of statuses) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  io.stdout.write(`${e.name}: ${cells.length} cells in ${out} (${[...counts].map(([state, n]) => `${n} ${state}`).join(', ')})\n`);
  const rows = cells.map((g, i) => [String(g.index), shortHash(g), statuses[i].state, g.cell.id, statuses[i].detail]);
  io.stdout.write(`${formatTable([['cell', 'hash', 'state', 'id', 'detail'], ...rows])}\n`);
  return 0;
}

async function trainOneCell({ e, out, overrides, given }: GridRequest, io: Io): Promise<number> {
  const cells = checkExperiment(e, { out, overrides });
  const index = cellIndex(String(given.cell), cells.length);
  const g = cells[index];
  io.stdout.write(`cell ${index} of ${cells.length} (${g.cell.id}, settings ${shortHash(g)}) into ${out}\n`);
  const { result, how } = await runGridCell(e, index, {
    out,
    overrides,
    // An array task's output is its scheduler log: the epoch lines go to stdout.
    write: (text) => io.stdout.write(text),
    hooks: (epochs, write) => progressHooks({ stdout: { write }, stderr: { write } }, false, () => epochs),
    events: { started: (_, resuming) => io.stdout.write(resuming ? 'resuming from its last checkpoint\n' : 'starting\n') },
  });
  io.stdout.write(`cell ${index} (${g.cell.id}): ${how === 'kept' ? 'finished earlier, kept' : cellOutcome(result)}\n`);
  return result.summary !== null ? 0 : result.exitCode;
}

function cellIndex(text: string, count: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) >= count) throw new UsageError(`--cell: '${text}' is not a cell index from 0 to ${count - 1}`);
  return Number(text);
}

async function collect({ e, out, overrides }: GridRequest, io: Io): Promise<number> {
  const results = collectResults(e, { out, overrides });
  const missing = results.filter((r) => r.summary === null);
  if (missing.length === results.length) throw new UsageError(`--collect: no cell of ${e.name} has a result in ${out} yet (see --list-cells)`);
  const report = await writeExperimentReport(e, out, results);
  io.stdout.write(`report: ${report} (${results.length - missing.length} of ${results.length} cells)\n`);
  for (const r of missing) io.stdout.write(`missing: ${r.cell.id}: ${r.error ?? 'not run'}\n`);
  return missing.length === 0 ? 0 : 1;
}

async function emit({ e, out, overrides, given }: GridRequest, io: Io): Promise<number> {
  const scheduler = String(given.emit) as Scheduler;
  if (!SCHEDULERS.includes(scheduler)) throw new UsageError(`--emit: '${given.emit}' is not one of ${SCHEDULERS.join(', ')}`);
  const options = parseSchedulerOptions(scheduler, given as Record<string, string | undefined>);
  const cells = checkExperiment(e, { out, overrides });
  const dir = resolve(out);
  if (/\s/.test(dir) || /\s/.test(process.cwd())) throw new UsageError(`--emit: the grid's folder ${dir} and the working folder ${process.cwd()} must have no spaces (sbatch directives cannot quote them)`);
  const job: GridJob = {
    experiment: e.name,
    cells: cells.length,
    args: ['experiment', e.name, ...trainingFlags(given, options.cpus, Object.keys(e.options?.flags ?? {})), '--out', dir],
    out: dir,
    cwd: process.cwd(),
    scheduler: options,
  };
  const cli = fileURLToPath(new URL('./main.js', import.meta.url));
  const [file, text] = scheduler === 'slurm' ? [`${dir}/${e.name}.sbatch`, slurmScript(job, process.execPath, cli)] : [`${dir}/${e.name}.k8s.yaml`, k8sJobYaml(job)];
  // The log folder must exist before Slurm opens a task's log in it.
  makeDirectory(`${dir}/logs`);
  writeJson(dir, EXPERIMENT_FILE, { actlabVersion: VERSION, experiment: e.name });
  writeFileAtomic(file, text);
  const submit = scheduler === 'slurm' ? `sbatch ${file}` : `kubectl apply -f ${file}`;
  io.stdout.write(`wrote ${file}: ${cells.length} cells, one per array task\nsubmit it with: ${submit}\n`);
  io.stdout.write(`then follow with --list-cells and build the report with --collect (same options and --out)\n`);
  return 0;
}
