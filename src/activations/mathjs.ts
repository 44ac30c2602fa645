// mathjs, loaded synchronously on first use (getActivation is synchronous): its single-file bundle loads in about
// 60 ms where its ESM entry takes about 1 s (hundreds of modules), so start-up pays nothing until a formula is parsed.
// Node's require comes through process.getBuiltinModule, keeping this module free of static node: imports.
import type { MathJsInstance } from 'mathjs';

let instance: MathJsInstance | undefined;

/** Hands mathjs over where it was bundled (the browser build's entry, src/browser.ts). */
export function provideMathjs(math: MathJsInstance): void {
  instance = math;
}

export function mathjs(): MathJsInstance {
  if (instance !== undefined) return instance;
  const nodeModule = globalThis.process?.getBuiltinModule?.('node:module');
  if (nodeModule === undefined) throw new Error('formula activations need mathjs: in a browser, load the browser build (dist/browser/actlab.js), which bundles it');
  instance = nodeModule.createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathJsInstance;
  return instance;
}
