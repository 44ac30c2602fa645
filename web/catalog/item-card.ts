// The card of one function on the charts: its formula typeset, a slider per parameter (with a number field for exact
// values), kinks and notes from the metadata, and the chart of ∂f/∂p for each parameter.
import type { Activation, ParamSpec } from 'actlab';
import { lineChart } from '../common/chart.js';
import { element } from '../common/page.js';
import type { Curves } from './curves.js';
import { inValidRange, rangeText, roundedValue, sliderRange } from './slider-range.js';
import { texBlock } from './tex.js';
import type { Shown } from './view-state.js';

export interface ItemCard {
  root: HTMLElement;
  /** Draws ∂f/∂p from `c`, or shows why there are no curves (e.g. min ≥ max). */
  draw(c: Curves | null, problem: string | null): void;
}

/** Dash patterns telling the parameters' curves apart on the ∂f/∂p chart (all in the card's colour). */
const DASHES = [undefined, '6 4', '2 3', '8 3 2 3'];

/** A slider and a number field for parameter `p`, both setting shown.params[p.name]. */
function paramControl(p: ParamSpec, id: string, shown: Shown, changed: () => void, problem: (m: string | null) => void): HTMLElement {
  const value = shown.params[p.name] ?? p.default;
  const slider = element('input', { type: 'range', id: `${id}-${p.name}`, 'data-param': p.name });
  const field = element('input', { type: 'number', step: 'any', id: `${id}-${p.name}-value`, 'aria-label': `${p.name} value`, value: String(value) });
  const place = (v: number) => {
    const r = sliderRange(p, v);
    Object.assign(slider, { min: String(r.lo), max: String(r.hi), step: String(r.step) });
    slider.value = String(v);
  };
  place(value);
  const set = (v: number) => {
    shown.params[p.name] = v;
    changed();
  };
  slider.addEventListener('input', () => {
    const v = roundedValue(p, Number(slider.value));
    field.value = String(v);
    problem(null);
    set(v);
  });
  field.addEventListener('change', () => {
    const v = Number(field.value);
    if (field.value.trim() === '' || !inValidRange(p, v)) return problem(`${p.name} = '${field.value}' is outside its valid range ${rangeText(p)}`);
    problem(null);
    place(v);
    set(v);
  });
  const learnable = p.learnable ? ' · learnable' : '';
  return element(
    'div',
    { class: 'param' },
    element('label', { for: slider.id }, p.name),
    slider,
    field,
    element('span', { class: 'muted range' }, `${rangeText(p)}${learnable}`),
    element('small', { class: 'muted description' }, p.description),
  );
}

/** Kinks, domain and notes, as the metadata states them. */
function facts(a: Activation, params: readonly number[]): HTMLElement {
  const list = element('ul', { class: 'facts' });
  if (a.kind === 'elementwise') {
    const kinks = a.kinks(params);
    list.append(element('li', {}, kinks.length === 0 ? 'No kinks: differentiable everywhere.' : `Kinks at x = ${kinks.map((k) => Number(k.toPrecision(4))).join(', ')}.`));
    const domain = a.domain?.(params);
    const bound = (v: number) => (v === Infinity ? '∞' : v === -Infinity ? '−∞' : String(Number(v.toPrecision(4))));
    if (domain && (Number.isFinite(domain[0]) || Number.isFinite(domain[1]))) list.append(element('li', {}, `Defined for ${bound(domain[0])} < x < ${bound(domain[1])}.`));
  } else {
    list.append(element('li', {}, 'Row-wise: plotted as the first output for the row (x, 0), and its derivative in x.'));
  }
  if (a.notes !== '') list.append(element('li', { class: 'notes' }, a.notes));
  list.append(element('li', { class: 'muted' }, `Source: ${a.reference}.`));
  return list;
}

export function itemCard(a: Activation, shown: Shown, index: number, color: string, handlers: { changed(): void; remove(): void }): ItemCard {
  const id = `item${index}`;
  const root = element('section', { class: 'card', id, 'data-name': a.name, 'aria-labelledby': `${id}-title`, style: `border-top-color: ${color}` });
  const title = a.family === 'formula' ? a.formula : a.name;
  const remove = element('button', { type: 'button', 'aria-label': `Remove ${title}` }, 'Remove');
  remove.addEventListener('click', handlers.remove);
  root.append(element('div', { class: 'card-head' }, element('h2', { id: `${id}-title` }, element('span', { class: 'swatch', style: `background: ${color}` }), title), remove));
  root.append(element('p', { class: 'muted' }, a.description, a.aliases.length > 0 ? ` Also called ${a.aliases.join(', ')}.` : ''));
  root.append(texBlock(a.tex ?? a.formula, `formula of ${title}`));
  const problemBox = element('p', { class: 'error', role: 'alert', hidden: '' });
  const problem = (m: string | null) => {
    problemBox.hidden = m === null;
    problemBox.textContent = m ?? '';
  };
  const factsBox = element('div');
  const refreshFacts = () => factsBox.replaceChildren(facts(a, a.params.map((p) => shown.params[p.name] ?? p.default)));
  const changed = () => {
    refreshFacts();
    handlers.changed();
  };
  if (a.params.length > 0) {
    const group = element('fieldset', { class: 'params' }, element('legend', {}, 'Parameters'));
    for (const p of a.params) group.append(paramControl(p, id, shown, changed, problem));
    root.append(group);
  }
  // Why the values set give no curves (a constraint between parameters, e.g. min < max), apart from a field's problem.
  const evalBox = element('p', { class: 'error eval-error', role: 'alert', hidden: '' });
  root.append(problemBox, evalBox, factsBox);
  refreshFacts();
  const chart = a.params.length > 0 ? lineChart(null, [], { xDomain: [-1, 1], yDomain: [-1, 1], title: `∂f/∂p of ${title}` }) : null;
  if (chart) root.append(element('figure', {}, chart, element('figcaption', { class: 'muted' }, `∂f/∂p for each parameter of ${title}`)));
  return {
    root,
    draw(c, message) {
      evalBox.hidden = message === null;
      evalBox.textContent = message ?? '';
      if (chart === null || c === null) return;
      const series = a.params.map((p, k) => ({ label: `∂f/∂${p.name}`, x: c.x, y: c.dparams[p.name], color, dash: DASHES[k % DASHES.length] }));
      lineChart(chart, series, { xDomain: [c.x[0], c.x[c.x.length - 1]], xLabel: 'x', legend: true, title: `∂f/∂p of ${title}` });
    },
  };
}
