// One training run as every command does it: the config recorded, the session built, trained,
// the plots drawn from the run's records, the engine released.
import { writeRunCharts } from '../report/run-charts.js';
import type { TrainConfig } from '../train/config.js';
import { RUN_FILES, writeJson } from '../train/run-dir.js';
import { createSession } from '../train/setup.js';
import { train, type Summary, type TrainHooks } from '../train/trainer.js';
import { VERSION } from '../version.js';

export interface RunOutcome {
  dir: string;
  summary: Summary;
}

/** Trains from a resolved config (fresh, or resuming `dir`), writes the plots, returns the summary. */
export async function runTraining(config: TrainConfig, dir: string, resume: boolean, hooks: TrainHooks): Promise<RunOutcome> {
  writeJson(dir, RUN_FILES.config, { actlabVersion: VERSION, ...config, out: dir });
  const session = await createSession(config);
  try {
    const summary = train(session, dir, resume, hooks);
    await writeRunCharts(dir, `${config.model} · ${config.activation}`);
    return { dir, summary };
  } finally {
    session.engine.dispose();
  }
}
