// The formula field: a formula typed in ("x*sigmoid(b*x); b=1") is parsed, differentiated and gradient-checked as
// the user types; an error is shown under the field with a caret at its position, a valid formula is plotted at once
// (replacing the one typed before), and Enter keeps it on the charts so the next one is added beside it.
import { FormulaError, formulaActivation, type Activation } from 'actlab';
import { element } from '../common/page.js';

const PREFIX = 'formula:';

/** The entry of `text`, or what is wrong with it and where (0-based in `text`, when the error has a position). */
export function checkFormula(text: string): { entry: Activation } | { message: string; at: number | null } {
  try {
    return { entry: formulaActivation(text) };
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    if (!(err instanceof FormulaError) || err.column === undefined) return { message, at: null };
    // The column counts in the spec "formula:EXPR...", which formulaActivation makes from the trimmed text.
    const lead = text.length - text.trimStart().length;
    const prefixed = text.trim().toLowerCase().startsWith(PREFIX);
    const at = Math.min(text.length, Math.max(0, err.column - 1 - (prefixed ? 0 : PREFIX.length) + lead));
    return { message: message.replace(/^formula activation '.*?', column \d+: /, ''), at };
  }
}

export interface FormulaInput {
  root: HTMLElement;
  /** Shows a problem that is not the formula's (e.g. no room for another function). */
  refuse(message: string): void;
}

/**
 * The field; `onFormula` gets each valid formula as it is typed (keep false) and when the user presses Enter or Plot
 * (keep true).
 */
export function formulaInput(onFormula: (entry: Activation, keep: boolean) => void): FormulaInput {
  const input = element('input', { id: 'formula', type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 'x * sigmoid(b * x); b = 1', 'aria-describedby': 'formula-status' });
  const button = element('button', { type: 'submit', class: 'primary' }, 'Plot');
  const status = element('div', { id: 'formula-status', 'aria-live': 'polite' });
  const form = element('form', { id: 'formula-form' }, element('label', { for: 'formula' }, 'Your formula (x is the input; declare parameters after ";"), plotted as you type; Enter keeps it'), element('div', { class: 'formula-row' }, input, button), status);
  const showError = (message: string, at: number | null) => {
    input.setAttribute('aria-invalid', 'true');
    const where = at === null ? [] : [element('pre', { class: 'caret' }, `${input.value}\n${' '.repeat(at)}^`)];
    status.replaceChildren(element('p', { class: 'error', role: 'alert' }, at === null ? message : `at character ${at + 1}: ${message}`), ...where);
  };
  const check = () => {
    if (input.value.trim() === '') {
      input.removeAttribute('aria-invalid');
      status.replaceChildren();
      return null;
    }
    const r = checkFormula(input.value);
    if ('message' in r) {
      showError(r.message, r.at);
      return null;
    }
    input.removeAttribute('aria-invalid');
    status.replaceChildren(element('p', { class: 'muted' }, `${r.entry.params.length === 0 ? 'No parameters' : `Parameters: ${r.entry.params.map((p) => p.name).join(', ')}`}; derivatives checked.`));
    return r.entry;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const entry = check();
      if (entry !== null) onFormula(entry, false);
    }, 250);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const entry = check();
    if (entry !== null) onFormula(entry, true);
    else if (input.value.trim() === '') showError('type a formula first, e.g. x * sigmoid(b * x); b = 1', null);
  });
  return { root: form, refuse: (message) => showError(message, null) };
}
