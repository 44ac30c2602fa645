// Child: microseconds per training step of the paper's deepest Table 1 student, 10-10×8-1 with adaptive Gumbel
// (α per neuron), SGD lr 0.01, batch 20, one thread, on simulated teacher data — driven through the library's
// own session and trainer, so a step is all the trainer does per batch: fill the batch, forward, loss,
// backward, update.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../src/train/config.js';
import { foldSplits } from '../src/train/load-data.js';
import { createSession } from '../src/train/setup.js';
import { freshStart, train } from '../src/train/trainer.js';
import { runDirectoryRecorder } from '../src/train/run-dir.js';
import { Rng } from '../src/rng.js';
import { childArgs, reportToParent } from './child.js';
import { STEP_SETUP, type StepArgs } from './step-setup.js';

const args = childArgs<StepArgs>();
const config = resolveConfig([
  {
    source: 'bench',
    values: {
      dataset: 'teacher',
      teacherLayers: STEP_SETUP.hidden,
      teacherActivation: 'relu',
      model: `mlp:${Array(STEP_SETUP.hidden).fill(STEP_SETUP.width).join(',')}`,
      activation: args.activation ?? 'adaptiveGumbel',
      share: 'neuron',
      init: 'lecun',
      optimizer: 'sgd',
      lr: STEP_SETUP.lr,
      batch: STEP_SETUP.batch,
      folds: 5,
      epochs: args.runs + 1,
      threads: 1,
    },
  },
]);
// One fold of the paper's protocol: 8 000 training examples, 400 steps per epoch.
const split = foldSplits(config, new Rng(1))[0];
const session = await createSession(config, split);
const steps = Math.ceil(split.trainIndices.length / config.batch);
const values: number[] = [];
const dir = mkdtempSync(join(tmpdir(), 'actlab-bench-'));
try {
  train(session, freshStart(), runDirectoryRecorder(dir), { onEpoch: (m) => m.epoch > 1 && values.push((m.seconds / steps) * 1e6) });
} finally {
  session.engine.dispose();
  rmSync(dir, { recursive: true, force: true });
}
reportToParent({
  values,
  note: `${session.engine.name} engine, 1 thread; µs per step = epoch time ÷ ${steps} steps (fold 1 of 5, 10 000 teacher examples), after one warm-up epoch; two-class data → one logistic output`,
});
