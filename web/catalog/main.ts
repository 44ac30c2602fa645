// The catalog page: every activation in the catalog (and formulas typed in), with f, ∂f/∂x and ∂f/∂p plotted live,
// up to four on one chart, parameters on sliders, the view kept in the URL hash.
import { getActivation, listActivations, type Activation } from 'actlab';
import { lineChart, PALETTE, type Band, type Series } from '../common/chart.js';
import { byId, element, pageHeader } from '../common/page.js';
import { curves, FLAT_SLOPE, flatStretches, type Curves } from './curves.js';
import { entryList } from './entry-list.js';
import { formulaInput } from './formula-input.js';
import { itemCard, type ItemCard } from './item-card.js';
import { decodeView, encodeView, MAX_SHOWN, type Shown, type ViewState } from './view-state.js';
import { xRangeControl } from './x-range.js';

pageHeader('index.html');
const app = byId('app');
// The catalog as loaded: formulas typed in later register themselves, but are not catalog entries.
const catalog = listActivations();

let view: ViewState = { shown: [], xRange: [-5, 5] };
let cards: ItemCard[] = [];

const problems = element('div', { id: 'problems', 'aria-live': 'polite' });
const list = entryList(catalog, (name, on) => {
  if (on && view.shown.length < MAX_SHOWN) view.shown.push({ name, params: {} });
  if (!on) view.shown = view.shown.filter((s) => s.name !== name);
  renderAll();
});
/** The formula being typed, shown live: the next valid text replaces it, until Enter keeps it. */
let draft: Shown | null = null;
const formula = formulaInput((entry, keep) => {
  const shownAlready = view.shown.find((s) => s.name === entry.name);
  if (shownAlready !== undefined) {
    if (keep && shownAlready === draft) draft = null;
    return;
  }
  const item = { name: entry.name, params: {} };
  const at = draft === null ? -1 : view.shown.indexOf(draft);
  if (at >= 0) view.shown[at] = item;
  else if (view.shown.length >= MAX_SHOWN) return formula.refuse(`up to ${MAX_SHOWN} functions at once: remove one to plot this formula`);
  else view.shown.push(item);
  draft = keep ? null : item;
  renderAll();
});
const range = xRangeControl((xRange) => {
  view.xRange = xRange;
  redraw();
});
// Empty until the first redraw; the domains spare an empty chart NaN coordinates.
const EMPTY = { xDomain: [-1, 1], yDomain: [-1, 1] } as const;
const fChart = lineChart(null, [], { ...EMPTY, title: 'f(x) of the functions shown' });
const dChart = lineChart(null, [], { ...EMPTY, title: '∂f/∂x of the functions shown' });
const cardsBox = element('div', { id: 'cards' });
const figure = (chart: SVGSVGElement, caption: string) => element('figure', {}, chart, element('figcaption', { class: 'muted' }, caption));
fChart.id = 'chart-f';
dChart.id = 'chart-dfdx';
const charts = element('div', { class: 'charts' }, figure(fChart, 'f(x)'), figure(dChart, '∂f/∂x'));
const legend = element('p', { class: 'muted' }, `Shaded in a function's colour: where |∂f/∂x| < ${FLAT_SLOPE} (saturation, dead zones); in grey: outside its domain. Dashed rules: kinks.`);
const viewBox = element('section', { id: 'view', 'aria-label': 'charts' }, formula.root, range.root, problems, charts, legend, cardsBox);
app.append(element('div', { class: 'catalog-layout' }, list.root, viewBox));

/** The entry a shown item names, or null with the reason added to `said` (unknown name, formula that fails). */
function resolve(s: Shown, said: string[]): Activation | null {
  try {
    const a = getActivation(s.name);
    for (const key of Object.keys(s.params)) {
      if (a.params.some((p) => p.name === key)) continue;
      said.push(`${a.name} has no parameter '${key}' (parameters: ${a.params.map((p) => p.name).join(', ') || 'none'}); ignored`);
      delete s.params[key];
    }
    return a;
  } catch (err) {
    said.push(`${s.name}: ${(err as Error).message.split('\n')[0]}`);
    return null;
  }
}

let resolved: { shown: Shown; entry: Activation }[] = [];

/** Builds the list marks, cards and charts for `view` anew (after the set of functions changed). */
function renderAll(said: string[] = []): void {
  resolved = view.shown.flatMap((s) => {
    const entry = resolve(s, said);
    return entry === null ? [] : [{ shown: s, entry }];
  });
  view.shown = resolved.map((r) => r.shown);
  problems.replaceChildren(...said.map((m) => element('p', { class: 'error', role: 'alert' }, m)));
  list.sync(new Set(view.shown.map((s) => s.name)));
  range.set(view.xRange);
  cards = resolved.map((r, i) =>
    itemCard(r.entry, r.shown, i, PALETTE[i], {
      changed: redraw,
      remove: () => {
        view.shown = view.shown.filter((s) => s !== r.shown);
        renderAll();
      },
    }),
  );
  cardsBox.replaceChildren(...cards.map((c) => c.root));
  if (resolved.length === 0) cardsBox.append(element('p', { class: 'muted' }, 'Tick a function in the list, or type a formula, to plot it.'));
  redraw();
}

const label = (r: { shown: Shown; entry: Activation }) => {
  const set = Object.entries(r.shown.params).map(([k, v]) => `${k}=${v}`);
  const name = r.entry.family === 'formula' ? r.entry.formula : r.entry.name;
  return set.length === 0 ? name : `${name} (${set.join(', ')})`;
};

/** Recomputes every curve and redraws the charts; the view goes into the URL. */
function redraw(): void {
  const f: Series[] = [];
  const d: Series[] = [];
  const bands: Band[] = [];
  const rules: { x: number; color: string; dash: string }[] = [];
  resolved.forEach((r, i) => {
    const color = PALETTE[i];
    let c: Curves | null = null;
    try {
      c = curves(r.entry, r.entry.name, r.shown.params, view.xRange);
    } catch (err) {
      cards[i].draw(null, (err as Error).message);
      return;
    }
    cards[i].draw(c, null);
    f.push({ label: label(r), x: c.x, y: c.y, color });
    d.push({ label: label(r), x: c.x, y: c.dydx, color });
    for (const [from, to] of flatStretches(c.x, c.dydx)) bands.push({ from, to, color: `${color}22`, label: `${label(r)}: |∂f/∂x| < ${FLAT_SLOPE}` });
    if (r.entry.kind === 'elementwise') {
      const params = r.entry.params.map((p) => r.shown.params[p.name] ?? p.default);
      for (const x of r.entry.kinks(params)) rules.push({ x, color, dash: '4 3' });
      const [lo, hi] = r.entry.domain?.(params) ?? [-Infinity, Infinity];
      if (lo > -Infinity) bands.push({ from: -Infinity, to: lo, color: '#9aa3b255', label: `${label(r)}: outside its domain (x ≤ ${Number(lo.toPrecision(4))})` });
      if (hi < Infinity) bands.push({ from: hi, to: Infinity, color: '#9aa3b255', label: `${label(r)}: outside its domain (x ≥ ${Number(hi.toPrecision(4))})` });
    }
  });
  const options = { xDomain: view.xRange, bands, rules, xLabel: 'x', legend: f.length > 0 };
  lineChart(fChart, f, { ...options, title: 'f(x) of the functions shown' });
  lineChart(dChart, d, { ...options, title: '∂f/∂x of the functions shown' });
  writeHashSoon();
}

// Chromium refuses history updates beyond about 200 in 10 s (a slider dragged fires far more): the URL follows the
// view once the view rests.
let hashTimer: ReturnType<typeof setTimeout> | undefined;
function writeHashSoon(): void {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => history.replaceState(null, '', `#${encodeView(view)}`), 150);
}

/** Shows the view the URL describes (on load, and when the user edits the hash or goes back). */
function restore(): void {
  const { view: v, problems: said } = decodeView(location.hash);
  view = v;
  renderAll(said);
}

window.addEventListener('hashchange', restore);
restore();
