// Bundles the core for browsers from its browser entry (dist/browser.js, which tsc builds from src/browser.ts: the
// core with mathjs bundled in): dist/browser/actlab.js, one ES module with its source map, and the two kernel files
// beside it. In dist/ the kernels are found at ../../build/ relative to dist/engine/wasm.js; in the bundle
// import.meta.url is the bundle's own, so those paths become ./ (beside it).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { build } from 'esbuild';
import { BROWSER_BUNDLE } from './browser-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'browser');
const KERNELS = ['kernels.wasm', 'kernels-unshared.wasm'];

/** Rewrites the kernels' URLs in dist/engine/wasm.js to point beside the bundle; fails if they are not all found. */
const kernelsBesideBundle = {
  name: 'kernels-beside-bundle',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]dist[\\/]engine[\\/]wasm\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      let found = 0;
      const contents = source.replace(/(['"])\.\.\/\.\.\/build\/(kernels[\w-]*\.wasm)\1/g, (_, quote, file) => (found++, `${quote}./${file}${quote}`));
      if (found !== KERNELS.length) throw new Error(`${path}: expected ${KERNELS.length} kernel URLs '../../build/kernels*.wasm', found ${found}`);
      return { contents, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'dist', 'browser.js')],
  outfile: join(out, 'actlab.js'),
  ...BROWSER_BUNDLE,
  plugins: [kernelsBesideBundle],
});
for (const file of KERNELS) copyFileSync(join(root, 'build', file), join(out, file));
