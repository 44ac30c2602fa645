// An experiment's accuracy per epoch, train and validation, for every cell. A grid of cells is drawn
// as small multiples laid out like the experiment's table (rows × columns); other experiments with
// many cells wrap one panel per cell; a few cells share one chart, a colour each.
import type { TopLevelSpec } from 'vega-lite';

/** One point: a cell's train or validation accuracy after an epoch; row and column place a grid cell. */
export interface AccuracyPoint {
  cell: string;
  row?: string;
  column?: string;
  split: 'train' | 'validation';
  epoch: number;
  accuracy: number;
}

/** Most cells one chart holds before each gets a panel of its own. */
export const MAX_CELLS_IN_ONE_CHART = 4;
/** Panels per line when cells without a grid are wrapped (one fewer when their labels make them wide). */
const WRAP_COLUMNS = 4;
/** Beyond this many epochs a point per epoch would only thicken the line. */
const MAX_EPOCHS_WITH_POINTS = 50;

const SPLITS = ['train', 'validation'];

/** Distinct values in order of first appearance (the experiment's order, not the alphabet's). */
const firstSeen = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) === i);

function lineMark(points: readonly AccuracyPoint[]) {
  const epochs = Math.max(0, ...points.map((p) => p.epoch));
  return { type: 'line' as const, point: epochs <= MAX_EPOCHS_WITH_POINTS, clip: true };
}

const x = { field: 'epoch', type: 'quantitative' as const, axis: { tickMinStep: 1 } };
const y = { field: 'accuracy', type: 'quantitative' as const, scale: { zero: false } };
const splitColour = { field: 'split', type: 'nominal' as const, title: null, scale: { domain: SPLITS } };

/** Width Vega gives a header label without a canvas to measure it: 0.8 × font size per character. */
const estimatedWidth = (label: string, fontSize: number) => 0.8 * fontSize * label.length;

/** Small multiples, one panel per cell: by grid row and column when every cell has them, else wrapped. */
function panels(points: readonly AccuracyPoint[], title: string, grid: boolean): TopLevelSpec {
  const fontSize = 11;
  const order = (key: 'row' | 'column' | 'cell') => firstSeen(points.map((p) => p[key] as string));
  // A header wider than its panel pushes the panels apart, so a wrapped panel is as wide as its label (up to a limit).
  const width = grid ? 170 : Math.min(320, Math.max(170, ...order('cell').map((c) => estimatedWidth(c, fontSize))));
  // Row labels run up the panels' sides (Vega-Lite's default), which are tall enough for them.
  const header = { labelFontSize: fontSize, labelLimit: grid ? 0 : width };
  const facet = grid
    ? {
        row: { field: 'row', type: 'nominal' as const, title: null, sort: order('row'), header },
        column: { field: 'column', type: 'nominal' as const, title: null, sort: order('column'), header },
      }
    : { field: 'cell', type: 'nominal' as const, title: null, sort: order('cell'), header };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: [...points] },
    facet,
    ...(grid ? {} : { columns: width > 200 ? WRAP_COLUMNS - 1 : WRAP_COLUMNS }),
    spec: { width, height: 125, mark: lineMark(points), encoding: { x, y, color: splitColour } },
  } as TopLevelSpec;
}

/** Accuracy per epoch of every cell; `title` names what is drawn (fold 1 of cross-validated cells, say). */
export function accuracyChartSpec(points: readonly AccuracyPoint[], title: string): TopLevelSpec {
  const cells = firstSeen(points.map((p) => p.cell));
  const grid = points.length > 0 && points.every((p) => p.row !== undefined && p.column !== undefined);
  if (grid || cells.length > MAX_CELLS_IN_ONE_CHART) return panels(points, title, grid);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 480,
    height: 300,
    data: { values: [...points] },
    // No points: the legend then draws strokes, which show the dashes that tell train from validation.
    mark: { type: 'line', clip: true },
    encoding: {
      x,
      y,
      color: { field: 'cell', type: 'nominal', scale: { domain: cells }, legend: { labelLimit: 400, symbolSize: 600, symbolStrokeWidth: 2 } },
      strokeDash: { field: 'split', type: 'nominal', scale: { domain: SPLITS }, legend: { symbolSize: 600, symbolStrokeWidth: 2 } },
    },
  };
}
