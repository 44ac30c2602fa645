// Checkpoints as files: a trained model written atomically, and a checkpoint file (the library's, or a run's
// checkpoint.safetensors / best.safetensors) loaded back as a model ready to predict.
import { loadModel, type TrainedModel } from '../api/model.js';
import { readRegularFile, writeFileAtomic } from '../fs.js';

/** Writes `model`'s checkpoint to `path` (safetensors), atomically. */
export function saveModel(model: TrainedModel, path: string): void {
  writeFileAtomic(path, model.checkpoint());
}

/** The model in the checkpoint file at `path`. */
export async function loadModelFile(path: string, options: { threads?: number } = {}): Promise<TrainedModel> {
  return loadModel(readRegularFile(path, path), options);
}
