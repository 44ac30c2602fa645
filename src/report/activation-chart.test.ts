import { describe, expect, it } from 'vitest';
import { activations, getElementwise } from '../activations/catalog.js';
import { defineElementwise } from '../activations/define.js';
import type { ElementwiseActivation } from '../activations/types.js';
import { DERIVATIVE_CURVE, FUNCTION_CURVE, activationChartSpec, defaultRange } from './activation-chart.js';
import { activationLabel } from './format.js';

interface Row {
  activation: string;
  curve: string;
  x: number;
  y: number | null;
}

interface Mark {
  entry: string;
  x: number;
  x2?: number;
}

interface LayeredSpec {
  data: { values: Row[] };
  title?: { text: string; subtitle: string[] };
  layer: [{ data: { values: Mark[] } }, { data: { values: Mark[] } }, { encoding: { y: { scale: { domain: [number, number] } } } }];
}

const layered = (spec: ReturnType<typeof activationChartSpec>) => spec as unknown as LayeredSpec;
const rowsOf = (spec: ReturnType<typeof activationChartSpec>) => layered(spec).data.values;
const yDomainOf = (spec: ReturnType<typeof activationChartSpec>) => layered(spec).layer[2].encoding.y.scale.domain;
const shadesOf = (spec: ReturnType<typeof activationChartSpec>) => layered(spec).layer[0].data.values;
const edgesOf = (spec: ReturnType<typeof activationChartSpec>) => layered(spec).layer[1].data.values;
const subtitleOf = (spec: ReturnType<typeof activationChartSpec>) => layered(spec).title?.subtitle ?? [];

/** log(x): undefined for x < 0 (NaN) and −∞ at 0, with a length scale parameter for the range. */
const scaledLog = defineElementwise({
  name: 'scaledLog',
  aliases: [],
  description: 'Test entry.',
  formula: 'log(x)',
  reference: 'test',
  family: 'test',
  params: [{ name: 's', description: '', default: 2, min: 0, max: Infinity, minOpen: true, learnable: false, testValues: [] }],
  notes: '',
  kinks: () => [0],
  lengthScale: (p) => p[0],
  ref: { f: (x) => Math.log(x), dfdx: (x) => 1 / x, dfdp: [() => 0] },
});

describe('activationChartSpec', () => {
  const relu = getElementwise('relu');
  const hardTanh = getElementwise('hardTanh');

  it('samples 401 points over [−5, 5] plus the kinks, f only unless asked', () => {
    const rows = rowsOf(activationChartSpec([{ activation: hardTanh, params: [-0.5, 1.234] }]));
    expect(rows.every((r) => r.curve === FUNCTION_CURVE && r.activation === 'hardTanh (min=-0.5, max=1.234)')).toBe(true);
    expect(rows.length).toBe(401 + 1); // −0.5 is on the grid; 1.234 is not
    expect(rows.map((r) => r.x)).toEqual([...rows.map((r) => r.x)].sort((a, b) => a - b));
    expect(rows[0].x).toBe(-5);
    expect(rows.at(-1)!.x).toBe(5);
    expect(rows.find((r) => r.x === 1.234)!.y).toBe(1.234);
  });

  it('adds dashed derivative curves and a legend for them', () => {
    const spec = activationChartSpec([{ activation: relu, params: [] }], { derivative: true, range: [-1, 1], intervals: 4 });
    const rows = rowsOf(spec);
    expect(rows.filter((r) => r.curve === DERIVATIVE_CURVE).map((r) => [r.x, r.y])).toEqual([[-1, 0], [-0.5, 0], [0, 0], [0.5, 1], [1, 1]]);
    const line = (spec as unknown as { layer: { encoding: { strokeDash?: { legend: unknown; scale: { domain: string[] } } } }[] }).layer[2];
    const dash = line.encoding.strokeDash!;
    expect(dash.scale.domain).toEqual([FUNCTION_CURVE, DERIVATIVE_CURVE]);
    expect(dash.legend).not.toBeNull();
  });

  it('writes null where f is not finite, so the line breaks there', () => {
    const rows = rowsOf(activationChartSpec([{ activation: scaledLog, params: [2] }], { range: [-1, 1], intervals: 2 }));
    expect(rows.map((r) => [r.x, r.y])).toEqual([[-1, null], [0, null], [1, 0]]);
  });

  it('shades the stretches where f is NaN (not a lone −∞), halfway to the defined neighbours, and says so', () => {
    const spec = activationChartSpec([{ activation: scaledLog, params: [2] }], { range: [-1, 1], intervals: 4 });
    expect(shadesOf(spec)).toEqual([{ entry: 'scaledLog (s=2)', x: -1, x2: -0.25 }]);
    expect(edgesOf(spec)).toEqual([]);
    expect(subtitleOf(spec)).toContain('f of scaledLog (s=2) is NaN where shaded');
  });

  it('draws smooth bounded curves whole, with no shading and no subtitle', () => {
    const spec = activationChartSpec([{ activation: getElementwise('swish'), params: [1] }, { activation: relu, params: [] }], { derivative: true });
    const [lo, hi] = yDomainOf(spec);
    const ys = rowsOf(spec).map((r) => r.y as number);
    expect(lo).toBeLessThan(Math.min(...ys));
    expect(hi).toBeGreaterThan(Math.max(...ys));
    expect(hi - lo).toBeLessThan(1.2 * (Math.max(...ys) - Math.min(...ys)));
    expect(shadesOf(spec)).toEqual([]);
    expect((spec as { title?: unknown }).title).toBeUndefined();
  });
});

describe('activationChartSpec for softExponential at α = −0.5 with ∂f/∂x (a pole of ∂f/∂x at x = −1.5)', () => {
  const softExponential = getElementwise('softExponential');
  const spec = activationChartSpec([{ activation: softExponential, params: [-0.5] }], { derivative: true });
  const rows = rowsOf(spec);
  const [lo, hi] = yDomainOf(spec);

  it('keeps the whole f curve and most of ∂f/∂x in view instead of a 0 to 1e6 axis', () => {
    const f = rows.filter((r) => r.curve === FUNCTION_CURVE).map((r) => r.y as number);
    expect(lo).toBeLessThanOrEqual(Math.min(...f));
    expect(hi).toBeGreaterThanOrEqual(Math.max(...f));
    expect(hi - lo).toBeLessThan(50);
    const d = rows.filter((r) => r.curve === DERIVATIVE_CURVE).map((r) => r.y as number);
    expect(d.filter((y) => y >= lo && y <= hi).length / d.length).toBeGreaterThan(0.95);
  });

  it('names what is clipped and pulls far values in to 100 chart heights beyond the range', () => {
    expect(subtitleOf(spec)).toContain('∂f/∂x of softExponential (alpha=-0.5) is clipped (it goes up to 1.00e+6)');
    expect(Math.max(...rows.map((r) => r.y as number))).toBeCloseTo(hi + 100 * (hi - lo), 6);
  });

  it('marks the domain edge at x = 1/α − α = −1.5 and shades the clamped side', () => {
    expect(edgesOf(spec)).toEqual([{ entry: 'softExponential (alpha=-0.5)', x: -1.5 }]);
    expect(shadesOf(spec)).toEqual([{ entry: 'softExponential (alpha=-0.5)', x: -5, x2: -1.5 }]);
    expect(subtitleOf(spec)).toContain('softExponential (alpha=-0.5) is defined on (-1.5, ∞); shaded outside');
  });
});

describe('activationChartSpec over the catalog', () => {
  const settings = activations
    .filter((a): a is ElementwiseActivation => a.kind === 'elementwise')
    .flatMap((a) => {
      const defaults = a.params.map((s) => s.default);
      const swept = a.params.flatMap((s, j) => s.testValues.map((v) => defaults.map((d, k) => (k === j ? v : d))));
      return [defaults, ...swept].filter((p) => a.validate?.(p) == null).map((p) => [activationLabel(a, p), a, p] as const);
    });

  it.each(settings)('%s: the y-range holds all of f and nearly all of ∂f/∂x over the default range', (_label, a, p) => {
    const spec = activationChartSpec([{ activation: a, params: p }], { derivative: true });
    const [lo, hi] = yDomainOf(spec);
    const within = (curve: string) => {
      const ys = rowsOf(spec).filter((r) => r.curve === curve && r.y !== null).map((r) => r.y as number);
      return ys.filter((y) => y >= lo && y <= hi).length / ys.length;
    };
    expect(within(FUNCTION_CURVE)).toBe(1);
    expect(within(DERIVATIVE_CURVE)).toBeGreaterThan(0.95);
  });
});

describe('defaultRange', () => {
  it('is [−5, 5] times the largest length scale', () => {
    expect(defaultRange([{ activation: getElementwise('relu'), params: [] }])).toEqual([-5, 5]);
    expect(defaultRange([{ activation: scaledLog, params: [0.1] }])).toEqual([-0.5, 0.5]);
    expect(defaultRange([{ activation: getElementwise('relu'), params: [] }, { activation: scaledLog, params: [3] }])).toEqual([-15, 15]);
  });
});
