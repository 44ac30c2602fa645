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
  const filter = element('input', { type: 'search', id: 'entry-filter', placeholder: 'filter: name, alias, family', 'aria-label': 'Filter the functions by name, alias or family' });
  root.append(filter);
  const boxes = new Map<string, HTMLInputElement>();
  const groups: { group: HTMLElement; items: { label: HTMLElement; words: string }[] }[] = [];
  const families = [...new Set(entries.map((a) => a.family))];
  for (const family of families) {
    const group = element('fieldset', {}, element('legend', {}, family));
    const items: { label: HTMLElement; words: string }[] = [];
    for (const a of entries.filter((e) => e.family === family)) {
      const box = element('input', { type: 'checkbox', id: `entry-${a.name}`, 'data-name': a.name });
      box.addEventListener('change', () => onToggle(a.name, box.checked));
      boxes.set(a.name, box);
      const kind = a.kind === 'vector' ? ' (row-wise)' : a.params.some((p) => p.learnable) ? ' (learnable)' : '';
      const label = element('label', { for: box.id, title: `${a.description} ${a.formula}` }, box, ` ${a.name}`, element('span', { class: 'muted' }, kind));
      items.push({ label, words: [a.name, ...a.aliases, a.family].join(' ').toLowerCase() });
      group.append(label);
    }
    groups.push({ group, items });
    root.append(group);
  }
  // Hides the entries (and families) the filter's words do not all match.
  filter.addEventListener('input', () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter((w) => w !== '');
    for (const { group, items } of groups) {
      for (const item of items) item.label.hidden = !words.every((w) => item.words.includes(w));
      group.hidden = items.every((item) => item.label.hidden);
    }
  });
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
