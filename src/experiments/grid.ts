// An experiment grid as a pure function of (its settings, a cell index): each cell's resolved training settings, their
// content hash, and the folder named by it, <out>/<cell id>-<hash>. Any process that is given the same experiment and
// options (a local runner, a Slurm array task, a Kubernetes pod) finds the same cell under the same index in the same
// folder, so a re-run or a re-submitted array keeps what is finished and resumes what is not.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { systemErrorCode, UsageError } from '../errors.js';
import { resolveConfig, type TrainConfig } from '../train/config.js';
import { lockHolder } from '../train/lock.js';
import { holdsRun, readJson, RUN_FILES } from '../train/run-dir.js';
import { VERSION } from '../version.js';
import type { Cell, Experiment } from './experiment.js';

/**
 * Settings that do not define a cell's result, so they are left out of its hash and may differ between runs of one
 * cell: how long it trains (more epochs continue the run, as `train --resume` does), how many threads (results do not
 * depend on them), where it is written, and the records a run adds.
 */
export const FREE_SETTINGS = new Set(['epochs', 'threads', 'out', 'actlabVersion', 'history']);

/** Hex digits of the hash in a cell's folder name and in listings (48 bits: no two settings of one cell id meet). */
const HASH_SHOWN = 12;

/** One cell of a grid as the options resolve it. */
export interface GridCell {
  index: number;
  cell: Cell;
  config: TrainConfig;
  /** Content hash (sha256, hex) of the settings that define the cell's result, and actlab's major version. */
  hash: string;
  /** Its folder's name below the grid's: <cell id>-<first 12 hex digits of the hash>. */
  folder: string;
}

const majorVersion = (version: unknown) => (typeof version === 'string' ? version.split('.')[0] : null);

/** The hash of a cell's settings: every resolved setting but FREE_SETTINGS, in key order, with actlab's major version. */
export function cellHash(config: TrainConfig): string {
  const defining = Object.entries(config)
    .filter(([key]) => !FREE_SETTINGS.has(key))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256')
    .update(JSON.stringify({ actlabMajor: majorVersion(VERSION), settings: Object.fromEntries(defining) }))
    .digest('hex');
}

/** The grid's cells in the experiment's order, each with its settings (the experiment's, under `overrides`) and hash. */
export function gridCells(e: Experiment, overrides: Record<string, unknown>): GridCell[] {
  return e.cells.map((cell, index) => {
    const config = resolveConfig([
      { source: `experiment ${e.name}, cell ${cell.id}:`, values: cell.config },
      { source: 'flag', values: overrides },
    ]);
    const hash = cellHash(config);
    return { index, cell, config, hash, folder: `${cell.id}-${hash.slice(0, HASH_SHOWN)}` };
  });
}

export const shortHash = (g: GridCell) => g.hash.slice(0, HASH_SHOWN);

/**
 * Folders in `out` that hold a run of this cell under another name: its folder from before cells were named by hash
 * (<out>/<cell id>), or one named by an older hash of the same settings (a setting actlab added since).
 */
function otherFolders(out: string, g: GridCell): string[] {
  if (!existsSync(out)) return [];
  const mine = new RegExp(`^${g.cell.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-[0-9a-f]{${HASH_SHOWN}})?$`);
  return readdirSync(out)
    .filter((name) => name !== g.folder && mine.test(name))
    .map((name) => join(out, name))
    .filter(holdsRun);
}

/** The first setting in which a run recorded in `dir` differs from `config` (settings the record lacks are taken as equal). */
export function conflictingSetting(dir: string, config: TrainConfig): { key: string; recorded: unknown; asked: unknown } | null {
  const recorded = readJson<Record<string, unknown>>(dir, RUN_FILES.config);
  if (majorVersion(recorded.actlabVersion) !== majorVersion(VERSION)) {
    return { key: 'actlab major version', recorded: majorVersion(recorded.actlabVersion), asked: majorVersion(VERSION) };
  }
  for (const [key, value] of Object.entries(config)) {
    if (FREE_SETTINGS.has(key) || !(key in recorded) || JSON.stringify(recorded[key]) === JSON.stringify(value)) continue;
    return { key, recorded: recorded[key], asked: value };
  }
  return null;
}

/**
 * Refuses a grid whose folder holds a run of one of its cells trained with other settings (say another --lr):
 * keeping or resuming it would mix two experiments in one table.
 */
export function checkRecordedSettings(out: string, cells: readonly GridCell[]): void {
  for (const g of cells) {
    for (const dir of [join(out, g.folder), ...otherFolders(out, g)].filter(holdsRun)) {
      const conflict = conflictingSetting(dir, g.config);
      if (conflict === null) continue;
      throw new UsageError(
        `${dir} holds cell ${g.cell.id} trained with ${conflict.key} = ${JSON.stringify(conflict.recorded)}, but this run asks for ${JSON.stringify(conflict.asked)}: ` +
          'give another --out to train the grid with these settings',
      );
    }
  }
}

/**
 * Where the cell's run is: its own folder, else a folder of the same settings under an older name (which the next
 * run that trains the cell renames; see adoptCellFolder), else its own folder (not created yet).
 */
export function cellLocation(out: string, g: GridCell): string {
  const own = join(out, g.folder);
  if (holdsRun(own)) return own;
  return otherFolders(out, g).find((dir) => conflictingSetting(dir, g.config) === null) ?? own;
}

/**
 * Renames a run of this cell kept under an older folder name (<out>/<cell id> from before cells were named by hash)
 * to the cell's folder, unless a live process writes in it. Returns the cell's folder.
 */
export function adoptCellFolder(out: string, g: GridCell): string {
  const own = join(out, g.folder);
  const found = cellLocation(out, g);
  if (found === own || existsSync(own) || lockHolder(found) !== null) return found;
  try {
    renameSync(found, own);
  } catch (err) {
    // Another process adopted it first.
    if (systemErrorCode(err) !== 'ENOENT') throw err;
  }
  return own;
}
