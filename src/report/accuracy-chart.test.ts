import { describe, expect, it } from 'vitest';
import { MAX_CELLS_IN_ONE_CHART, accuracyChartSpec, type AccuracyPoint } from './accuracy-chart.js';

/** One train and one validation point per cell and epoch; cells named `r<i> c<j>`, in a grid when asked. */
function points(rows: number, columns: number, grid: boolean, epochs = 2): AccuracyPoint[] {
  return Array.from({ length: rows * columns }, (_, k) => {
    const [row, column] = [`row ${Math.floor(k / columns)}`, `column ${k % columns}`];
    return Array.from({ length: epochs }, (_, e) =>
      (['train', 'validation'] as const).map((split) => ({ cell: `${row}, ${column}`, ...(grid ? { row, column } : {}), split, epoch: e + 1, accuracy: 0.5 })),
    ).flat();
  }).flat();
}

interface Faceted {
  facet: { row?: { field: string; sort: string[] }; column?: { field: string; sort: string[] }; field?: string; sort?: string[] };
  columns?: number;
  spec: { encoding: { color: { field: string } }; mark: { point: boolean } };
}

describe('accuracyChartSpec', () => {
  it('lays a grid out as the table: a panel per cell, rows and columns in the experiment’s order, colour for the split', () => {
    // Rows given in reverse alphabetical order: the facets must keep it.
    const teacher = (row: string) => `teacher ${'zyxw'[Number(row.slice('row '.length))]}`;
    const grid = points(4, 4, true).map((p) => ({ ...p, row: teacher(p.row!) }));
    const spec = accuracyChartSpec(grid, 't') as unknown as Faceted;
    expect(spec.facet.row!.field).toBe('row');
    expect(spec.facet.row!.sort).toEqual(['teacher z', 'teacher y', 'teacher x', 'teacher w']);
    expect(spec.facet.column!.sort).toEqual(['column 0', 'column 1', 'column 2', 'column 3']);
    expect(spec.columns).toBeUndefined();
    expect(spec.spec.encoding.color.field).toBe('split');
  });

  it('wraps a panel per cell when there are many cells and no grid', () => {
    const spec = accuracyChartSpec(points(1, MAX_CELLS_IN_ONE_CHART + 1, false), 't') as unknown as Faceted;
    expect(spec.facet.field).toBe('cell');
    expect(spec.facet.sort).toHaveLength(MAX_CELLS_IN_ONE_CHART + 1);
    expect(spec.columns).toBeGreaterThanOrEqual(3);
  });

  it('keeps a few cells in one chart, a colour each, dashes for the split', () => {
    const spec = accuracyChartSpec(points(1, MAX_CELLS_IN_ONE_CHART, false), 't') as unknown as { facet?: unknown; encoding: Record<string, { field: string }> };
    expect(spec.facet).toBeUndefined();
    expect(spec.encoding.color.field).toBe('cell');
    expect(spec.encoding.strokeDash.field).toBe('split');
  });

  it('marks each epoch with a point only while there are few epochs', () => {
    expect((accuracyChartSpec(points(2, 2, true, 50), 't') as unknown as Faceted).spec.mark.point).toBe(true);
    expect((accuracyChartSpec(points(2, 2, true, 51), 't') as unknown as Faceted).spec.mark.point).toBe(false);
  });
});
