// The playground's charts besides the heat map: loss and accuracy curves, every hidden neuron's activation shape as
// it is now (small multiples), the spread of each learned parameter over the epochs, and gradient sizes per layer.
import { evaluateActivation } from 'actlab';
import { lineChart, PALETTE, type Series } from '../common/chart.js';
import { element } from '../common/page.js';
import type { RunHistory } from './history.js';
import type { LayerParams } from './protocol.js';

/** Small multiples drawn per layer at most (an even sample of its neurons beyond); past FULL_SIZE they are drawn small. */
const MAX_SHAPES = 256;
const FULL_SIZE = 16;
const SHAPE_X = Array.from({ length: 61 }, (_, i) => -3 + i * 0.1);

/** Points drawn per curve at most: long runs are thinned to every k-th epoch (and the last). */
const MAX_POINTS = 400;

function thinned<T>(list: readonly T[]): T[] {
  const k = Math.ceil(list.length / MAX_POINTS);
  return k <= 1 ? [...list] : list.filter((_, i) => i % k === 0 || i === list.length - 1);
}

export function drawCurves(loss: SVGSVGElement, accuracy: SVGSVGElement, h: RunHistory): void {
  const metrics = thinned(h.metrics);
  const epochs = metrics.map((m) => m.epoch);
  const pick = (f: (m: RunHistory['metrics'][number]) => number | null) => metrics.map((m) => f(m) ?? NaN);
  const xDomain = [0, Math.max(1, epochs.at(-1) ?? 1)] as const;
  lineChart(loss, [
    { label: 'train', x: epochs, y: pick((m) => m.trainLoss) },
    { label: 'test', x: epochs, y: pick((m) => m.valLoss), dash: '5 3' },
  ], { width: 360, height: 200, xDomain, xLabel: 'epoch', legend: false, title: 'loss per epoch, train (solid) and test (dashed)' });
  lineChart(accuracy, [
    { label: 'train', x: epochs, y: pick((m) => m.trainAccuracy) },
    { label: 'test', x: epochs, y: pick((m) => m.valAccuracy), dash: '5 3' },
  ], { width: 360, height: 200, xDomain, yDomain: [0, 1], xLabel: 'epoch', legend: false, title: 'accuracy per epoch, train (solid) and test (dashed)' });
}

/** The slots drawn of `count`: all, or an even sample of MAX_SHAPES. */
function sampledSlots(count: number): number[] {
  if (count <= MAX_SHAPES) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: MAX_SHAPES }, (_, i) => Math.round((i * (count - 1)) / (MAX_SHAPES - 1)));
}

/** A tiny plot of f over [−3, 3]: now (solid) and at the start (dashed), with the axes. */
function miniPlot(now: Float32Array, start: Float32Array, label: string, small: boolean): SVGSVGElement {
  const all = [...now, ...start].filter(Number.isFinite);
  const lo = Math.min(-1, ...all), hi = Math.max(1, ...all);
  const W = 96, H = 64;
  const px = (i: number) => (i / (SHAPE_X.length - 1)) * W;
  const py = (v: number) => H - 2 - ((Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * (H - 4);
  const path = (ys: Float32Array) => Array.from(ys, (v, i) => `${i === 0 ? 'M' : 'L'}${px(i).toFixed(1)},${py(v).toFixed(1)}`).join('');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', small ? 'mini small' : 'mini');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.innerHTML =
    `<title>${label}</title><line x1="0" x2="${W}" y1="${py(0)}" y2="${py(0)}" stroke="#ccd"/><line x1="${W / 2}" x2="${W / 2}" y1="0" y2="${H}" stroke="#ccd"/>` +
    `<path d="${path(start)}" fill="none" stroke="#9aa3b2" stroke-dasharray="3 2"/><path d="${path(now)}" fill="none" stroke="${PALETTE[0]}" stroke-width="2"/>`;
  return svg;
}

function slotValues(values: Record<string, number[]>, slot: number): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v[Math.min(slot, v.length - 1)]]));
}

const fmt = (v: number) => String(Number(v.toPrecision(3)));

/** One row of small multiples per activation layer. */
export function drawShapes(into: HTMLElement, params: readonly LayerParams[]): void {
  into.replaceChildren(
    ...params.map((layer) => {
      const slots = Math.max(1, ...Object.values(layer.learned).map((v) => v.length));
      const row = element('div', { class: 'shapes' });
      for (const slot of sampledSlots(slots)) {
        const now = slotValues(layer.learned, slot);
        const text = Object.entries(now).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ');
        const label = `${layer.layer} ${layer.sharing === 'layer' ? '(shared)' : `neuron ${slot}`}${text ? `: ${text}` : ''}`;
        try {
          const y = evaluateActivation(layer.activation, SHAPE_X, now).y;
          const y0 = evaluateActivation(layer.activation, SHAPE_X, slotValues(layer.initial, slot)).y;
          row.append(miniPlot(y, y0, label, slots > FULL_SIZE));
        } catch (err) {
          row.append(element('span', { class: 'error' }, `${label}: ${(err as Error).message}`));
        }
      }
      const head = `${layer.layer} · ${layer.activation} · ${slots} ${layer.sharing === 'layer' ? 'shared' : slots === 1 ? 'slot' : 'neurons'}${slots > MAX_SHAPES ? ` (${MAX_SHAPES} shown)` : ''}`;
      return element('figure', {}, element('figcaption', {}, head), row);
    }),
  );
}

/** For each learned parameter: min, quartiles and max over its neurons, per epoch. */
export function drawSpreads(into: HTMLElement, h: RunHistory): void {
  const charts: Node[] = [];
  for (const [key, all] of h.spreads) {
    const list = thinned(all);
    const x = list.map((s) => s.epoch);
    const names = ['min', 'q25', 'median', 'q75', 'max'];
    const series: Series[] = names.map((label, i) => ({ label, x, y: list.map((s) => s.q[i]), color: i === 2 ? PALETTE[0] : '#8fb0ef', width: i === 2 ? 2 : 1, ...(i % 4 === 0 ? { dash: '3 2' } : {}) }));
    const svg = lineChart(null, series, { width: 360, height: 180, xDomain: [0, Math.max(1, x.at(-1) ?? 1)], xLabel: 'epoch', legend: false, title: `${key} over the epochs: min, quartiles, max over its neurons` });
    charts.push(element('figure', {}, element('figcaption', {}, `${key}: min, quartiles, max`), svg));
  }
  into.replaceChildren(...(charts.length > 0 ? charts : [element('p', { class: 'muted' }, 'No learnable activation parameters in this network.')]));
}

/** log10 of the mean |gradient| of each layer's weights, per epoch: vanishing gradients sink layer by layer. */
export function drawGradients(svg: SVGSVGElement, legend: HTMLElement, h: RunHistory): void {
  const layers = [...h.gradients];
  // Colours run from the first layer (blue) to the output (orange), so the order of the layers shows in the chart.
  const hue = (i: number) => `hsl(${220 - (190 * i) / Math.max(1, layers.length - 1)}, 70%, 45%)`;
  const series: Series[] = layers.map(([layer, all], i) => {
    const list = thinned(all);
    return { label: layer, x: list.map((g) => g.epoch), y: list.map((g) => Math.log10(g.meanAbs)), color: hue(i) };
  });
  const last = Math.max(1, ...series.map((s) => s.x[s.x.length - 1] ?? 1));
  lineChart(svg, series, { width: 360, height: 200, xDomain: [0, last], xLabel: 'epoch', legend: false, title: 'log10 of the mean |gradient| of each layer\'s weights, per epoch' });
  legend.replaceChildren(...series.map((s) => element('span', { class: 'key' }, element('span', { class: 'swatch', style: `background:${s.color}` }), s.label)));
}
