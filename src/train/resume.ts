// Resuming a run directory: its checkpoint (and best epoch) restored into a session built from its config, checked
// before anything is written, so a refused resume leaves the folder as it was.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFile } from '../fs.js';
import { CheckpointFormatError } from './safetensors.js';
import { checkpointProgress, restoreCheckpoint } from './checkpoint.js';
import { restore, snapshot } from './model-state.js';
import { RUN_FILES } from './run-dir.js';
import type { Session } from './setup.js';
import { freshStart, type RunStart } from './trainer.js';

function readCheckpointFile(dir: string, file: string): Uint8Array {
  const path = join(dir, file);
  if (!existsSync(path)) throw new CheckpointFormatError(`${path} does not exist`);
  return readRegularFile(path, path);
}

/**
 * Loads the checkpoint of `dir` into the session when resuming (a run with none starts from epoch 0). Checks
 * everything (checksums, shapes, the best epoch's file) and writes nothing, so a refused resume leaves `dir` as it was.
 */
export function prepareStart(s: Session, dir: string, resume: boolean): RunStart {
  const start = freshStart();
  if (!resume || !existsSync(join(dir, RUN_FILES.checkpoint))) return start;
  const { engine, model, optimizer, rng } = s;
  start.progress = restoreCheckpoint(readCheckpointFile(dir, RUN_FILES.checkpoint), join(dir, RUN_FILES.checkpoint), engine, model, optimizer, rng);
  const { epoch, bestEpoch } = start.progress;
  if (bestEpoch === 0) return start;
  const current = snapshot(s);
  if (bestEpoch === epoch) {
    // The checkpoint's weights are the best epoch's; best.safetensors is rewritten if the process died before it.
    start.best = current;
    start.rewriteBest = !existsSync(join(dir, RUN_FILES.best)) || checkpointProgress(readCheckpointFile(dir, RUN_FILES.best))?.epoch !== epoch;
    return start;
  }
  const bestProgress = restoreCheckpoint(readCheckpointFile(dir, RUN_FILES.best), join(dir, RUN_FILES.best), engine, model, null, null);
  if (bestProgress.epoch === bestEpoch) start.best = snapshot(s);
  else start.warnings.push(`${join(dir, RUN_FILES.best)} holds epoch ${bestProgress.epoch}, not the best epoch ${bestEpoch} the checkpoint names: the best-epoch result starts over`);
  restore(s, current);
  if (start.best === null) start.progress = { ...start.progress, bestEpoch: 0, bestValAccuracy: -Infinity };
  return start;
}
