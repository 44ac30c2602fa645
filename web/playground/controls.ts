// The playground's settings form: data, network (neurons and activation per layer), and training settings. It reads
// back through the same checks as the URL hash, so a value that does not read is named the same way in both.
import { listActivations } from 'actlab';
import { element } from '../common/page.js';
import { DATA_SETS, fitActivations, readHash, writeHash, type Settings } from './state.js';

type Field = { key: keyof Settings; label: string; help?: string } & (
  | { kind: 'select'; options: readonly string[] }
  | { kind: 'number'; min: number; max: number; step: string }
  | { kind: 'text' }
);

const DATA_FIELDS: Field[] = [
  { key: 'data', label: 'data set', kind: 'select', options: DATA_SETS, help: 'csv: drop a CSV file on the page (last column the class)' },
  { key: 'points', label: 'points', kind: 'number', min: 10, max: 5000, step: '10' },
  { key: 'noise', label: 'noise', kind: 'number', min: 0, max: 1, step: '0.05' },
  { key: 'dataSeed', label: 'data seed', kind: 'number', min: 0, max: 4294967295, step: '1' },
];
const NETWORK_FIELDS: Field[] = [
  { key: 'layers', label: 'neurons per hidden layer', kind: 'text', help: 'comma-separated, e.g. 8,8' },
  { key: 'share', label: 'parameter sharing', kind: 'select', options: ['neuron', 'layer'] },
];
const TRAINING_FIELDS: Field[] = [
  { key: 'optimizer', label: 'optimizer', kind: 'select', options: ['adam', 'sgd'] },
  { key: 'lr', label: 'learning rate (weights)', kind: 'number', min: 0, max: 10, step: 'any' },
  { key: 'actLr', label: 'learning rate (activation parameters)', kind: 'number', min: 0, max: 10, step: 'any' },
  { key: 'batch', label: 'batch', kind: 'number', min: 1, max: 1024, step: '1' },
  { key: 'l1', label: 'L1', kind: 'number', min: 0, max: 1, step: 'any' },
  { key: 'l2', label: 'L2', kind: 'number', min: 0, max: 1, step: 'any' },
  { key: 'epochs', label: 'epochs', kind: 'number', min: 1, max: 100000, step: '1' },
  { key: 'seed', label: 'seed', kind: 'number', min: 0, max: 4294967295, step: '1' },
  { key: 'threads', label: 'threads', kind: 'number', min: 1, max: 8, step: '1' },
];

const text = (v: Settings[keyof Settings]) => (Array.isArray(v) ? v.join(',') : String(v));

function input(f: Field, value: string): HTMLElement {
  const id = `set-${f.key}`;
  let control: HTMLInputElement | HTMLSelectElement;
  if (f.kind === 'select') {
    control = element('select', { id, name: f.key }, ...f.options.map((o) => element('option', { value: o }, o)));
  } else if (f.kind === 'number') {
    control = element('input', { id, name: f.key, type: 'number', min: String(f.min), max: String(f.max), step: f.step });
  } else {
    control = element('input', { id, name: f.key, type: 'text', spellcheck: 'false' });
  }
  control.value = value;
  return element('label', { for: id, ...(f.help ? { title: f.help } : {}) }, element('span', {}, f.label), control);
}

/** The elementwise catalog's names, offered for each layer's activation (any formula:EXPR;p=v is taken too). */
function activationList(): HTMLDataListElement {
  const names = listActivations().filter((a) => a.kind === 'elementwise').map((a) => a.name);
  return element('datalist', { id: 'activation-names' }, ...[...names, 'formula:x*sigmoid(b*x);b=1'].map((n) => element('option', { value: n })));
}

export class Controls {
  private readonly layerBox = element('div', { class: 'layer-activations' });

  /** `onChange` gets the settings the form reads as (and the problems with its values) after every change. */
  constructor(
    private readonly form: HTMLFormElement,
    private readonly onChange: (settings: Settings, problems: string[]) => void,
  ) {
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('change', () => this.changed());
  }

  render(s: Settings): void {
    const group = (title: string, ...children: Node[]) => element('fieldset', {}, element('legend', {}, title), ...children);
    this.form.replaceChildren(
      group('Data', ...DATA_FIELDS.map((f) => input(f, text(s[f.key])))),
      group('Network', ...NETWORK_FIELDS.map((f) => input(f, text(s[f.key]))), this.layerBox, activationList()),
      group('Training', ...TRAINING_FIELDS.map((f) => input(f, text(s[f.key])))),
    );
    this.renderLayers(s);
  }

  private renderLayers(s: Settings): void {
    this.layerBox.replaceChildren(
      ...s.activations.map((a, i) => {
        const id = `set-act-${i}`;
        const control = element('input', { id, name: 'activation', type: 'text', list: 'activation-names', spellcheck: 'false' });
        control.value = a;
        return element('label', { for: id, title: 'a catalog name (with :param=value), or formula:EXPR;p=value' }, element('span', {}, `layer ${i + 1} activation (${s.layers[i]} neurons)`), control);
      }),
    );
  }

  /** The settings as the form holds them, through the hash's checks. */
  read(): { settings: Settings; problems: string[] } {
    const data = new FormData(this.form);
    const params = new URLSearchParams();
    for (const f of [...DATA_FIELDS, ...NETWORK_FIELDS, ...TRAINING_FIELDS]) params.set(f.key, String(data.get(f.key) ?? ''));
    params.set('activations', data.getAll('activation').map(String).join('|'));
    const { settings, problems } = readHash(params.toString());
    return { settings: fitActivations(settings), problems };
  }

  private changed(): void {
    const { settings, problems } = this.read();
    if (settings.activations.length !== this.layerBox.childElementCount) this.renderLayers(settings);
    this.onChange(settings, problems);
  }
}

/** The address of the page for `settings`, started on load when `autostart`. */
export const linkFor = (settings: Settings, autostart: boolean) => `${location.pathname}${writeHash({ ...settings, autostart })}`;
