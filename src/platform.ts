// What the core needs from the platform it runs on, without importing any node: module, so that browser bundles of
// the core hold none: in Node its built-in modules come from process.getBuiltinModule (Node ≥ 20.16); elsewhere
// the browser's own APIs serve.
import type * as NodeFs from 'node:fs/promises';
import type * as NodeOs from 'node:os';
import type * as NodeWorkerThreads from 'node:worker_threads';

interface NodeModules {
  'node:fs/promises': typeof NodeFs;
  'node:os': typeof NodeOs;
  'node:worker_threads': typeof NodeWorkerThreads;
}

/** Node's built-in module `id`, or undefined outside Node. */
export function nodeModule<K extends keyof NodeModules>(id: K): NodeModules[K] | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  return proc?.getBuiltinModule?.(id) as NodeModules[K] | undefined;
}

/** Threads the platform offers: navigator.hardwareConcurrency in browsers, os.availableParallelism in Node, else 1. */
export function availableCores(): number {
  const browser = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  if (typeof browser === 'number' && browser > 0) return browser;
  return nodeModule('node:os')?.availableParallelism() ?? 1;
}
