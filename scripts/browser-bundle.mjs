// esbuild settings shared by the browser build and the explorer's pages: ES modules for today's browsers, with source
// maps, minified (a third of the size) but keeping names, so errors are told apart by their class's name (UsageError, …).
export const BROWSER_BUNDLE = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
};
