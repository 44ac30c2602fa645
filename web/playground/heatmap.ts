// The decision boundary of a 2-D data set on a canvas: the network's prediction over a grid, blended from white to a
// class colour by confidence, with the training points (filled) and test points (rings) on top.
import { PALETTE } from '../common/chart.js';
import type { Examples } from './datasets.js';
import type { Heat } from './protocol.js';

const CLASS_COLORS = ['#e8710a', '#2f6fdf', ...PALETTE.slice(2)];

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const RGB = CLASS_COLORS.map(rgb);

/** The colour of one cell: white at 50 % (two classes) or no confidence, the class colour at certainty. */
function cellColor(heat: Heat, i: number): [number, number, number] {
  let cls: number, strength: number;
  if (heat.cls === null) {
    const p = heat.value[i];
    cls = p >= 0.5 ? 1 : 0;
    strength = Math.abs(2 * p - 1);
  } else {
    cls = heat.cls[i];
    strength = heat.value[i];
  }
  const [r, g, b] = RGB[cls % RGB.length];
  const s = 0.7 * strength;
  return [255 + (r - 255) * s, 255 + (g - 255) * s, 255 + (b - 255) * s];
}

/**
 * Two stacked canvases: the cells at the grid's own resolution, scaled by CSS (an update writes grid² pixels and
 * nothing else), and the points above them at full size, drawn once per data set.
 */
export class HeatMap {
  private pointsOf: Examples | null = null;

  constructor(
    private readonly cells: HTMLCanvasElement,
    private readonly points: HTMLCanvasElement,
  ) {}

  /** Draws the prediction over the grid (blank when null), and the points of `examples` when they are new. */
  draw(heat: Heat | null, examples: Examples): void {
    if (examples.bounds === null) return;
    if (this.pointsOf !== examples) this.drawPoints(examples);
    const grid = heat?.grid ?? 1;
    if (this.cells.width !== grid) this.cells.width = this.cells.height = grid;
    const ctx = this.cells.getContext('2d');
    if (ctx === null) return;
    if (heat === null) {
      ctx.clearRect(0, 0, grid, grid);
      return;
    }
    const image = ctx.createImageData(grid, grid);
    for (let i = 0; i < grid * grid; i++) {
      const [r, g, b] = cellColor(heat, i);
      image.data[i * 4] = r;
      image.data[i * 4 + 1] = g;
      image.data[i * 4 + 2] = b;
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  private drawPoints(examples: Examples): void {
    this.pointsOf = examples;
    const { width, height } = this.points;
    const ctx = this.points.getContext('2d');
    const b = examples.bounds;
    if (ctx === null || b === null) return;
    ctx.clearRect(0, 0, width, height);
    const px = (x: number) => ((x - b.x0) / (b.x1 - b.x0)) * width;
    const py = (y: number) => ((b.y1 - y) / (b.y1 - b.y0)) * height;
    const count = examples.trainCount + examples.testCount;
    for (let i = 0; i < count; i++) {
      const train = i < examples.trainCount;
      ctx.beginPath();
      ctx.arc(px(examples.x[2 * i]), py(examples.x[2 * i + 1]), train ? 3.5 : 3, 0, 2 * Math.PI);
      const color = CLASS_COLORS[examples.y[i] % CLASS_COLORS.length];
      // Training points filled (white rim), test points as rings.
      ctx.fillStyle = train ? color : 'rgba(255, 255, 255, 0.6)';
      ctx.fill();
      ctx.strokeStyle = train ? '#fff' : color;
      ctx.lineWidth = train ? 1 : 2;
      ctx.stroke();
    }
  }
}
