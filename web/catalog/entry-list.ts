// The list of catalog entries, grouped by family: a checkbox per entry puts it on the charts (up to MAX_SHOWN).
import type { Activation } from 'actlab';
import { element } from '../common/page.js';
import { MAX_SHOWN } from './view-state.js';

export interface EntryList {
  root: HTMLElement;
  /** Ticks the shown entries; with MAX_SHOWN shown, the others cannot be ticked. */
  sync(shown: ReadonlySet<string>): void;
}

export function entryList(entries: readonly Activation[], onToggle: (name: string, on: boolean) => void): EntryList {
  const root = element('nav', { id: 'entries', 'aria-label': 'catalog entries' });
  root.append(element('p', { class: 'muted', id: 'entries-hint' }, `${entries.length} functions; tick up to ${MAX_SHOWN} to compare them.`));
  const boxes = new Map<string, HTMLInputElement>();
  const families = [...new Set(entries.map((a) => a.family))];
  for (const family of families) {
    const group = element('fieldset', {}, element('legend', {}, family));
    for (const a of entries.filter((e) => e.family === family)) {
      const box = element('input', { type: 'checkbox', id: `entry-${a.name}`, 'data-name': a.name });
      box.addEventListener('change', () => onToggle(a.name, box.checked));
      boxes.set(a.name, box);
      const kind = a.kind === 'vector' ? ' (row-wise)' : a.params.some((p) => p.learnable) ? ' (learnable)' : '';
      group.append(element('label', { for: box.id, title: `${a.description} ${a.formula}` }, box, ` ${a.name}`, element('span', { class: 'muted' }, kind)));
    }
    root.append(group);
  }
  return {
    root,
    sync(shown) {
      const full = shown.size >= MAX_SHOWN;
      for (const [name, box] of boxes) {
        box.checked = shown.has(name);
        box.disabled = full && !box.checked;
      }
    },
  };
}
