// The shootout's figures (the learned shapes of every learnable activation, per setting) and its report.html: the
// leaderboard tables, the accuracy chart and the shapes on one page.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs.js';
import { writeChart } from '../report/render.js';
import { shapesSpec } from '../report/run-charts.js';
import { readJson, RUN_FILES } from '../train/run-dir.js';
import type { ActivationRecord } from '../train/trainer.js';
import type { CellResult } from './experiment.js';
import { activationId, settingOf } from './shootout-cells.js';
import { learnableCount } from './shootout-leaderboard.js';
import { shootoutTables, type Table } from './shootout-tables.js';

interface ShapeFigure {
  title: string;
  /** PNG file name in the grid's folder. */
  file: string;
  dir: string;
}

/** One figure per learnable activation and setting: the learned shapes of its lowest seed's run that has them. */
function shapeFigures(results: readonly CellResult[]): ShapeFigure[] {
  const withShapes = results
    .filter((r) => r.summary !== null && (learnableCount(r.dir) ?? 0) > 0)
    .sort((a, b) => Number(a.cell.config.seed) - Number(b.cell.config.seed));
  const figures = new Map<string, ShapeFigure>();
  for (const r of withShapes) {
    const activation = String(r.cell.config.activation);
    const setting = settingOf(r.cell.config);
    const key = `${activation} ${setting}`;
    if (figures.has(key)) continue;
    const file = `shapes-${activationId(activation)}-${setting.replace(/ /g, '-')}.png`;
    figures.set(key, { title: `${activation}, ${setting}, seed ${String(r.cell.config.seed)}`, file, dir: r.dir });
  }
  return [...figures.values()];
}

/** Writes the shape figures; returns report.md's section showing them. */
export async function shootoutFigures(results: readonly CellResult[], out: string): Promise<string> {
  const figures = shapeFigures(results);
  const lines = ['## Learned shapes', '', 'Each learnable activation after training (its lowest seed per setting): a sample of neurons or channels (thin), the function at the layer\'s mean parameters (thick), the initial shape (dashed).', ''];
  for (const f of figures) {
    await writeChart(shapesSpec(readJson<ActivationRecord[]>(f.dir, RUN_FILES.activations)), join(out, f.file));
    lines.push(`${f.title}:`, '', `![learned shapes, ${f.title}](${f.file})`, '');
  }
  return figures.length === 0 ? '' : lines.join('\n');
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function tableHtml(t: Table): string {
  const row = (cells: string[], tag: string) => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return [`<h2>${escapeHtml(t.title)}</h2>`, `<p>${escapeHtml(t.intro)}</p>`, '<table>', row(t.header, 'th'), ...t.rows.map((r) => row(r, 'td')), '</table>'].join('\n');
}

const STYLE = 'body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}img{max-width:100%}';

/** Writes report.html (after report.md and its figures); returns its path. */
export async function writeShootoutHtml(results: readonly CellResult[], out: string): Promise<string> {
  const figures = shapeFigures(results).filter((f) => existsSync(join(out, f.file)));
  const body = [
    '<h1>shootout</h1>',
    `<p>${escapeHtml(`${results.filter((r) => r.summary !== null).length} of ${results.length} cells have a result. Made with actlab experiment shootout; report.md has the per-cell table.`)}</p>`,
    ...shootoutTables(results).map(tableHtml),
    existsSync(join(out, 'accuracy.png')) ? '<h2>Accuracy per epoch</h2>\n<img src="accuracy.png" alt="accuracy per epoch">' : '',
    figures.length ? '<h2>Learned shapes</h2>' : '',
    ...figures.map((f) => `<h3>${escapeHtml(f.title)}</h3>\n<img src="${escapeHtml(f.file)}" alt="learned shapes, ${escapeHtml(f.title)}">`),
  ];
  const html = `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>actlab shootout</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
  const path = join(out, 'report.html');
  writeFileAtomic(path, html);
  return path;
}
