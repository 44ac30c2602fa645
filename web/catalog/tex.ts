// Formulas typeset with KaTeX (bundled into the page; its style sheet and fonts are served from katex/).
import katex from 'katex';
import { element } from '../common/page.js';

/** A display-mode formula; TeX KaTeX cannot read is shown as its source, in red, rather than breaking the page. */
export function texBlock(tex: string, label: string): HTMLElement {
  const box = element('div', { class: 'tex', 'aria-label': label });
  katex.render(tex, box, { throwOnError: false, displayMode: true, output: 'htmlAndMathml' });
  return box;
}
