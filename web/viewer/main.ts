// The run viewer page: a run directory made by `actlab train` (or an experiment folder), dropped on the page, shown
// as the reports show it: curves, learned shapes, histograms, config and summary.
import { pageHeader } from '../common/page.js';

pageHeader('viewer.html');
