// Line charts as SVG, drawn anew on every update (cheap at the sizes the pages use): series of points, axes with nice
// ticks, a legend, shaded x-intervals and vertical rules. Values that are not finite break a line.

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  /** SVG stroke-dasharray, e.g. '6 4'. */
  dash?: string;
  width?: number;
}

export interface Band {
  from: number;
  to: number;
  color: string;
  /** Said in the band's tooltip. */
  label?: string;
}

export interface LineChartOptions {
  width?: number;
  height?: number;
  xDomain?: readonly [number, number];
  /** Default: the series' finite values, with a margin. */
  yDomain?: readonly [number, number];
  xLabel?: string;
  yLabel?: string;
  /** Shaded stretches of x (saturation, dead zones, outside a domain). */
  bands?: readonly Band[];
  /** Vertical rules at these x (kinks, domain edges). */
  rules?: readonly { x: number; color?: string; dash?: string }[];
  legend?: boolean;
  /** Accessible name of the chart. */
  title?: string;
}

const SVG = 'http://www.w3.org/2000/svg';
export const PALETTE = ['#2f6fdf', '#e8710a', '#1a9e5b', '#c2185b', '#7b52ab', '#00838f'];

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  return e;
}

/** About `count` round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

const tickText = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4))));

/** The finite range of the series' y values with a 5 % margin, or [-1, 1] when there is none. */
export function dataDomain(series: readonly Series[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) {
      const v = s.y[i];
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!(hi >= lo)) return [-1, 1];
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1, Math.abs(hi)) * 0.1;
  return [lo - pad, hi + pad];
}

/** Draws `series` into `svg` (made when null), replacing what it held; returns it. */
export function lineChart(svg: SVGSVGElement | null, series: readonly Series[], options: LineChartOptions = {}): SVGSVGElement {
  const width = options.width ?? 560;
  const height = options.height ?? 320;
  const chart = svg ?? svgElement('svg');
  chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
  chart.setAttribute('class', 'chart');
  chart.setAttribute('role', 'img');
  if (options.title) chart.setAttribute('aria-label', options.title);
  chart.replaceChildren();
  const margin = { left: 48, right: 12, top: 10, bottom: options.xLabel ? 36 : 24 };
  const [x0, x1] = options.xDomain ?? [Math.min(...series.map((s) => s.x[0] ?? 0)), Math.max(...series.map((s) => s.x[s.x.length - 1] ?? 1))];
  const [y0, y1] = options.yDomain ?? dataDomain(series);
  const px = (x: number) => margin.left + ((x - x0) / (x1 - x0 || 1)) * (width - margin.left - margin.right);
  const py = (y: number) => height - margin.bottom - ((y - y0) / (y1 - y0 || 1)) * (height - margin.top - margin.bottom);
  const clipId = `clip-${Math.random().toString(36).slice(2)}`;
  const clip = svgElement('clipPath', { id: clipId });
  clip.append(svgElement('rect', { x: margin.left, y: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom }));
  chart.append(clip);
  const plot = svgElement('g', { 'clip-path': `url(#${clipId})` });
  for (const b of options.bands ?? []) {
    const r = svgElement('rect', { x: px(Math.max(b.from, x0)), y: margin.top, width: Math.max(0, px(Math.min(b.to, x1)) - px(Math.max(b.from, x0))), height: height - margin.top - margin.bottom, fill: b.color });
    if (b.label) r.append(Object.assign(svgElement('title'), { textContent: b.label }));
    plot.append(r);
  }
  const axes = svgElement('g', { class: 'axis' });
  for (const t of ticks(y0, y1)) {
    axes.append(svgElement('line', { class: 'grid-line', x1: margin.left, x2: width - margin.right, y1: py(t), y2: py(t) }));
    axes.append(Object.assign(svgElement('text', { x: margin.left - 4, y: py(t) + 4, 'text-anchor': 'end' }), { textContent: tickText(t) }));
  }
  for (const t of ticks(x0, x1, 6)) {
    axes.append(Object.assign(svgElement('text', { x: px(t), y: height - margin.bottom + 14, 'text-anchor': 'middle' }), { textContent: tickText(t) }));
  }
  axes.append(svgElement('path', { d: `M${margin.left},${margin.top}V${height - margin.bottom}H${width - margin.right}`, fill: 'none' }));
  if (options.xLabel) axes.append(Object.assign(svgElement('text', { x: (margin.left + width - margin.right) / 2, y: height - 4, 'text-anchor': 'middle' }), { textContent: options.xLabel }));
  if (options.yLabel) axes.append(Object.assign(svgElement('text', { x: 12, y: margin.top + 8 }), { textContent: options.yLabel }));
  chart.append(axes);
  for (const r of options.rules ?? []) {
    plot.append(svgElement('line', { x1: px(r.x), x2: px(r.x), y1: margin.top, y2: height - margin.bottom, stroke: r.color ?? '#888', 'stroke-dasharray': r.dash ?? '2 3' }));
  }
  series.forEach((s, k) => {
    let d = '';
    let pen = false;
    for (let i = 0; i < s.x.length; i++) {
      const y = s.y[i];
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      // Far outside the chart, a point only needs to head the right way: keep coordinates small for the renderer.
      const yy = Math.max(-10 * height, Math.min(11 * height, py(y)));
      d += `${pen ? 'L' : 'M'}${px(s.x[i]).toFixed(1)},${yy.toFixed(1)}`;
      pen = true;
    }
    plot.append(svgElement('path', { d, fill: 'none', stroke: s.color ?? PALETTE[k % PALETTE.length], 'stroke-width': s.width ?? 2, ...(s.dash ? { 'stroke-dasharray': s.dash } : {}) }));
  });
  chart.append(plot);
  if (options.legend ?? series.length > 1) {
    const legend = svgElement('g');
    series.forEach((s, k) => {
      const y = margin.top + 8 + 14 * k;
      legend.append(svgElement('line', { x1: margin.left + 8, x2: margin.left + 28, y1: y, y2: y, stroke: s.color ?? PALETTE[k % PALETTE.length], 'stroke-width': 2, ...(s.dash ? { 'stroke-dasharray': s.dash } : {}) }));
      legend.append(Object.assign(svgElement('text', { x: margin.left + 32, y: y + 4 }), { textContent: s.label }));
    });
    chart.append(legend);
  }
  return chart;
}
