// The browser build's entry (dist/browser/actlab.js): the core, with mathjs bundled in for formula activations
// (Node loads it from the package on the first formula instead).
import math from 'mathjs/lib/browser/math.js';
import { provideMathjs } from './activations/mathjs.js';

provideMathjs(math);

export * from './index.js';
