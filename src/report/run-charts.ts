// The plots of one run directory, from its records alone: loss and accuracy curves, learned
// activation shapes per layer, and histograms of learned parameters. Each as SVG and PNG.
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { getElementwise } from '../activations/catalog.js';
import { linspace } from '../activations/math.js';
import { readMetrics, readJson, RUN_FILES } from '../train/run-dir.js';
import type { ActivationRecord } from '../train/trainer.js';
import { writeChart } from './render.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Train and validation loss and accuracy per epoch, side by side. */
export function curvesSpec(dir: string, title: string): TopLevelSpec {
  const rows = readMetrics(dir).flatMap((m) => [
    { epoch: m.epoch, split: 'train', metric: 'loss', value: m.trainLoss },
    { epoch: m.epoch, split: 'train', metric: 'accuracy', value: m.trainAccuracy },
    ...(m.valLoss === null ? [] : [{ epoch: m.epoch, split: 'validation', metric: 'loss', value: m.valLoss }]),
    ...(m.valAccuracy === null ? [] : [{ epoch: m.epoch, split: 'validation', metric: 'accuracy', value: m.valAccuracy }]),
  ]);
  const panel = (metric: string) => ({
    width: 320,
    height: 240,
    transform: [{ filter: { field: 'metric', equal: metric } }],
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative' as const, title: metric, scale: { zero: false } },
      color: { field: 'split', type: 'nominal' as const },
    },
  });
  return { $schema: SCHEMA, title, data: { values: rows }, hconcat: [panel('loss'), panel('accuracy')] };
}

/** Slots drawn per layer: an even sample of neurons (or channels). */
const SAMPLED_SLOTS = 8;

/**
 * Learned activation shapes per layer: a sample of slots (thin), the function at the layer's
 * mean parameters (thick), and the initial shape (dashed).
 */
export function shapesSpec(records: readonly ActivationRecord[], range: readonly [number, number] = [-5, 5]): TopLevelSpec {
  const xs = linspace(range[0], range[1], 200);
  const panels = records.map((r) => {
    const a = getElementwise(r.activation);
    const names = a.params.map((p) => p.name);
    const slots = Math.max(1, ...names.map((n) => r.learned[n]?.length ?? 1));
    const at = (values: Record<string, number[]>, k: number) => names.map((n) => values[n][Math.min(k, values[n].length - 1)]);
    const meanOf = (values: Record<string, number[]>) => names.map((n) => values[n].reduce((s, v) => s + v, 0) / values[n].length);
    const curve = (p: number[], kind: string, id: string) =>
      xs.map((x) => {
        const y = a.ref.f(x, p);
        return { layer: r.layer, kind, id, x, y: Number.isFinite(y) ? y : null };
      });
    const step = Math.max(1, Math.floor(slots / SAMPLED_SLOTS));
    const rows = [];
    for (let k = 0; k < slots && rows.length < SAMPLED_SLOTS * xs.length; k += step) rows.push(...curve(at(r.learned, k), 'learned slot', `slot ${k}`));
    rows.push(...curve(meanOf(r.learned), 'layer mean', 'mean'));
    rows.push(...curve(meanOf(r.initial), 'initial', 'initial'));
    return {
      title: `${r.layer}: ${r.activation} (${r.sharing})`,
      width: 280,
      height: 220,
      data: { values: rows },
      mark: { type: 'line' as const, clip: true, invalid: 'break-paths-filter-domains' as const },
      encoding: {
        x: { field: 'x', type: 'quantitative' as const },
        y: { field: 'y', type: 'quantitative' as const, title: 'f(x)' },
        detail: { field: 'id', type: 'nominal' as const },
        color: { field: 'kind', type: 'nominal' as const, scale: { domain: ['learned slot', 'layer mean', 'initial'], range: ['#9ecae1', '#08519c', '#e6550d'] } },
        strokeWidth: { field: 'kind', type: 'ordinal' as const, scale: { domain: ['learned slot', 'layer mean', 'initial'], range: [1, 3, 2] } },
        strokeDash: { field: 'kind', type: 'nominal' as const, scale: { domain: ['learned slot', 'layer mean', 'initial'], range: [[1, 0], [1, 0], [6, 4]] } },
      },
    };
  });
  return { $schema: SCHEMA, title: 'Learned activation shapes', hconcat: panels };
}

/** Histograms of each learnable parameter per layer. */
export function histogramsSpec(records: readonly ActivationRecord[]): TopLevelSpec {
  const panels = records.flatMap((r) => {
    const a = getElementwise(r.activation);
    return a.params
      .filter((p) => p.learnable)
      .map((p) => ({
        title: `${r.layer}.${p.name}`,
        width: 240,
        height: 180,
        data: { values: r.learned[p.name].map((value) => ({ value })) },
        mark: 'bar' as const,
        encoding: {
          x: { field: 'value', type: 'quantitative' as const, bin: { maxbins: 30 }, title: p.name },
          y: { aggregate: 'count' as const, type: 'quantitative' as const, title: 'slots' },
        },
      }));
  });
  // One row while it stays readable; vector parameters (APL's a1..aS, b1..bS) wrap.
  if (panels.length <= HISTOGRAM_ROW) return { $schema: SCHEMA, title: 'Learned activation parameters', hconcat: panels };
  return { $schema: SCHEMA, title: 'Learned activation parameters', concat: panels, columns: HISTOGRAM_ROW };
}

/** Histogram panels in one row at most. */
const HISTOGRAM_ROW = 6;

/** Writes curves, shapes and (for learnable activations) histograms into the run directory. */
export async function writeRunCharts(dir: string, title: string): Promise<string[]> {
  const records = readJson<ActivationRecord[]>(dir, RUN_FILES.activations);
  const charts: [string, TopLevelSpec][] = [['curves', curvesSpec(dir, title)]];
  if (records.length > 0) charts.push(['shapes', shapesSpec(records)]);
  if (records.some((r) => getElementwise(r.activation).params.some((p) => p.learnable))) charts.push(['histograms', histogramsSpec(records)]);
  const files = charts.map(([name, spec]) => ({ spec, paths: [join(dir, `${name}.svg`), join(dir, `${name}.png`)] }));
  // Requested together: the chart thread draws the next chart's SVG while the last one's PNG rasterises.
  await Promise.all(files.map((f) => writeChart(f.spec, f.paths)));
  return files.flatMap((f) => f.paths);
}
