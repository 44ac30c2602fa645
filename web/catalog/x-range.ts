// The x range of the charts: two number fields, checked (finite, from < to) before they apply.
import { element } from '../common/page.js';

export interface XRangeControl {
  root: HTMLElement;
  set(range: readonly [number, number]): void;
}

export function xRangeControl(onChange: (range: [number, number]) => void): XRangeControl {
  const from = element('input', { type: 'number', step: 'any', id: 'x-from' });
  const to = element('input', { type: 'number', step: 'any', id: 'x-to' });
  const problem = element('span', { class: 'error', role: 'alert', id: 'x-range-error' });
  const apply = () => {
    const lo = Number(from.value);
    const hi = Number(to.value);
    const ok = from.value.trim() !== '' && to.value.trim() !== '' && Number.isFinite(lo) && Number.isFinite(hi) && lo < hi;
    problem.textContent = ok ? '' : `x from ${from.value || '(empty)'} to ${to.value || '(empty)'}: expected two numbers, the first smaller`;
    if (ok) onChange([lo, hi]);
  };
  from.addEventListener('change', apply);
  to.addEventListener('change', apply);
  const root = element('div', { class: 'x-range' }, element('label', { for: 'x-from' }, 'x from'), from, element('label', { for: 'x-to' }, 'to'), to, problem);
  return {
    root,
    set([lo, hi]) {
      from.value = String(lo);
      to.value = String(hi);
      problem.textContent = '';
    },
  };
}
