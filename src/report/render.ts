// Chart rendering: Vega-Lite spec → SVG (vega, headless) → PNG (resvg), drawn on the chart thread
// (chart-thread.ts). Every chart is drawn in DejaVu Sans, and resvg is given that font from the
// package's own files, so a PNG shows its text the same way on a machine with no fonts installed.
import { extname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs.js';
import { chartThread } from './chart-thread.js';

export { CHART_FONT } from './chart-thread.js';

export type ChartFormat = 'svg' | 'png';

/** Device pixels per SVG pixel in a PNG: 2 keeps text sharp. */
const PNG_SCALE = 2;

/** The file format an output path asks for, by its extension (.svg or .png, any case). */
export function chartFormat(outPath: string): ChartFormat {
  const ext = extname(outPath).toLowerCase();
  if (ext === '.svg' || ext === '.png') return ext.slice(1) as ChartFormat;
  throw new UsageError(`cannot tell the chart format of '${outPath}': the file name must end in .svg or .png`);
}

/**
 * Starts the chart thread now, so that it loads its libraries (~0.3 s of CPU) while the caller does other work;
 * the first chart would start it anyway.
 */
export function prepareCharts(): void {
  chartThread();
}

/**
 * Renders a Vega-Lite spec to an SVG string. The font and a white background are defaults the
 * spec's own `config` can override. Clip-path ids restart for every chart, so an SVG depends on its spec alone.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  return (await chartThread().draw({ spec, svg: null, png: false, scale: PNG_SCALE })).svg;
}

/** Rasterises an SVG to PNG bytes, `scale` device pixels per SVG pixel. */
export async function svgToPng(svg: string, scale = PNG_SCALE): Promise<Uint8Array> {
  return (await chartThread().draw({ spec: null, svg, png: true, scale })).png as Uint8Array;
}

/**
 * Renders `spec` once and writes it to every path in `outPaths`, as SVG or PNG by each extension;
 * checks every extension before rendering. Calls may overlap: the thread draws their SVGs in call order.
 */
export async function writeChart(spec: TopLevelSpec, outPaths: string | readonly string[]): Promise<void> {
  const paths = [outPaths].flat();
  const formats = paths.map(chartFormat);
  const { svg, png } = await chartThread().draw({ spec, svg: null, png: formats.includes('png'), scale: PNG_SCALE });
  paths.forEach((path, i) => writeFileAtomic(path, formats[i] === 'svg' ? svg : (png as Uint8Array)));
}
