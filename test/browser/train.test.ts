// The browser bundle (dist/browser/actlab.js) in headless Chromium: it trains to the same bits as Node, on one thread
// and on two (workers over shared memory, in a cross-origin isolated page), falls back to one thread where memory
// cannot be shared, and evaluates activations as Node does; no page logs an error.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as actlab from '../../src/index.js';
import { trainBlobs, type BlobRun, type RunBits } from './blob-run.js';
import { chromiumMissing, collectErrors, launchChromium, REPO_ROOT, serveStatic, type StaticServer } from './chromium.js';

const missing = chromiumMissing();
if (missing !== null) console.warn(`browser tests skipped: ${missing}`);

/** The bundle's exports, as the page holds them (see open). */
type PageGlobals = { actlab: typeof actlab; workersStarted: { count: number } };

/** 2-D XOR blobs, an MLP with a learnable activation, 3 epochs. */
const SMALL: BlobRun = {
  examples: 512,
  features: 2,
  dataSeed: 7,
  options: { model: 'mlp:8', activation: 'adaptiveRelu', epochs: 3, lr: 0.02, seed: 3, threads: 1 },
};
/** Large enough that the pool splits its GEMMs: 2·128·64·64 = 2^20 flops reach its minimum (pool.ts, minFlops). */
const POOLED: BlobRun = {
  examples: 1024,
  features: 16,
  dataSeed: 11,
  options: { model: 'mlp:64,64', activation: 'adaptiveRelu', batch: 128, epochs: 2, seed: 5, threads: 1 },
};
const withThreads = (run: BlobRun, threads: number): BlobRun => ({ ...run, options: { ...run.options, threads } });

describe.skipIf(missing !== null)('the browser bundle in Chromium', () => {
  let browser: Browser;
  let plain: StaticServer;
  let isolated: StaticServer;

  beforeAll(async () => {
    [browser, plain, isolated] = await Promise.all([launchChromium(), serveStatic(REPO_ROOT, { isolated: false }), serveStatic(REPO_ROOT, { isolated: true })]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), plain?.close(), isolated?.close()]);
  });

  /** A blank page from `server` that counts the Web Workers it starts; `errors` fills with what it logs as errors. */
  async function open(server: StaticServer): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.addInitScript(() => {
      const Base = globalThis.Worker;
      const started = { count: 0 };
      Object.assign(globalThis, { workersStarted: started });
      globalThis.Worker = class extends Base {
        constructor(...args: ConstructorParameters<typeof Worker>) {
          super(...args);
          started.count++;
        }
      };
    });
    await page.goto(server.url);
    // Imported by a module script: functions serialised into the page cannot import (vitest rewrites import()).
    await page.addScriptTag({ type: 'module', content: "import * as actlab from '/dist/browser/actlab.js'; globalThis.actlab = actlab;" });
    await page.waitForFunction(() => 'actlab' in globalThis);
    return { page, errors };
  }

  const trainInPage = (page: Page, run: BlobRun): Promise<RunBits> =>
    page.evaluate(
      ({ source, run }) => {
        const trainInBrowser = (0, eval)(`(${source})`) as typeof trainBlobs;
        return trainInBrowser((globalThis as unknown as PageGlobals).actlab, run);
      },
      { source: trainBlobs.toString(), run },
    );

  /** Whether the page is cross-origin isolated, the threads createEngine({ threads: 2 }) gets, and the workers started. */
  const threadsInPage = (page: Page) =>
    page.evaluate(async () => {
      const { actlab, workersStarted } = globalThis as unknown as PageGlobals;
      const engine = await actlab.createEngine({ threads: 2 });
      const threads = engine.threads;
      engine.dispose();
      return { isolated: crossOriginIsolated, threads, workers: workersStarted.count };
    });

  it('trains an MLP with a learnable activation to the same bits as Node on one thread', async () => {
    const { page, errors } = await open(plain);
    const inPage = await trainInPage(page, SMALL);
    const inNode = await trainBlobs(actlab, SMALL);
    expect(inPage.losses).toHaveLength(3);
    expect(inPage.lastLoss).toBeLessThan(inPage.firstLoss);
    expect(inPage).toEqual(inNode);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('splits the work over a Web Worker in a cross-origin isolated page, to the same bits as one thread in Node', async () => {
    const { page, errors } = await open(isolated);
    const inPage = await trainInPage(page, withThreads(POOLED, 2));
    // One worker for the run, one for the engine threadsInPage makes.
    expect(await threadsInPage(page)).toEqual({ isolated: true, threads: 2, workers: 2 });
    expect(inPage).toEqual(await trainBlobs(actlab, POOLED));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stays on one thread where the page is not cross-origin isolated, with the same bits', async () => {
    const { page, errors } = await open(plain);
    expect(await threadsInPage(page)).toEqual({ isolated: false, threads: 1, workers: 0 });
    expect(await trainInPage(page, withThreads(POOLED, 2))).toEqual(await trainBlobs(actlab, POOLED));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains inside a module Worker, where its own workers give it two threads, to the same bits', async () => {
    const { page, errors } = await open(isolated);
    const script = [
      `import * as actlab from '${isolated.url}dist/browser/actlab.js';`,
      `const trainBlobs = (${trainBlobs.toString()});`,
      'onmessage = async ({ data }) => {',
      '  const engine = await actlab.createEngine({ threads: 2 });',
      '  engine.dispose();',
      '  postMessage({ threads: engine.threads, bits: await trainBlobs(actlab, data) });',
      '};',
    ].join('\n');
    const inWorker = await page.evaluate(
      ({ script, run }) =>
        new Promise<{ threads: number; bits: RunBits }>((resolve, reject) => {
          const worker = new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })), { type: 'module' });
          worker.onmessage = ({ data }) => resolve(data);
          worker.onerror = (event) => reject(new Error(event.message));
          worker.postMessage(run);
        }),
      { script, run: withThreads(SMALL, 2) },
    );
    expect(inWorker.threads).toBe(2);
    expect(inWorker.bits).toEqual(await trainBlobs(actlab, SMALL));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('evaluates a catalog activation and a formula (mathjs is in the bundle) to the same bits as Node', async () => {
    const { page, errors } = await open(plain);
    const xs = [-3, -0.5, 0, 1e-3, 0.5, 2, 40];
    // A formula of + − × and a branch only: its float64 arithmetic is exact alike in every engine.
    const names = ['adaptiveRelu:alpha=2', 'formula:x > 0 ? x*x/(1 + x) : a*x;a=0.1'];
    const values = (r: actlab.ActivationValues) => [r.y, r.dydx!, ...Object.values(r.dparams!)].map((v) => Array.from(v));
    const inPage = await page.evaluate(
      ({ names, xs }) => names.map((name) => (globalThis as unknown as PageGlobals).actlab.evaluateActivation(name, xs)).map((r) => [r.y, r.dydx!, ...Object.values(r.dparams!)].map((v) => Array.from(v))),
      { names, xs },
    );
    const hex = (rows: number[][]) => rows.map((row) => Array.from(new Uint32Array(Float32Array.from(row).buffer), (v) => v.toString(16)));
    expect(inPage[0][0][0]).toBe(0);
    expect(inPage[1][0][6]).toBeCloseTo(1600 / 41, 4);
    expect(inPage.map(hex)).toEqual(names.map((name) => hex(values(actlab.evaluateActivation(name, xs)))));
    expect(errors).toEqual([]);
    await page.close();
  });
});
