// The Vega-Lite chart of one or more activations, sampled from their float64 references, with
// optional ∂f/∂x curves: colour tells the activations apart, dashes tell f from its derivative.
// The y-range follows the curves, not their spikes (what it cuts off is named in the subtitle), and
// x outside an entry's domain, or where its f is NaN, is shaded in the entry's colour.
import type { TopLevelSpec } from 'vega-lite';
import { linspace } from '../activations/math.js';
import type { ElementwiseActivation } from '../activations/types.js';
import { activationLabel, formatNumber } from './format.js';
import { robustYDomain } from './y-range.js';

/** One curve to draw: an entry and its parameter values in declaration order. */
export interface ActivationCurve {
  activation: ElementwiseActivation;
  params: number[];
}

export interface ActivationChartOptions {
  /** x range; default `defaultRange(curves)`. */
  range?: readonly [number, number];
  /** Also draw ∂f/∂x (dashed) for every curve. */
  derivative?: boolean;
  /** Evenly spaced intervals across the range (kinks and domain edges are added to them). Default 400. */
  intervals?: number;
  title?: string;
  width?: number;
  height?: number;
}

export const FUNCTION_CURVE = 'f(x)';
export const DERIVATIVE_CURVE = '∂f/∂x';

/** [−5, 5] times the largest length scale of the curves (1 for an entry that declares none). */
export function defaultRange(curves: readonly ActivationCurve[]): [number, number] {
  const scale = Math.max(...curves.map((c) => c.activation.lengthScale?.(c.params) ?? 1));
  return [-5 * scale, 5 * scale];
}

// Labels carry parameter values, so they may be long; stroke symbols long enough to show the dashes.
const LEGEND = { labelLimit: 480, symbolSize: 600, symbolStrokeWidth: 2 };
/** Quantile tails of the robust y-range: f keeps all but spikes under 1 % of its samples, ∂f/∂x under 5 %. */
const FUNCTION_TAIL = 0.01;
const DERIVATIVE_TAIL = 0.05;
/** Subtitle lines about clipped curves before the rest are counted only. */
const MAX_CLIP_NOTES = 4;

/** Row of the chart's data; y is null where the value is not finite, which breaks the line there. */
interface ChartRow {
  activation: string;
  curve: string;
  x: number;
  y: number | null;
}

/** A curve's raw samples (non-finite values kept): the rows, the y-range and the shading read them. */
interface Sampled {
  label: string;
  xs: number[];
  /** Values per curve kind (f, and ∂f/∂x when asked), aligned with xs. */
  values: Map<string, number[]>;
  /** The open interval where f is defined (the whole axis when the entry declares none). */
  domain: [number, number];
}

/** An x interval shaded in an entry's colour, or (x2 absent) a vertical rule at a domain edge. */
interface Mark {
  entry: string;
  x: number;
  x2?: number;
}

function sample(c: ActivationCurve, grid: readonly number[], lo: number, hi: number, derivative: boolean): Sampled {
  const domain = c.activation.domain?.(c.params) ?? [-Infinity, Infinity];
  // Kinks and domain edges are sampled exactly so corners stay sharp and the curve reaches the edge.
  const extra = [...c.activation.kinks(c.params), ...domain].filter((k) => k > lo && k < hi);
  const xs = [...new Set([...grid, ...extra])].sort((a, b) => a - b);
  const { f, dfdx } = c.activation.ref;
  const values = new Map([[FUNCTION_CURVE, xs.map((x) => f(x, c.params))]]);
  if (derivative) values.set(DERIVATIVE_CURVE, xs.map((x) => dfdx(x, c.params)));
  return { label: activationLabel(c.activation, c.params), xs, values, domain };
}

/**
 * The rows to draw. Values far off the chart are pulled in to 100 chart heights beyond the y-range:
 * still drawn off it (clipped), but without the coordinates of millions of pixels that make the
 * rasteriser drop a dashed path. Non-finite values are null.
 */
function chartRows(s: Sampled, [lo, hi]: readonly [number, number]): ChartRow[] {
  const reach = 100 * (hi - lo);
  const y = (v: number) => (Number.isFinite(v) ? Math.min(Math.max(v, lo - reach), hi + reach) : null);
  return [...s.values].flatMap(([curve, ys]) => s.xs.map((x, i) => ({ activation: s.label, curve, x, y: y(ys[i]) })));
}

/** A number short enough for a subtitle: three significant digits, in e-notation when large or tiny. */
function short(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatNumber(v);
  return Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

/** The y domain: f's robust extent, ∂f/∂x's within its own tighter one. */
function yDomain(sampled: readonly Sampled[]): [number, number] {
  return robustYDomain(
    sampled.flatMap((s) => [...s.values].map(([curve, values]) => ({ values, tail: curve === FUNCTION_CURVE ? FUNCTION_TAIL : DERIVATIVE_TAIL }))),
  );
}

/** "∂f/∂x of NAME is clipped (it goes up to 1.00e+6)" for each curve with values outside [lo, hi] (at most four lines). */
function clipNotes(sampled: readonly Sampled[], [lo, hi]: readonly [number, number]): string[] {
  const notes = sampled.flatMap((s) =>
    [...s.values].flatMap(([curve, ys]) => {
      const below = Math.min(...ys.filter((y) => y < lo));
      const above = Math.max(...ys.filter((y) => y > hi));
      const how = [...(below < lo ? [`down to ${short(below)}`] : []), ...(above > hi ? [`up to ${short(above)}`] : [])];
      return how.length === 0 ? [] : [`${curve} of ${s.label} is clipped (it goes ${how.join(' and ')})`];
    }),
  );
  if (notes.length <= MAX_CLIP_NOTES) return notes;
  return [...notes.slice(0, MAX_CLIP_NOTES - 1), `and ${notes.length - MAX_CLIP_NOTES + 1} more curves are clipped`];
}

/** Runs of consecutive samples where f is NaN inside the domain, each widened halfway to its defined neighbours. */
function nanStretches(s: Sampled, lo: number, hi: number): Mark[] {
  const f = s.values.get(FUNCTION_CURVE) as number[];
  const inside = (i: number) => s.xs[i] > s.domain[0] && s.xs[i] < s.domain[1];
  const marks: Mark[] = [];
  for (let i = 0; i < s.xs.length; i++) {
    if (!Number.isNaN(f[i]) || !inside(i)) continue;
    let j = i;
    while (j + 1 < s.xs.length && Number.isNaN(f[j + 1]) && inside(j + 1)) j++;
    const from = i === 0 ? lo : (s.xs[i - 1] + s.xs[i]) / 2;
    const to = j === s.xs.length - 1 ? hi : (s.xs[j] + s.xs[j + 1]) / 2;
    marks.push({ entry: s.label, x: from, x2: to });
    i = j;
  }
  return marks;
}

/** Shading outside each curve's domain and where f is NaN, rules at domain edges, and what they mean. */
function domainMarks(sampled: readonly Sampled[], lo: number, hi: number): { shades: Mark[]; edges: Mark[]; notes: string[] } {
  const shades: Mark[] = [];
  const edges: Mark[] = [];
  const notes: string[] = [];
  for (const s of sampled) {
    const [from, to] = s.domain;
    if (from > lo) shades.push({ entry: s.label, x: lo, x2: Math.min(from, hi) });
    if (to < hi) shades.push({ entry: s.label, x: Math.max(to, lo), x2: hi });
    edges.push(...[from, to].filter((e) => e > lo && e < hi).map((x) => ({ entry: s.label, x })));
    if (from > lo || to < hi) notes.push(`${s.label} is defined on (${short(from)}, ${short(to)}); shaded outside`);
    const stretches = nanStretches(s, lo, hi);
    if (stretches.length > 0) notes.push(`f of ${s.label} is NaN where shaded`);
    shades.push(...stretches);
  }
  return { shades, edges, notes };
}

/** The Vega-Lite spec plotting each curve's f (and ∂f/∂x when asked) over the range. */
export function activationChartSpec(curves: readonly ActivationCurve[], options: ActivationChartOptions = {}): TopLevelSpec {
  const [lo, hi] = options.range ?? defaultRange(curves);
  const derivative = options.derivative ?? false;
  const grid = linspace(lo, hi, options.intervals ?? 400);
  const sampled = curves.map((c) => sample(c, grid, lo, hi, derivative));
  const labels = sampled.map((s) => s.label).filter((l, i, all) => all.indexOf(l) === i);
  const curveKinds = derivative ? [FUNCTION_CURVE, DERIVATIVE_CURVE] : [FUNCTION_CURVE];
  const y = yDomain(sampled);
  const { shades, edges, notes } = domainMarks(sampled, lo, hi);
  const subtitle = [...notes, ...clipNotes(sampled, y)];
  const x = { field: 'x', type: 'quantitative' as const, title: 'x', scale: { domain: [lo, hi], nice: false } };
  const color = { field: 'activation', type: 'nominal' as const, title: 'activation', scale: { domain: labels }, legend: LEGEND };
  // Shades and edges take the curves' colours through channels and a field of their own, which keeps them out of the legend.
  const quiet = { field: 'entry', type: 'nominal' as const, scale: { domain: labels, scheme: 'tableau10' }, legend: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title === undefined && subtitle.length === 0 ? {} : { title: { text: options.title ?? ' ', subtitle } }),
    width: options.width ?? 560,
    height: options.height ?? 360,
    data: { values: sampled.flatMap((s) => chartRows(s, y)) },
    layer: [
      {
        data: { values: shades },
        mark: { type: 'rect', opacity: 0.12, clip: true },
        encoding: { x, x2: { field: 'x2' }, fill: quiet },
      },
      {
        data: { values: edges },
        mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.5, clip: true },
        encoding: { x, stroke: quiet },
      },
      {
        // A null y breaks the path instead of joining across the gap where f is undefined.
        mark: { type: 'line', strokeWidth: 2, clip: true, invalid: 'break-paths-filter-domains' },
        encoding: {
          x,
          y: { field: 'y', type: 'quantitative', title: derivative ? 'f(x) and ∂f/∂x' : 'f(x)', scale: { domain: y, nice: false, zero: false } },
          color,
          strokeDash: {
            field: 'curve',
            type: 'nominal',
            title: null,
            scale: { domain: curveKinds, range: [[1, 0], [6, 4]].slice(0, curveKinds.length) },
            legend: derivative ? LEGEND : null,
          },
          order: { field: 'x', type: 'quantitative' },
        },
      },
    ],
  };
}
