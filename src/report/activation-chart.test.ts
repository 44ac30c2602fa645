import { describe, expect, it } from 'vitest';
import { getElementwise } from '../activations/catalog.js';
import { defineElementwise } from '../activations/define.js';
import { DERIVATIVE_CURVE, FUNCTION_CURVE, activationChartSpec, defaultRange } from './activation-chart.js';

interface Row {
  activation: string;
  curve: string;
  x: number;
  y: number | null;
}

const rowsOf = (spec: ReturnType<typeof activationChartSpec>) => (spec as { data: { values: Row[] } }).data.values;

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
    const dash = (spec as { encoding: { strokeDash: { legend: unknown; scale: { domain: string[] } } } }).encoding.strokeDash;
    expect(dash.scale.domain).toEqual([FUNCTION_CURVE, DERIVATIVE_CURVE]);
    expect(dash.legend).not.toBeNull();
  });

  it('writes null where f is not finite, so the line breaks there', () => {
    const rows = rowsOf(activationChartSpec([{ activation: scaledLog, params: [2] }], { range: [-1, 1], intervals: 2 }));
    expect(rows.map((r) => [r.x, r.y])).toEqual([[-1, null], [0, null], [1, 0]]);
  });
});

describe('defaultRange', () => {
  it('is [−5, 5] times the largest length scale', () => {
    expect(defaultRange([{ activation: getElementwise('relu'), params: [] }])).toEqual([-5, 5]);
    expect(defaultRange([{ activation: scaledLog, params: [0.1] }])).toEqual([-0.5, 0.5]);
    expect(defaultRange([{ activation: getElementwise('relu'), params: [] }, { activation: scaledLog, params: [3] }])).toEqual([-15, 15]);
  });
});
