// What every page of the explorer shares: the header with the navigation between the three pages, and small DOM
// helpers. Pages are built on the public API only ('actlab', the browser build).

export const PAGES = [
  { href: 'index.html', title: 'Catalog', blurb: 'every activation, its derivatives and parameters' },
  { href: 'playground.html', title: 'Playground', blurb: 'train learnable activations live' },
  { href: 'viewer.html', title: 'Run viewer', blurb: 'look at a run directory made by actlab train' },
] as const;

/** Puts the header (title and navigation, the current page marked) at the top of the body. */
export function pageHeader(current: (typeof PAGES)[number]['href']): HTMLElement {
  const header = element('header', { class: 'site' });
  header.append(element('a', { class: 'brand', href: 'index.html' }, 'actlab'));
  const nav = element('nav', { 'aria-label': 'pages' });
  for (const p of PAGES) {
    const link = element('a', { href: p.href, title: p.blurb }, p.title);
    if (p.href === current) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
  header.append(nav);
  document.body.prepend(header);
  return header;
}

/** A new element with attributes and text or children. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (string | Node)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** The element with id `id`, which the page's HTML must have. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`the page has no #${id}`);
  return e as T;
}

/** Shows an error on the page (and in the console), as text a person can act on. */
export function showError(where: HTMLElement, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  where.replaceChildren(element('p', { class: 'error', role: 'alert' }, message));
}
