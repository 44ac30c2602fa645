// Chart rendering: Vega-Lite spec → SVG (vega, headless) → PNG (resvg). Every chart is drawn in
// DejaVu Sans, and resvg is given that font from the package's own files, so a PNG shows its text
// the same way on a machine with no fonts installed.
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs.js';

/** The one font family charts use; its files ship with the package (dejavu-fonts-ttf). */
export const CHART_FONT = 'DejaVu Sans';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'].map((f) =>
  join(fontDir, f),
);

// Loaded on the first chart, not at start-up: vega alone takes ~0.2 s to load, and most commands draw nothing.
let vegaModules: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;
let resvgModule: Promise<typeof import('@resvg/resvg-js')> | undefined;

export type ChartFormat = 'svg' | 'png';

/** The file format an output path asks for, by its extension (.svg or .png, any case). */
export function chartFormat(outPath: string): ChartFormat {
  const ext = extname(outPath).toLowerCase();
  if (ext === '.svg' || ext === '.png') return ext.slice(1) as ChartFormat;
  throw new UsageError(`cannot tell the chart format of '${outPath}': the file name must end in .svg or .png`);
}

/** The last SVG rendering begun: the next one waits for it (see renderSvg). */
let previousSvg: Promise<unknown> = Promise.resolve();

/**
 * Renders a Vega-Lite spec to an SVG string. The font and a white background are defaults the
 * spec's own `config` can override. Renderings run one at a time, in call order, each numbering its
 * clip paths from 1: an SVG depends on its spec alone, not on what the process drew before.
 */
export function renderSvg(spec: TopLevelSpec): Promise<string> {
  const svg = previousSvg.then(() => drawSvg(spec));
  previousSvg = svg.catch(() => undefined);
  return svg;
}

async function drawSvg(spec: TopLevelSpec): Promise<string> {
  const [{ View, parse, resetSVGDefIds }, { compile }] = await (vegaModules ??= Promise.all([import('vega'), import('vega-lite')]));
  const vegaSpec = compile(spec, { config: { font: CHART_FONT, background: 'white' } }).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG to PNG bytes, `scale` device pixels per SVG pixel (2 keeps text sharp). It runs on
 * libuv's thread pool, so the calling thread can go on (e.g. with the next chart's SVG) meanwhile.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { renderAsync } = await (resvgModule ??= import('@resvg/resvg-js'));
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
  });
  return image.asPng();
}

/**
 * Renders `spec` once and writes it to every path in `outPaths`, as SVG or PNG by each extension;
 * checks every extension before rendering.
 */
export async function writeChart(spec: TopLevelSpec, outPaths: string | readonly string[]): Promise<void> {
  const paths = [outPaths].flat();
  const formats = paths.map(chartFormat);
  const svg = await renderSvg(spec);
  const png = formats.includes('png') ? await svgToPng(svg) : null;
  paths.forEach((path, i) => writeFileAtomic(path, formats[i] === 'svg' ? svg : (png as Uint8Array)));
}
