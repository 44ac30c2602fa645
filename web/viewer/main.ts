// The run viewer page: a run directory made by `actlab train` (or an experiment folder), dropped on the page or
// picked, shown as the run's plots show it: curves, learned shapes, histograms, config and summary. Everything is
// read in the browser; nothing is sent anywhere.
import { byId, element, pageHeader } from '../common/page.js';
import { experimentView } from './experiment-view.js';
import { filesOfDrop, filesOfInput, folders, type GivenFile } from './run-files.js';
import { isRunFolder, readRun, RUN_FILES, type Run } from './run-record.js';
import { runView } from './run-view.js';

pageHeader('viewer.html');
const app = byId('app');

const folderInput = element('input', { type: 'file', id: 'run-folder', webkitdirectory: '', multiple: '' });
const filesInput = element('input', { type: 'file', id: 'run-files', multiple: '' });
const drop = element(
  'div',
  { id: 'drop', class: 'panel' },
  element('p', {}, 'Drop a run folder (made by ', element('code', {}, 'actlab train --out DIR'), ') or an experiment folder here, or pick one:'),
  element('div', { class: 'pickers' }, element('label', { for: 'run-folder' }, 'Run or experiment folder '), folderInput),
  element('div', { class: 'pickers' }, element('label', { for: 'run-files' }, 'Or files of one run '), filesInput),
  element('p', { class: 'muted' }, `A run folder holds ${RUN_FILES.join(', ')} and activations.json. The files are read in this browser only.`),
);
const status = element('div', { id: 'status', 'aria-live': 'polite' });
const runs = element('div', { id: 'runs-view' });
const detail = element('div', { id: 'run-view' });
app.append(drop, status, runs, detail);

function show(run: Run): void {
  detail.replaceChildren(runView(run));
}

/** Reads what was given and shows it: one run, or the table of several; a clear message when none is a run. */
async function open(given: readonly GivenFile[]): Promise<void> {
  runs.replaceChildren();
  detail.replaceChildren();
  const candidates = folders(given).filter(isRunFolder);
  if (candidates.length === 0) {
    const names = given.slice(0, 6).map((g) => g.path).join(', ') + (given.length > 6 ? `, … (${given.length} files)` : '');
    status.replaceChildren(
      element('p', { class: 'error', role: 'alert' }, `${given.length === 0 ? 'No files were given' : `Not an actlab run: ${names}`}. A run folder holds ${RUN_FILES.join(', ')} (made by actlab train --out DIR); an experiment folder holds one such folder per cell.`),
    );
    return;
  }
  status.replaceChildren(element('p', { class: 'muted' }, `Reading ${candidates.length} run${candidates.length === 1 ? '' : 's'}…`));
  const read = await Promise.all(candidates.map(readRun));
  status.replaceChildren(element('p', { class: 'muted' }, `${read.length} run${read.length === 1 ? '' : 's'} read from ${given.length} files.`));
  if (read.length > 1) runs.append(experimentView(read, show));
  show(read[0]);
}

/** Says what went wrong while reading (a file that vanished, a folder the browser cannot walk). */
const fail = (err: unknown) => status.replaceChildren(element('p', { class: 'error', role: 'alert' }, `Could not read what was given: ${(err as Error).message}`));

const openInput = (input: HTMLInputElement) => {
  if (input.files !== null) void open(filesOfInput(input.files)).catch(fail);
};
folderInput.addEventListener('change', () => openInput(folderInput));
filesInput.addEventListener('change', () => openInput(filesInput));
// The whole page takes a drop (a file dropped beside the box must not make the browser open it instead).
document.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) drop.classList.remove('over');
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer !== null) void filesOfDrop(event.dataTransfer).then(open, fail);
});
