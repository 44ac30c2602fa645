// An experiment's report.md: the results table, the discussion, the comparison chart, and links
// to each cell's plots. It reads run records only.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../fs.js';
import { writeChart } from '../report/render.js';
import { readMetrics } from '../train/run-dir.js';
import type { CellResult, Experiment } from './experiment.js';
import { pct } from './format.js';

/** The run directory that holds a cell's plots and metrics: the cell's own, or its first fold's. */
function plotDir(r: CellResult): string {
  const firstFold = join(r.dir, 'fold-1');
  return existsSync(firstFold) ? firstFold : r.dir;
}

function learnedParams(r: CellResult): string {
  if (r.summary === null) return '–';
  const parts = Object.entries(r.summary.activationParams).flatMap(([layer, ps]) =>
    Object.entries(ps).map(([name, s]) => `${layer}.${name} ${s.mean.toPrecision(3)} ± ${s.std.toPrecision(2)}`),
  );
  return parts.length === 0 ? '–' : parts.join('; ');
}

function validationChart(results: readonly CellResult[]): TopLevelSpec {
  const values = results.flatMap((r) =>
    readMetrics(plotDir(r)).flatMap((m) => [
      { cell: r.cell.label, split: 'validation', epoch: m.epoch, accuracy: m.valAccuracy },
      { cell: r.cell.label, split: 'train', epoch: m.epoch, accuracy: m.trainAccuracy },
    ]),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Accuracy per epoch',
    width: 480,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'accuracy', type: 'quantitative', scale: { zero: false } },
      color: { field: 'cell', type: 'nominal' },
      strokeDash: { field: 'split', type: 'nominal' },
    },
  };
}

export async function writeExperimentReport(e: Experiment, out: string, results: readonly CellResult[]): Promise<string> {
  await writeChart(validationChart(results), [join(out, 'accuracy.svg'), join(out, 'accuracy.png')]);
  const rows = results.map((r) => {
    const s = r.summary;
    const last = readMetrics(plotDir(r)).at(-1);
    const status = r.error ?? s?.status ?? 'not run';
    return `| ${r.cell.label} | ${s?.epochs ?? 0} | ${pct(last?.trainAccuracy)} | ${pct(last?.valAccuracy)} | ${pct(s?.final.testAccuracy)} | ${s?.best ? `${pct(s.best.testAccuracy)} (epoch ${s.best.epoch})` : '–'} | ${learnedParams(r)} | ${status} |`;
  });
  const links = results.map((r) => {
    const rel = relative(out, plotDir(r));
    return `- ${r.cell.label}: [curves](${rel}/curves.png), [learned shapes](${rel}/shapes.png)${r.summary?.activationParams && Object.values(r.summary.activationParams).some((p) => Object.keys(p).length > 0) ? `, [parameter histograms](${rel}/histograms.png)` : ''}, [summary](${rel}/summary.json)`;
  });
  const md = [
    `# ${e.name}`,
    '',
    e.summary,
    '',
    `Made with \`actlab experiment ${e.name}\`; each cell's run directory holds its config, metrics, checkpoint and plots.`,
    '',
    '| cell | epochs | train acc (last epoch) | val acc (last epoch) | test acc (final) | test acc (best val epoch) | learned activation parameters (mean ± std) | status |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '![accuracy per epoch](accuracy.png)',
    '',
    e.discussion(results),
    e.figures ? await e.figures(results, out) : '',
    '## Plots per cell',
    '',
    ...links,
    '',
  ].join('\n');
  const path = join(out, 'report.md');
  writeFileAtomic(path, md);
  return path;
}
