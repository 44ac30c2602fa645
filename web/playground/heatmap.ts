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

export class HeatMap {
  private readonly cells = document.createElement('canvas');
  /** The points, drawn once per data set: each update only repaints the cells under them. */
  private readonly points = document.createElement('canvas');
  private pointsOf: Examples | null = null;

  constructor(readonly canvas: HTMLCanvasElement) {}

  /** Draws the prediction over the grid, then the points of `examples` inside `bounds`. */
  draw(heat: Heat | null, examples: Examples): void {
    const ctx = this.canvas.getContext('2d');
    const b = examples.bounds;
    if (ctx === null || b === null) return;
    const { width, height } = this.canvas;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    if (heat !== null) {
      this.cells.width = this.cells.height = heat.grid;
      const cellCtx = this.cells.getContext('2d');
      if (cellCtx === null) return;
      const image = cellCtx.createImageData(heat.grid, heat.grid);
      for (let i = 0; i < heat.grid * heat.grid; i++) {
        const [r, g, bl] = cellColor(heat, i);
        image.data.set([r, g, bl, 255], i * 4);
      }
      cellCtx.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.cells, 0, 0, width, height);
    }
    if (this.pointsOf !== examples) this.drawPoints(examples, width, height);
    ctx.drawImage(this.points, 0, 0);
  }

  private drawPoints(examples: Examples, width: number, height: number): void {
    this.pointsOf = examples;
    this.points.width = width;
    this.points.height = height;
    const ctx = this.points.getContext('2d');
    const b = examples.bounds;
    if (ctx === null || b === null) return;
    const px = (x: number) => ((x - b.x0) / (b.x1 - b.x0)) * width;
    const py = (y: number) => ((b.y1 - y) / (b.y1 - b.y0)) * height;
    const count = examples.trainCount + examples.testCount;
    for (let i = 0; i < count; i++) {
      const train = i < examples.trainCount;
      ctx.beginPath();
      ctx.arc(px(examples.x[2 * i]), py(examples.x[2 * i + 1]), train ? 3 : 3.5, 0, 2 * Math.PI);
      const color = CLASS_COLORS[examples.y[i] % CLASS_COLORS.length];
      if (train) {
        ctx.fillStyle = color;
        ctx.fill();
        ctx.strokeStyle = '#fff';
      } else {
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.5;
      }
      ctx.stroke();
    }
  }
}
