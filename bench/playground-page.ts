// Child: the playground page in headless Chromium, served as `actlab web` serves dist/web (cross-origin isolated).
// mode 'heatmap': heat-map updates per second while training the 2-8-8-1 spiral network (the page counts the heat
// maps it draws); mode 'mnist': one MNIST-subset epoch per fresh page (seeds 1, 2, …), as the page's trainer timed it.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { serveWebsite } from '../src/node/web-server.js';
import { chromiumMissing, collectErrors, launchChromium, REPO_ROOT } from '../test/browser/chromium.js';
import { childArgs, reportToParent } from './child.js';
import { PLAYGROUND_MNIST, playgroundMnistHash } from './playground-settings.js';

export interface PlaygroundPageArgs {
  mode: 'heatmap' | 'mnist';
  runs: number;
  /** Seconds each heat-map rate is counted over. */
  window: number;
}

const SPIRAL = 'data=spiral&points=400&noise=0&layers=8,8&activations=adaptiveRelu|adaptiveRelu&lr=0.01&actLr=0.01&batch=10&epochs=100000&threads=1&autostart=1';

const args = childArgs<PlaygroundPageArgs>();
const missing = chromiumMissing();
if (missing !== null) throw new Error(missing);
const server = await serveWebsite(join(REPO_ROOT, 'dist', 'web'));
const browser = await launchChromium();

const dataset = (page: Page) => page.$eval('#state', (e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>);

/** Heat maps drawn per second over `window` seconds, once the page is training. */
async function heatMapRate(page: Page): Promise<number> {
  await page.goto(`${server.url}playground.html#${SPIRAL}`);
  await page.waitForFunction(() => Number(document.getElementById('state')?.dataset.heatmapUpdates) > 100);
  const count = async () => Number((await dataset(page)).heatmapUpdates);
  const [before, t0] = [await count(), performance.now()];
  await page.waitForTimeout(args.window * 1000);
  const [after, t1] = [await count(), performance.now()];
  return (after - before) / ((t1 - t0) / 1000);
}

/** The page's one MNIST-subset epoch (the trainer's batch loop, metrics.seconds) and its training loss. */
async function mnistEpoch(page: Page, seed: number): Promise<{ seconds: number; loss: number }> {
  await page.goto(`${server.url}playground.html#${playgroundMnistHash(seed)}`);
  await page.waitForFunction(() => ['done', 'error', 'diverged'].includes(document.getElementById('state')?.dataset.status ?? ''), null, { timeout: 120_000 });
  const d = await dataset(page);
  if (d.status !== 'done') throw new Error(`the page's MNIST run ended ${d.status}: ${await page.textContent('#problems')}`);
  return { seconds: Number(d.epochSeconds), loss: Number(d.trainLoss) };
}

try {
  const values: number[] = [];
  const losses: number[] = [];
  for (let run = 1; run <= args.runs; run++) {
    // A fresh page per run: a new worker, engine and model, as Node's side has.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    if (args.mode === 'heatmap') values.push(await heatMapRate(page));
    else {
      const epoch = await mnistEpoch(page, run);
      values.push(epoch.seconds);
      losses.push(epoch.loss);
    }
    await page.close();
    if (errors.length > 0) throw new Error(`the page logged errors: ${errors.join('; ')}`);
  }
  const note =
    args.mode === 'heatmap'
      ? `Chromium ${browser.version()} headless, 1280×800, playground.html#${SPIRAL}: heat maps (64×64 grid) drawn per second over ${args.window} s windows while training`
      : `Chromium ${browser.version()} headless, playground.html (worker, 1 thread): ${PLAYGROUND_MNIST.text}; the page trainer's metrics.seconds; train losses ${losses.map((l) => l.toFixed(6)).join(', ')}`;
  reportToParent({ values, note });
} finally {
  await browser.close();
  await server.close();
}
