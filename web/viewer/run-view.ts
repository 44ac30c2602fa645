// One run, as the run directory's plots show it: summary, loss and accuracy per epoch, learned activation shapes,
// histograms of learned parameters, and the config. The learned parameters come from the checkpoint (loadModel),
// the initial ones from activations.json.
import { getActivation, loadModel } from 'actlab';
import { lineChart, type Series } from '../common/chart.js';
import { element } from '../common/page.js';
import { wholeEpochTicks } from './epoch-axis.js';
import { bins, histogram } from './histogram.js';
import type { ActivationRecord, Run } from './run-record.js';

const percent = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(2)} %` : '—');
const number = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(4))) : '—');

function table(caption: string, rows: [string, string][]): HTMLTableElement {
  const t = element('table', {}, element('caption', {}, caption));
  for (const [k, v] of rows) t.append(element('tr', {}, element('th', { scope: 'row' }, k), element('td', {}, v)));
  return t;
}

function summaryTable(run: Run): HTMLTableElement | null {
  const s = run.summary;
  if (s === null) return null;
  const rows: [string, string][] = [
    ['status', s.status],
    ['epochs', String(s.epochs)],
    ['test accuracy (end)', percent(s.final.testAccuracy)],
    ['test loss (end)', number(s.final.testLoss)],
    ['validation accuracy (end)', percent(s.final.valAccuracy)],
  ];
  if (s.best !== null) rows.push(['best validation epoch', `${s.best.epoch}: validation ${percent(s.best.valAccuracy)}, test ${percent(s.best.testAccuracy)}`]);
  rows.push(['seconds per epoch', number(s.secondsPerEpoch)]);
  if (s.diverged !== null) rows.push(['diverged', JSON.stringify(s.diverged)]);
  return table('Summary (summary.json)', rows);
}

function configTable(config: Record<string, unknown>): HTMLTableElement {
  const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return table('Config (config.json)', Object.entries(config).map(([k, v]) => [k, shown(v)]));
}

/** Loss and accuracy per epoch, train and validation. */
function curveCharts(run: Run): HTMLElement {
  const epochs = run.metrics.map((m) => m.epoch);
  const pick = (f: (m: Run['metrics'][number]) => number | null) => run.metrics.map((m) => f(m) ?? NaN);
  const chart = (label: string, train: number[], val: number[]) => {
    const series: Series[] = [{ label: 'train', x: epochs, y: train }];
    if (val.some(Number.isFinite)) series.push({ label: 'validation', x: epochs, y: val, dash: '6 4' });
    const xDomain = [1, Math.max(2, epochs.length)] as const;
    const svg = wholeEpochTicks(lineChart(null, series, { xDomain, xLabel: 'epoch', legend: true, title: `${label} per epoch` }));
    svg.classList.add(`curve-${label}`);
    return element('figure', {}, svg, element('figcaption', { class: 'muted' }, `${label} per epoch`));
  };
  return element(
    'div',
    { class: 'charts' },
    chart('loss', pick((m) => m.trainLoss), pick((m) => m.valLoss)),
    chart('accuracy', pick((m) => m.trainAccuracy), pick((m) => m.valAccuracy)),
  );
}

/** Slots drawn per layer, as the run's own shapes plot: an even sample of neurons (or channels). */
const SAMPLED_SLOTS = 8;
const X = Array.from({ length: 201 }, (_, i) => -5 + i * 0.05);

/** One layer's learned shapes: sampled slots (thin), the layer mean (thick) and the initial shape (dashed). */
function shapeChart(learned: ActivationRecord, initial: ActivationRecord | undefined): HTMLElement {
  const a = getActivation(learned.activation);
  const title = `${learned.layer}: ${learned.activation} (${learned.sharing})`;
  if (a.kind !== 'elementwise') return element('p', {}, `${title}: a row-wise function, not plotted`);
  const names = a.params.map((p) => p.name);
  const slots = Math.max(1, ...names.map((n) => learned.learned[n]?.length ?? 1));
  const at = (values: Record<string, number[]>, k: number) => names.map((n) => values[n][Math.min(k, values[n].length - 1)]);
  const mean = (values: Record<string, number[]>) => names.map((n) => values[n].reduce((s, v) => s + v, 0) / values[n].length);
  const curve = (p: number[]) => X.map((x) => a.ref.f(x, p));
  const series: Series[] = [];
  const step = Math.max(1, Math.floor(slots / SAMPLED_SLOTS));
  if (names.length > 0 && slots > 1) {
    for (let k = 0, n = 0; k < slots && n < SAMPLED_SLOTS; k += step, n++) series.push({ label: n === 0 ? 'learned slots (sample)' : '', x: X, y: curve(at(learned.learned, k)), color: '#9ecae1', width: 1 });
  }
  series.push({ label: names.length === 0 ? 'fixed' : 'learned (layer mean)', x: X, y: curve(mean(learned.learned)), color: '#08519c', width: 3 });
  if (initial !== undefined && names.length > 0) series.push({ label: 'initial', x: X, y: curve(mean(initial.initial)), color: '#e6550d', dash: '6 4' });
  const legendSeries = series.filter((s) => s.label !== '');
  const svg = lineChart(null, [...series.filter((s) => s.label === ''), ...legendSeries], { xDomain: [-5, 5], xLabel: 'x', legend: false, title });
  const legend = element('p', { class: 'legend' }, ...legendSeries.map((s) => element('span', { style: `color: ${s.color}` }, `━ ${s.label} `)));
  return element('figure', { class: 'shape', 'data-layer': learned.layer }, svg, element('figcaption', {}, title), legend);
}

/** Histograms of each learnable parameter with more than one slot, with the initial value marked. */
function histograms(learned: ActivationRecord, initial: ActivationRecord | undefined): HTMLElement[] {
  const a = getActivation(learned.activation);
  return a.params
    .filter((p) => p.learnable && (learned.learned[p.name]?.length ?? 0) > 1)
    .map((p) => {
      const values = learned.learned[p.name];
      const start = initial?.initial[p.name];
      const title = `${learned.layer}.${p.name}: ${values.length} slots`;
      return element('figure', { class: 'histogram', 'data-param': `${learned.layer}.${p.name}` }, histogram(bins(values), title, start?.[0]), element('figcaption', {}, title));
    });
}

/**
 * The histograms summary.json records (a cross-validated cell has no checkpoint of its own: its summary pools the
 * learned values of its folds).
 */
function summaryHistograms(run: Run): HTMLElement[] {
  const recorded = run.summary?.activationParams ?? {};
  return Object.entries(recorded).flatMap(([layer, params]) =>
    Object.entries(params)
      .filter(([, v]) => Array.isArray(v?.histogram?.edges) && Array.isArray(v.histogram.counts))
      .map(([name, v]) => {
        const title = `${layer}.${name}: ${v.count} values (summary.json), mean ${Number(v.mean.toPrecision(4))}`;
        return element('figure', { class: 'histogram', 'data-param': `${layer}.${name}` }, histogram(v.histogram, title), element('figcaption', {}, title));
      }),
  );
}

/** The learned parameters from the checkpoint (as the network holds them), else from activations.json. */
async function learnedRecords(run: Run, problems: HTMLElement): Promise<{ records: ActivationRecord[]; source: string } | null> {
  if (run.checkpoint !== null) {
    try {
      const model = await loadModel(new Uint8Array(await run.checkpoint.arrayBuffer()), { threads: 1 });
      try {
        return { records: model.activations(), source: 'checkpoint.safetensors' };
      } finally {
        model.dispose();
      }
    } catch (err) {
      problems.append(element('li', {}, `checkpoint.safetensors could not be loaded: ${(err as Error).message}`));
    }
  }
  return run.activations === null ? null : { records: run.activations, source: 'activations.json' };
}

/** The run's sections; the shapes and histograms fill in once the checkpoint is read. */
export function runView(run: Run): HTMLElement {
  const root = element('article', { class: 'run', 'data-path': run.path });
  const problems = element('ul', { class: 'error problems', role: 'alert' }, ...run.problems.map((p) => element('li', {}, p)));
  root.append(element('h2', {}, run.path === '' ? 'Run' : `Run ${run.path}`), problems);
  if (run.failure !== null) root.append(element('p', { class: 'error' }, `This experiment cell failed: ${run.failure}`));
  const summary = summaryTable(run);
  if (summary) root.append(summary);
  root.append(element('h3', {}, 'Loss and accuracy'));
  root.append(run.metrics.length > 0 ? curveCharts(run) : element('p', { class: 'muted' }, 'No epochs recorded (no metrics.jsonl, or it is empty).'));
  const shapes = element('div', { class: 'shapes' }, element('p', { class: 'muted' }, 'Reading the learned parameters…'));
  const hists = element('div', { class: 'histograms' });
  root.append(element('h3', {}, 'Learned activations'), shapes, element('h3', {}, 'Learned parameters'), hists);
  if (run.config) root.append(element('h3', {}, 'Settings'), configTable(run.config));
  void learnedRecords(run, problems).then((found) => {
    if (found === null) {
      const recorded = summaryHistograms(run);
      const folds = recorded.length > 0 ? ' (a cross-validated cell: its folds are runs of their own)' : '';
      shapes.replaceChildren(element('p', { class: 'muted' }, `No checkpoint.safetensors or activations.json here${folds}: no learned shapes to show.`));
      hists.replaceChildren(...recorded);
      root.dataset.loaded = recorded.length > 0 ? 'summary.json' : 'nothing';
      return;
    }
    const initial = (layer: string) => run.activations?.find((r) => r.layer === layer);
    shapes.replaceChildren(element('p', { class: 'muted' }, `Learned parameters from ${found.source}; initial ones from activations.json.`), ...found.records.map((r) => shapeChart(r, initial(r.layer))));
    const figures = found.records.flatMap((r) => histograms(r, initial(r.layer)));
    hists.replaceChildren(...(figures.length > 0 ? figures : [element('p', { class: 'muted' }, 'No learnable parameter with more than one slot.')]));
    root.dataset.loaded = found.source;
  });
  return root;
}
