// The shootout's leaderboard and per-setting results as tables (header, rows, notes), written as markdown here and as
// HTML by shootout-figures.ts.
import type { CellResult } from './experiment.js';
import { BASELINE, settingOf } from './shootout-cells.js';
import { leaderboard, seedOutcomes, type Comparison, type LeaderboardRow, type SettingResult } from './shootout-leaderboard.js';

export interface Table {
  title: string;
  intro: string;
  header: string[];
  rows: string[][];
}

const points = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(2)}` : '–');
const percent = (v: number) => (Number.isFinite(v) ? (100 * v).toFixed(2) : '–');
const pValue = (p: number) => (p >= 0.1 ? p.toFixed(2) : p.toPrecision(2));

function deltaText(c: Comparison): string {
  if (c.pairs === 0) return '–';
  const ci = Number.isFinite(c.delta.low) ? ` [${points(c.delta.low)}, ${points(c.delta.high)}]` : '';
  return `${points(c.delta.mean)}${ci}`;
}

const signText = (c: Comparison) => (c.pairs === 0 ? '–' : `${c.sign.positive}+ / ${c.sign.negative}− (p ${pValue(c.sign.p)})`);
const timeText = (c: Comparison) => (c.timeRatio === null ? '–' : `${c.timeRatio.toFixed(2)}×`);

/** "192 (+0.18 %)": the activation's parameters and what they add to the rest of the network. */
function overheadText(s: SettingResult): string {
  if (s.params === null) return '–';
  const rest = s.networkParams === null ? null : s.networkParams - s.params;
  return rest === null || rest <= 0 || s.params === 0 ? String(s.params) : `${s.params} (+${((100 * s.params) / rest).toFixed(2)} %)`;
}

/** One overhead when every setting has the same, else one per setting. */
function paramsText(row: LeaderboardRow): string {
  const texts = row.settings.map(overheadText);
  if (texts.every((t) => t === texts[0])) return texts[0];
  return row.settings.map((s, i) => `${texts[i]} ${s.setting}`).join(', ');
}

function cellText(s: SettingResult, isBaseline: boolean): string {
  if (s.accuracies.length === 0) return '–';
  const spread = Number.isFinite(s.sd) ? ` ± ${percent(s.sd)}` : '';
  const trouble = [s.diverged ? `${s.diverged} diverged` : '', s.missing ? `${s.missing} missing` : ''].filter(Boolean).join(', ');
  const vs = isBaseline ? '' : `; Δ ${deltaText(s.vsBaseline)}, p ${pValue(s.vsBaseline.sign.p)}`;
  return `${percent(s.mean)}${spread}${vs}${trouble ? ` (${trouble})` : ''}`;
}

/** The leaderboard (pooled over settings) and the per-setting table of the shootout's results. */
export function shootoutTables(results: readonly CellResult[]): Table[] {
  const rows = leaderboard(seedOutcomes(results, settingOf), BASELINE);
  if (rows.length === 0) return [];
  const settings = rows[0].settings.map((s) => s.setting);
  const seeds = new Set(results.map((r) => r.cell.config.seed)).size;
  return [
    {
      title: 'Leaderboard',
      intro:
        `Each cell's score is its test accuracy at the epoch of its best validation accuracy (never the best test epoch). Δ is the paired difference with ${BASELINE} in the same setting and seed, ` +
        `in percentage points, pooled over every setting (${settings.join(', ')}) and seed (${seeds} seeds), with its 95 % Student t-interval and a two-sided sign test ` +
        `(how many pairs are above / below ${BASELINE}; with n pairs the smallest possible p is 2^(1−n)). Time per epoch is the mean ratio to ${BASELINE}'s over the same pairs, ` +
        'measured in this grid (cells that ran side by side share the cores, so take ratios near 1 as equal). Activation parameters: learnable values in the network, and in brackets what they add to its other parameters.',
      header: ['rank', 'activation', `Δ vs ${BASELINE} (points) [95 % CI]`, 'sign test', `time per epoch vs ${BASELINE}`, 'activation parameters'],
      rows: rows.map((r, i) => [String(i + 1), r.activation, r.activation === BASELINE ? 'baseline' : deltaText(r.pooled), r.activation === BASELINE ? '' : signText(r.pooled), timeText(r.pooled), paramsText(r)]),
    },
    {
      title: 'Per setting',
      intro: `Test accuracy (%) at the best validation epoch, mean ± sd over seeds; Δ against ${BASELINE} in points with its 95 % t-interval and the sign test's p.`,
      header: ['activation', ...settings],
      rows: rows.map((r) => [r.activation, ...r.settings.map((s) => cellText(s, r.activation === BASELINE))]),
    },
  ];
}

const mdCell = (text: string) => text.replace(/\|/g, '\\|');

export function tableMarkdown(t: Table): string {
  return [`## ${t.title}`, '', t.intro, '', `| ${t.header.map(mdCell).join(' | ')} |`, `|${t.header.map(() => '---').join('|')}|`, ...t.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`), ''].join('\n');
}

/** The shootout's part of report.md. */
export function shootoutMarkdown(results: readonly CellResult[]): string {
  return shootoutTables(results).map(tableMarkdown).join('\n');
}
