// The playground page: 2-D data sets and an MNIST subset, networks with learnable activations trained live in a Web
// Worker, with the decision boundary, curves, learned shapes and gradient sizes.
import { byId, pageHeader, showError } from '../common/page.js';
import { Controls, linkFor } from './controls.js';
import { csvExamples, twoDExamples, type Examples, type TwoD } from './datasets.js';
import { HeatMap } from './heatmap.js';
import { RunHistory } from './history.js';
import { drawCurves, drawGradients, drawShapes, drawSpreads } from './panels.js';
import type { FromWorker, Snapshot, Status, ToWorker } from './protocol.js';
import { readHash, type Settings } from './state.js';
import { tarFolder } from './tar.js';

/** Cells per side of the heat map's grid. */
const GRID = 64;
/** Charts other than the heat map are redrawn at most this often (ms): the heat map keeps the page's time. */
const CHART_INTERVAL = 150;

pageHeader('playground.html');
const state = byId<HTMLOutputElement>('state');
const problemsBox = byId('problems');
const buttons = { run: byId<HTMLButtonElement>('run'), step: byId<HTMLButtonElement>('step'), batch: byId<HTMLButtonElement>('step-batch'), reset: byId<HTMLButtonElement>('reset') };
const exports = { checkpoint: byId<HTMLButtonElement>('export-checkpoint'), run: byId<HTMLButtonElement>('export-run') };
const autostart = byId<HTMLInputElement>('autostart');
const heatMap = new HeatMap(byId<HTMLCanvasElement>('heatmap-cells'), byId<HTMLCanvasElement>('heatmap-points'));
const heatMapBox = byId('heatmap');

const initial = readHash(location.hash);
let settings = initial.settings;
let csv: { name: string; examples: Examples } | null = null;
let examples: Examples | null = null;
let worker: Worker | null = null;
let runHistory = new RunHistory();
let status: Status = 'loading';
let runWhenReady = settings.autostart;
let heatUpdates = 0;
/** Batches trained of the epoch under way. */
let batchesDone = 0;
let chartsDue = false;
let exportKind: 'checkpoint' | 'run' | null = null;

const send = (m: ToWorker) => worker?.postMessage(m);

function showProblems(list: readonly string[]): void {
  problemsBox.replaceChildren();
  if (list.length > 0) showError(problemsBox, new Error(list.join('; ')));
}

/** The examples of the settings' data set, or null for MNIST (the worker loads it); throws when a CSV is missing. */
function examplesFor(s: Settings): Examples | null {
  if (s.data === 'mnist') return null;
  if (s.data === 'csv') {
    if (csv === null) throw new Error('data set csv: no CSV file yet: drop one on the page, or choose one above');
    return csv.examples;
  }
  return twoDExamples(s.data as TwoD, s.points, s.noise, s.dataSeed);
}

/** A new worker and network for the current settings; training starts once built when `run`. */
function restart(run: boolean): void {
  worker?.terminate();
  worker = null;
  runHistory = new RunHistory();
  heatUpdates = 0;
  batchesDone = 0;
  runWhenReady = run;
  setStatus('loading');
  try {
    examples = examplesFor(settings);
  } catch (err) {
    setStatus('error');
    showError(problemsBox, err);
    return;
  }
  byId('no-heatmap').hidden = examples?.bounds != null;
  heatMapBox.hidden = examples?.bounds == null;
  if (examples?.bounds) heatMap.draw(null, examples);
  worker = new Worker('playground-worker.js', { type: 'module' });
  worker.onmessage = (e: MessageEvent<FromWorker>) => received(e.data);
  worker.onerror = (e) => {
    setStatus('error');
    showError(problemsBox, new Error(`the training worker failed: ${e.message}`));
  };
  send({ type: 'start', settings, examples, grid: GRID });
}

function received(m: FromWorker): void {
  switch (m.type) {
    case 'snapshot':
      return snapshot(m);
    case 'error':
      setStatus(m.status);
      showError(problemsBox, new Error(m.message));
      return;
    case 'files':
      return download(m.files);
  }
}

function snapshot(s: Snapshot): void {
  runHistory.add(s);
  batchesDone = s.batch;
  if (s.heat !== null && examples !== null) {
    heatMap.draw(s.heat, examples);
    heatUpdates++;
  }
  send({ type: 'ack' });
  if (s.status !== status) setStatus(s.status);
  if (s.status === 'ready' && runWhenReady) {
    runWhenReady = false;
    send({ type: 'run' });
  }
  // Steps and the end of training show at once; while training, with the charts.
  if (s.status !== 'training') drawCharts();
  else if (!chartsDue) {
    chartsDue = true;
    setTimeout(drawCharts, CHART_INTERVAL);
  }
}

function drawCharts(): void {
  chartsDue = false;
  drawCurves(byId('loss') as unknown as SVGSVGElement, byId('accuracy') as unknown as SVGSVGElement, runHistory);
  drawGradients(byId('gradients') as unknown as SVGSVGElement, byId('gradients-legend'), runHistory);
  drawShapes(byId('shapes'), runHistory.params);
  drawSpreads(byId('spreads'), runHistory);
  showState();
}

const percent = (v: number | null | undefined) => (v == null ? '–' : `${(100 * v).toFixed(1)} %`);

/** The run's state in words and, for tests and the bench, in data attributes. */
function showState(): void {
  const last = runHistory.metrics.at(-1);
  const d = state.dataset;
  d.status = status;
  d.epoch = String(last?.epoch ?? 0);
  d.batch = String(batchesDone);
  d.trainAccuracy = String(last?.trainAccuracy ?? '');
  d.testAccuracy = String(last?.valAccuracy ?? '');
  d.trainLoss = String(last?.trainLoss ?? '');
  d.epochSeconds = String(last?.seconds ?? '');
  d.heatmapUpdates = String(heatUpdates);
  d.params = JSON.stringify(runHistory.params.map((p) => ({ layer: p.layer, activation: p.activation, initial: pick(p.initial, p.learnable), learned: pick(p.learned, p.learnable) })));
  const partial = batchesDone > 0 ? ` + ${batchesDone} batch${batchesDone === 1 ? '' : 'es'}` : '';
  state.textContent = `${status} · epoch ${last?.epoch ?? 0}${partial} · train ${percent(last?.trainAccuracy)} · test ${percent(last?.valAccuracy)}`;
}

const pick = (values: Record<string, number[]>, names: string[]) => Object.fromEntries(names.map((n) => [n, values[n]]));

function setStatus(s: Status): void {
  status = s;
  const idle = s === 'ready' || s === 'paused';
  buttons.run.disabled = !(idle || s === 'training');
  buttons.run.textContent = s === 'training' ? 'Pause' : 'Train';
  buttons.step.disabled = buttons.batch.disabled = !idle;
  exports.checkpoint.disabled = exports.run.disabled = !(idle || s === 'done');
  showState();
}

function toggleRun(): void {
  if (status === 'training') send({ type: 'pause' });
  else if (status === 'ready' || status === 'paused') send({ type: 'run' });
}

function step(what: 'step' | 'batch'): void {
  if (status === 'ready' || status === 'paused') send({ type: what });
}

function download(files: Record<string, string | Uint8Array>): void {
  const name = exportKind === 'checkpoint' ? 'checkpoint.safetensors' : 'playground-run.tar';
  const bytes = exportKind === 'checkpoint' ? (files['checkpoint.safetensors'] as Uint8Array) : tarFolder('playground-run', files);
  exportKind = null;
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function requestExport(kind: 'checkpoint' | 'run'): void {
  exportKind = kind;
  send({ type: 'export' });
}

/** New settings from the form: into the address, and a new network. */
function settingsChanged(next: Settings, list: string[]): void {
  settings = next;
  showProblems(list);
  window.history.replaceState(null, '', linkFor(settings, autostart.checked));
  restart(false);
}

async function loadCsv(file: File): Promise<void> {
  try {
    csv = { name: file.name, examples: csvExamples(await file.text(), file.name) };
  } catch (err) {
    showError(problemsBox, err);
    return;
  }
  settings = { ...settings, data: 'csv' };
  controls.render(settings);
  settingsChanged(settings, []);
}

const controls = new Controls(byId<HTMLFormElement>('settings'), settingsChanged);
controls.render(settings);
showProblems(initial.problems);
autostart.checked = settings.autostart;
autostart.addEventListener('change', () => window.history.replaceState(null, '', linkFor(settings, autostart.checked)));
buttons.run.addEventListener('click', toggleRun);
buttons.step.addEventListener('click', () => step('step'));
buttons.batch.addEventListener('click', () => step('batch'));
buttons.reset.addEventListener('click', () => restart(false));
exports.checkpoint.addEventListener('click', () => requestExport('checkpoint'));
exports.run.addEventListener('click', () => requestExport('run'));
byId<HTMLInputElement>('csv-file').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) void loadCsv(file);
});
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  const file = e.dataTransfer?.files[0];
  if (file) void loadCsv(file);
});
document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).closest('input, select, textarea')) return;
  const action = { t: toggleRun, s: () => step('step'), b: () => step('batch'), r: () => restart(false) }[e.key];
  if (action) {
    e.preventDefault();
    action();
  }
});
// An address edited by hand (or a link followed within the page) brings its settings, and starts when it says so.
window.addEventListener('hashchange', () => {
  const next = readHash(location.hash);
  settings = next.settings;
  autostart.checked = settings.autostart;
  controls.render(settings);
  showProblems(next.problems);
  restart(settings.autostart);
});
restart(settings.autostart);
