// Every experiment `actlab experiment NAME` can run.
import { UsageError } from '../errors.js';
import type { Experiment } from './experiment.js';
import { paperTable1 } from './paper-table1.js';
import { paperTable2 } from './paper-table2.js';
import { seedLinear } from './seed-linear.js';
import { shootout } from './shootout.js';
import { softexpMnist } from './softexp-mnist.js';

export const experiments: readonly Experiment[] = [seedLinear, softexpMnist, paperTable1, paperTable2, shootout];

export function getExperiment(name: string): Experiment {
  const e = experiments.find((x) => x.name === name);
  if (e === undefined) throw new UsageError(`unknown experiment '${name}'; experiments: ${experiments.map((x) => x.name).join(', ')}`);
  return e;
}
