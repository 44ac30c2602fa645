// Rendering end to end: a chart to SVG and PNG, text drawn from the shipped fonts, and the
// output format chosen by the file extension.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getElementwise } from '../activations/catalog.js';
import { activationChartSpec } from './activation-chart.js';
import { CHART_FONT, chartFormat, renderSvg, svgToPng, writeChart } from './render.js';

const dir = mkdtempSync(join(tmpdir(), 'actlab-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chart() {
  const relu = getElementwise('relu');
  const leaky = getElementwise('leakyRelu');
  return activationChartSpec(
    [
      { activation: relu, params: [] },
      { activation: leaky, params: [0.2] },
    ],
    { derivative: true },
  );
}

function textSvg(text: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/><text x="10" y="28" font-family="${CHART_FONT}" font-size="20">${text}</text></svg>`;
}

describe('render', () => {
  it('renders a Vega-Lite chart to SVG with its legend text, in the chart font', async () => {
    const svg = await renderSvg(chart());
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('>relu<');
    expect(svg).toContain('leakyRelu (slope=0.2)');
    expect(svg).toContain('∂f/∂x');
    expect(svg).toContain(`font-family="${CHART_FONT}"`);
  });

  it('rasterises it to a PNG of non-trivial size', async () => {
    const png = await svgToPng(await renderSvg(chart()));
    expect(Array.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(png.length).toBeGreaterThan(20_000);
    // IHDR width at scale 2 is twice the SVG's width.
    const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
    expect(width).toBeGreaterThan(2 * 560);
  });

  it('draws text from the shipped fonts (different words give different pixels)', async () => {
    // Without a usable font resvg drops text, and both images would be the same blank box.
    const [hello, world, blank] = await Promise.all(['Hello', 'World', ''].map((text) => svgToPng(textSvg(text), 1)));
    expect(Buffer.from(hello).equals(Buffer.from(world))).toBe(false);
    expect(hello.length).toBeGreaterThan(blank.length + 100);
  });

  it('writes SVG or PNG by extension and rejects any other before rendering', async () => {
    await writeChart(chart(), join(dir, 'a.svg'));
    await writeChart(chart(), join(dir, 'b.PNG'));
    expect(readFileSync(join(dir, 'a.svg'), 'utf8')).toMatch(/^<svg/);
    expect(Array.from(readFileSync(join(dir, 'b.PNG')).subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(chartFormat('x/y.Svg')).toBe('svg');
    await expect(writeChart(chart(), join(dir, 'c.pdf'))).rejects.toThrow(/must end in \.svg or \.png/);
    expect(() => chartFormat('chart')).toThrow(/must end in \.svg or \.png/);
    expect(existsSync(join(dir, 'c.pdf'))).toBe(false);
  });

  it('writes one rendering to several files, the same bytes as rendering each alone', async () => {
    const paths = [join(dir, 'once.svg'), join(dir, 'once.png'), join(dir, 'again.svg')];
    await writeChart(chart(), paths);
    const svg = await renderSvg(chart());
    expect(readFileSync(paths[0], 'utf8')).toBe(svg);
    expect(readFileSync(paths[2], 'utf8')).toBe(svg);
    expect(readFileSync(paths[1]).equals(Buffer.from(await svgToPng(svg)))).toBe(true);
    await expect(writeChart(chart(), [join(dir, 'd.svg'), join(dir, 'd.gif')])).rejects.toThrow(/d\.gif.*must end in \.svg or \.png/);
    expect(existsSync(join(dir, 'd.svg'))).toBe(false);
  });

  it('draws the same SVG whatever was drawn before or at the same time (clip-path ids restart)', async () => {
    const alone = await renderSvg(chart());
    expect(alone).toContain('clip-path="url(#clip1)"');
    const together = await Promise.all([renderSvg(chart()), renderSvg(chart()), renderSvg(chart())]);
    for (const svg of together) expect(svg).toBe(alone);
  });
});
