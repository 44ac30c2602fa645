// `actlab experiment shootout`: activations × data sets × models × seeds, each activation compared with ReLU seed by
// seed (test accuracy at the best validation epoch), with its time per epoch and its parameter count.
import { UsageError } from '../errors.js';
import type { Experiment } from './experiment.js';
import { parseShootoutOptions, SHOOTOUT_DATASETS, SHOOTOUT_DEFAULTS, SHOOTOUT_MODELS, shootoutCells, type ShootoutOptions } from './shootout-cells.js';
import { estimateShootoutSeconds } from './shootout-estimate.js';
import { shootoutFigures, writeShootoutHtml } from './shootout-figures.js';
import { shootoutMarkdown } from './shootout-tables.js';

export function shootoutExperiment(o: ShootoutOptions): Experiment {
  return {
    name: 'shootout',
    summary: 'activations × data sets (MNIST, Fashion-MNIST) × models (MLP, LeNet-5) × seeds, each paired with ReLU',
    cells: shootoutCells(o),
    estimateSeconds: (epochs, jobs, overrides) => estimateShootoutSeconds(o, epochs, jobs, overrides),
    discussion: (results) => shootoutMarkdown(results),
    figures: (results, out) => shootoutFigures(results, out),
    extraReports: async (results, out) => [await writeShootoutHtml(results, out)],
    options: {
      flags: {
        activations: `activation specs, comma-separated; relu is always added as the baseline [${SHOOTOUT_DEFAULTS.activations.join(',')}]`,
        datasets: `${SHOOTOUT_DATASETS.join(', ')} [${SHOOTOUT_DEFAULTS.datasets.join(',')}]`,
        models: `${Object.keys(SHOOTOUT_MODELS).join(', ')} (784-128-64-10; the paper's LeNet-5 with batch norm) [${SHOOTOUT_DEFAULTS.models.join(',')}]`,
        seeds: `seeds, e.g. 1,2,3 or 1-5 [${SHOOTOUT_DEFAULTS.seeds.join(',')}]`,
      },
      replaces: { activation: 'activations', dataset: 'datasets', model: 'models', seed: 'seeds' },
      configure: (values) => shootoutExperiment(parseShootoutOptions(values)),
      checkOverrides: (overrides) => {
        if (overrides.valSplit === 0) throw new UsageError('--val-split 0 leaves no validation split, and the shootout picks each cell\'s epoch on it: give a count or a fraction > 0');
      },
    },
  };
}

export const shootout = shootoutExperiment(SHOOTOUT_DEFAULTS);
