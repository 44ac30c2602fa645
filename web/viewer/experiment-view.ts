// Several runs given at once (an experiment folder: one run per cell folder): a table of their results and their
// validation accuracy per epoch on one chart; choosing a row shows that run.
import { lineChart, PALETTE, type Series } from '../common/chart.js';
import { element } from '../common/page.js';
import type { Run } from './run-record.js';
import { wholeEpochTicks } from './epoch-axis.js';

const percent = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(2)} %` : '—');

/** The table and chart of `runs`; `show` is called with the run whose button is pressed (the first is shown at first). */
export function experimentView(runs: readonly Run[], show: (run: Run) => void): HTMLElement {
  const buttons: HTMLButtonElement[] = [];
  const rows = runs.map((run, i) => {
    const button = element('button', { type: 'button', 'aria-pressed': String(i === 0) }, run.path || '(top)');
    buttons.push(button);
    button.addEventListener('click', () => {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b === button));
      show(run);
    });
    const status = run.failure !== null ? `failed: ${run.failure}` : (run.summary?.status ?? (run.metrics.length > 0 ? 'running or stopped' : '—'));
    return element(
      'tr',
      {},
      element('td', {}, button),
      element('td', {}, String(run.config?.activation ?? '—')),
      element('td', {}, String(run.metrics.length > 0 ? run.metrics.length : (run.summary?.epochs ?? 0))),
      element('td', {}, percent(run.summary?.final.testAccuracy)),
      element('td', {}, status),
    );
  });
  const head = element('tr', {}, ...['run', 'activation', 'epochs', 'test accuracy', 'status'].map((h) => element('th', { scope: 'col' }, h)));
  const table = element('table', { id: 'runs' }, element('caption', {}, `${runs.length} runs`), element('thead', {}, head), element('tbody', {}, ...rows));
  const series: Series[] = runs
    .filter((r) => r.metrics.some((m) => m.valAccuracy !== null))
    .map((r, i) => ({ label: r.path, x: r.metrics.map((m) => m.epoch), y: r.metrics.map((m) => m.valAccuracy ?? NaN), color: PALETTE[i % PALETTE.length] }));
  const epochs = Math.max(2, ...runs.map((r) => r.metrics.length));
  const chart = series.length > 0 ? [element('figure', {}, wholeEpochTicks(lineChart(null, series, { xDomain: [1, epochs], xLabel: 'epoch', legend: series.length <= 8, title: 'validation accuracy per epoch of every run' })), element('figcaption', { class: 'muted' }, 'validation accuracy per epoch'))] : [];
  return element('section', { class: 'experiment', 'aria-label': 'runs given' }, element('h2', {}, 'Runs'), table, ...chart);
}
