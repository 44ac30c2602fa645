// Chart rendering: Vega-Lite spec → SVG (vega, headless) → PNG (resvg). Every chart is drawn in
// DejaVu Sans, and resvg is given that font from the package's own files, so a PNG shows its text
// the same way on a machine with no fonts installed.
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs.js';

/** The one font family charts use; its files ship with the package (dejavu-fonts-ttf). */
export const CHART_FONT = 'DejaVu Sans';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'].map((f) =>
  join(fontDir, f),
);

export type ChartFormat = 'svg' | 'png';

/** The file format an output path asks for, by its extension (.svg or .png, any case). */
export function chartFormat(outPath: string): ChartFormat {
  const ext = extname(outPath).toLowerCase();
  if (ext === '.svg' || ext === '.png') return ext.slice(1) as ChartFormat;
  throw new UsageError(`cannot tell the chart format of '${outPath}': the file name must end in .svg or .png`);
}

/**
 * Renders a Vega-Lite spec to an SVG string. The font and a white background are defaults the
 * spec's own `config` can override.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec, { config: { font: CHART_FONT, background: 'white' } }).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG to PNG bytes, `scale` device pixels per SVG pixel (2 keeps text sharp). */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
  });
  return resvg.render().asPng();
}

/** Renders `spec` and writes it to `outPath` as SVG or PNG by the extension; checks it before rendering. */
export async function writeChart(spec: TopLevelSpec, outPath: string): Promise<void> {
  const format = chartFormat(outPath);
  const svg = await renderSvg(spec);
  writeFileAtomic(outPath, format === 'svg' ? svg : svgToPng(svg));
}
