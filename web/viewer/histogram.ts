// Histograms as SVG bars: the learned values of one parameter over a layer's slots (neurons or channels).
import { ticks } from '../common/chart.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface Bins {
  edges: number[];
  counts: number[];
}

/** `values` in `count` equal bins over their range (one bin of width 1 around a single value). */
export function bins(values: readonly number[], count = 20): Bins {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { edges: [0, 1], counts: [0] };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const allEqual = !(hi > lo);
  if (allEqual) [lo, hi] = [lo - 0.5, hi + 0.5];
  const n = allEqual ? 1 : Math.max(1, Math.min(count, finite.length));
  const edges = Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
  const counts = new Array<number>(n).fill(0);
  for (const v of finite) counts[Math.min(n - 1, Math.floor(((v - lo) / (hi - lo)) * n))]++;
  return { edges, counts };
}

const label = (v: number) => String(Number(v.toPrecision(3)));

/** Bars of binned values (from `bins`, or a summary.json histogram), with `initial` marked when given. */
export function histogram({ edges, counts }: Bins, title: string, initial?: number): SVGSVGElement {
  const width = 360;
  const height = 200;
  const m = { left: 36, right: 10, top: 10, bottom: 28 };
  let [x0, x1] = [edges[0], edges[edges.length - 1]];
  if (initial !== undefined && Number.isFinite(initial)) [x0, x1] = [Math.min(x0, initial), Math.max(x1, initial)];
  const top = Math.max(1, ...counts);
  const px = (x: number) => m.left + ((x - x0) / (x1 - x0 || 1)) * (width - m.left - m.right);
  const py = (c: number) => height - m.bottom - (c / top) * (height - m.top - m.bottom);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart histogram', role: 'img', 'aria-label': title });
  counts.forEach((c, i) => {
    const bar = svg('rect', { x: px(edges[i]) + 0.5, y: py(c), width: Math.max(1, px(edges[i + 1]) - px(edges[i]) - 1), height: py(0) - py(c), fill: '#2f6fdf' });
    bar.append(svg('title', {}, `${label(edges[i])} to ${label(edges[i + 1])}: ${c}`));
    chart.append(bar);
  });
  const axis = svg('g', { class: 'axis' });
  axis.append(svg('path', { d: `M${m.left},${m.top}V${height - m.bottom}H${width - m.right}`, fill: 'none' }));
  for (const t of ticks(0, top, 4).filter(Number.isInteger)) axis.append(svg('text', { x: m.left - 4, y: py(t) + 4, 'text-anchor': 'end' }, String(t)));
  for (const t of ticks(x0, x1, 4)) axis.append(svg('text', { x: px(t), y: height - m.bottom + 14, 'text-anchor': 'middle' }, label(t)));
  chart.append(axis);
  if (initial !== undefined && Number.isFinite(initial)) {
    chart.append(svg('line', { x1: px(initial), x2: px(initial), y1: m.top, y2: height - m.bottom, stroke: '#e6550d', 'stroke-dasharray': '5 3', 'stroke-width': 2 }));
    chart.append(svg('text', { x: Math.min(px(initial) + 4, width - 60), y: m.top + 10, fill: '#e6550d' }, 'initial'));
  }
  return chart;
}
