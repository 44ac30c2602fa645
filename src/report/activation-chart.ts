// The Vega-Lite chart of one or more activations, sampled from their float64 references, with
// optional ∂f/∂x curves: colour tells the activations apart, dashes tell f from its derivative.
import type { TopLevelSpec } from 'vega-lite';
import { linspace } from '../activations/testing.js';
import type { ElementwiseActivation } from '../activations/types.js';
import { activationLabel } from './format.js';

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
  /** Evenly spaced intervals across the range (kinks are added to them). Default 400. */
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

/** Row of the chart's data; y is null where f is not finite, which breaks the line there. */
interface ChartRow {
  activation: string;
  curve: string;
  x: number;
  y: number | null;
}

function sampleCurve(c: ActivationCurve, grid: readonly number[], lo: number, hi: number, derivative: boolean): ChartRow[] {
  // Kinks are sampled exactly so corners stay sharp and the plotted derivative shows the kink convention.
  const kinks = c.activation.kinks(c.params).filter((k) => k > lo && k < hi);
  const xs = [...new Set([...grid, ...kinks])].sort((a, b) => a - b);
  const label = activationLabel(c.activation, c.params);
  const { f, dfdx } = c.activation.ref;
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const rows = xs.map((x) => ({ activation: label, curve: FUNCTION_CURVE, x, y: finite(f(x, c.params)) }));
  if (derivative) rows.push(...xs.map((x) => ({ activation: label, curve: DERIVATIVE_CURVE, x, y: finite(dfdx(x, c.params)) })));
  return rows;
}

/** The Vega-Lite spec plotting each curve's f (and ∂f/∂x when asked) over the range. */
export function activationChartSpec(curves: readonly ActivationCurve[], options: ActivationChartOptions = {}): TopLevelSpec {
  const [lo, hi] = options.range ?? defaultRange(curves);
  const derivative = options.derivative ?? false;
  const grid = linspace(lo, hi, options.intervals ?? 400);
  const values = curves.flatMap((c) => sampleCurve(c, grid, lo, hi, derivative));
  const labels = [...new Set(values.map((r) => r.activation))];
  const curveKinds = derivative ? [FUNCTION_CURVE, DERIVATIVE_CURVE] : [FUNCTION_CURVE];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title === undefined ? {} : { title: options.title }),
    width: options.width ?? 560,
    height: options.height ?? 360,
    data: { values },
    // A null y breaks the path instead of joining across the gap where f is undefined.
    mark: { type: 'line', strokeWidth: 2, clip: true, invalid: 'break-paths-filter-domains' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'x', scale: { domain: [lo, hi], nice: false } },
      y: { field: 'y', type: 'quantitative', title: derivative ? 'f(x) and ∂f/∂x' : 'f(x)' },
      color: { field: 'activation', type: 'nominal', title: 'activation', scale: { domain: labels }, legend: LEGEND },
      strokeDash: {
        field: 'curve',
        type: 'nominal',
        title: null,
        scale: { domain: curveKinds, range: [[1, 0], [6, 4]].slice(0, curveKinds.length) },
        legend: derivative ? LEGEND : null,
      },
      order: { field: 'x', type: 'quantitative' },
    },
  };
}
