// The page's script: evaluates a learnable activation and plots it, then trains a small network on XOR-placed
// points generated here, with the browser build of actlab (one ES module; its WASM kernels are fetched from beside it).
/* global crossOriginIsolated, performance, setTimeout */
import { createEngine, evaluateActivation, train } from '../../dist/browser/actlab.js';

const ACTIVATION = 'adaptiveRelu:alpha=2';
const $ = (id) => document.getElementById(id);
const fixed = (v, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

/** Table rows from arrays of cells. */
function fillRows(table, rows) {
  $(table).querySelector('tbody').innerHTML = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
}

/** The activation and its derivative over [−3, 3] as SVG paths, with axes. */
function plotActivation() {
  const xs = Array.from({ length: 121 }, (_, i) => -3 + i / 20);
  const { y, dydx } = evaluateActivation(ACTIVATION, xs);
  const [w, h, pad] = [360, 240, 24];
  const sx = (x) => pad + ((x + 3) / 6) * (w - 2 * pad);
  const sy = (v) => h - pad - ((v + 1) / 7) * (h - 2 * pad); // v in [−1, 6]
  const path = (values) => xs.map((x, i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(Math.min(values[i], 6)).toFixed(1)}`).join('');
  $('plot').innerHTML = [
    `<line x1="${pad}" x2="${w - pad}" y1="${sy(0)}" y2="${sy(0)}" stroke="#9aa4b2"/>`,
    `<line x1="${sx(0)}" x2="${sx(0)}" y1="${pad}" y2="${h - pad}" stroke="#9aa4b2"/>`,
    `<path d="${path(y)}" fill="none" stroke="#2563eb" stroke-width="2.5"/>`,
    `<path d="${path(dydx)}" fill="none" stroke="#dc6b19" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<text x="${pad + 4}" y="${pad + 12}" fill="#2563eb" font-size="13">f(x)</text>`,
    `<text x="${pad + 4}" y="${pad + 30}" fill="#dc6b19" font-size="13">∂f/∂x</text>`,
  ].join('');
  const probe = [-1, 0, 0.25, 0.5, 1, 2];
  const at = evaluateActivation(ACTIVATION, probe);
  fillRows('values', probe.map((x, i) => [x, fixed(at.y[i]), fixed(at.dydx[i]), fixed(at.dparams.alpha[i])]));
  $('activation').textContent = ACTIVATION;
}

/** Points near the corners (±1, ±1), labelled by XOR of their signs; a seeded generator (mulberry32). */
function xorPoints(count, seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const x = [];
  const y = [];
  for (let i = 0; i < count; i++) {
    const a = i & 1, b = (i >> 1) & 1;
    x.push([2 * a - 1 + (uniform() - 0.5) * 1.2, 2 * b - 1 + (uniform() - 0.5) * 1.2]);
    y.push(a ^ b);
  }
  return { x, y };
}

async function trainNetwork() {
  // Several threads need shared memory, which browsers give only to cross-origin isolated pages.
  const threads = crossOriginIsolated ? 2 : 1;
  const engine = await createEngine({ threads });
  $('setup').textContent =
    `800 training points (a fifth held out for validation), 200 test points; model 2-8-1, ${ACTIVATION.split(':')[0]} with α per neuron, ` +
    `Adam, 12 epochs; engine ${engine.name} on ${engine.threads} thread${engine.threads === 1 ? '' : 's'}` +
    `${crossOriginIsolated ? '' : ' (the page is not cross-origin isolated)'}.`;
  engine.dispose();
  const { summary, metrics, model } = await train({
    data: xorPoints(800, 1),
    test: xorPoints(200, 2),
    model: 'mlp:8',
    activation: 'adaptiveRelu',
    epochs: 12,
    lr: 0.02,
    threads,
  });
  try {
    fillRows('epochs', metrics.map((m) => [m.epoch, fixed(m.trainLoss), fixed(m.valAccuracy, 3), fixed(Object.values(m.activationMeans)[0], 3)]));
    $('test-accuracy').textContent = `${(100 * summary.final.testAccuracy).toFixed(1)} %`;
    const corners = [[-1, -1], [-1, 1], [1, -1], [1, 1]];
    const p = model.predict(corners);
    fillRows('corners', corners.map(([a, b], i) => [a, b, (a > 0) !== (b > 0) ? 1 : 0, fixed(p[i], 3)]));
  } finally {
    model.dispose();
  }
}

async function main() {
  plotActivation();
  $('status').textContent = 'training…';
  // Let the page paint before the synchronous training loop holds the main thread.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const started = performance.now();
  await trainNetwork();
  $('status').textContent = `done in ${((performance.now() - started) / 1000).toFixed(2)} s`;
  $('status').dataset.state = 'done';
}

main().catch((error) => {
  $('status').textContent = `failed: ${error.message}`;
  $('status').dataset.state = 'failed';
  console.error(error);
});
