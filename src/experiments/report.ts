// An experiment's report.md: the results table, the discussion, the comparison chart, and links
// to each cell's plots. It reads run records only.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../fs.js';
import { accuracyChartSpec, type AccuracyPoint } from '../report/accuracy-chart.js';
import { writeChart } from '../report/render.js';
import { readMetrics } from '../train/run-dir.js';
import type { Summary } from '../train/trainer.js';
import type { CellResult, Experiment } from './experiment.js';
import { pct } from './format.js';
import type { FoldSummary } from './run-training.js';

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

/** Each cell's train and validation accuracy per epoch (of its first fold when cross-validated), placed by its grid row and column. */
export function accuracyPoints(results: readonly CellResult[]): AccuracyPoint[] {
  return results.flatMap((r) =>
    readMetrics(plotDir(r)).flatMap((m) => {
      const at = { cell: r.cell.label, ...r.cell.grid, epoch: m.epoch };
      return [
        ...(m.valAccuracy === null ? [] : [{ ...at, split: 'validation' as const, accuracy: m.valAccuracy }]),
        { ...at, split: 'train' as const, accuracy: m.trainAccuracy },
      ];
    }),
  );
}

function accuracyChart(results: readonly CellResult[]): TopLevelSpec {
  const folded = results.some((r) => plotDir(r) !== r.dir);
  return accuracyChartSpec(accuracyPoints(results), folded ? 'Accuracy per epoch (fold 1 of cross-validated cells)' : 'Accuracy per epoch');
}

/**
 * Test accuracy at the best validation epoch, and which epoch that was: "97.10 % (epoch 12)" for one run;
 * for a cross-validated cell the mean over folds with the span of their best epochs,
 * "97.10 % (epochs 312–800 over 5 folds)" (or "epoch 800 in all 5 folds").
 */
export function bestEpochText(s: Summary | null): string {
  if (s === null || s.best === null) return '–';
  const folds = (s as Partial<FoldSummary>).folds;
  if (folds === undefined) return `${pct(s.best.testAccuracy)} (epoch ${s.best.epoch})`;
  // Summaries written before the folds' best epochs were kept.
  if (folds.bestEpochs === undefined || folds.bestEpochs.length === 0) return `${pct(s.best.testAccuracy)} (mean over ${folds.count} folds)`;
  const first = Math.min(...folds.bestEpochs);
  const last = Math.max(...folds.bestEpochs);
  const n = folds.bestEpochs.length;
  return `${pct(s.best.testAccuracy)} (${first === last ? `epoch ${first} in all ${n} folds` : `epochs ${first}–${last} over ${n} folds`})`;
}

/** The lines naming the cells without a result (failed, unfinished or not started); none when none is missing. */
export function missingCellsLines(results: readonly CellResult[]): string[] {
  const missing = results.filter((r) => r.summary === null);
  if (missing.length === 0) return [];
  return [
    `**${missing.length} of ${results.length} cells have no result yet**; the table and the discussion show the others:`,
    '',
    ...missing.map((r) => `- ${r.cell.label} (\`${r.cell.id}\`): ${r.error ?? 'not run'}`),
    '',
  ];
}

export async function writeExperimentReport(e: Experiment, out: string, results: readonly CellResult[]): Promise<string> {
  await writeChart(accuracyChart(results), [join(out, 'accuracy.svg'), join(out, 'accuracy.png')]);
  const rows = results.map((r) => {
    const s = r.summary;
    const last = readMetrics(plotDir(r)).at(-1);
    const status = r.error ?? s?.status ?? 'not run';
    return `| ${r.cell.label} | ${s?.epochs ?? 0} | ${pct(last?.trainAccuracy)} | ${pct(last?.valAccuracy)} | ${pct(s?.final.testAccuracy)} | ${bestEpochText(s)} | ${learnedParams(r)} | ${status} |`;
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
    ...missingCellsLines(results),
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
  await e.extraReports?.(results, out);
  return path;
}
