// The explorer's site as `actlab web` serves it: every page loads in Chromium without a console error, cross-origin
// isolated (so the engine may use threads), with the navigation between the pages.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebsite, type WebServer } from '../../src/node/web-server.js';
import { chromiumMissing, collectErrors, launchChromium, REPO_ROOT } from './chromium.js';

const SITE = join(REPO_ROOT, 'dist', 'web');
const missing = chromiumMissing() ?? (existsSync(join(SITE, 'index.html')) ? null : 'no dist/web: run `npm run build`');
export const SCREENSHOTS = process.env.ACTLAB_SCREENSHOTS ?? join(tmpdir(), 'actlab-screenshots');

describe.skipIf(missing !== null)('the explorer site', () => {
  let browser: Browser;
  let server: WebServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveWebsite(SITE)]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  for (const page of ['index.html', 'playground.html', 'viewer.html']) {
    it(`serves ${page}, which loads cross-origin isolated, with the navigation, and no console error`, async () => {
      const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors = collectErrors(tab);
      try {
        const response = await tab.goto(`${server.url}${page}`);
        expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
        await tab.waitForSelector('header.site nav a[aria-current="page"]');
        expect(await tab.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
        expect(await tab.$$eval('header.site nav a', (links) => links.map((a) => a.getAttribute('href')))).toEqual(['index.html', 'playground.html', 'viewer.html']);
        mkdirSync(SCREENSHOTS, { recursive: true });
        await tab.screenshot({ path: join(SCREENSHOTS, `web-${page.replace('.html', '')}.png`) });
        expect(errors).toEqual([]);
      } finally {
        await tab.close();
      }
    });
  }

  it('refuses paths outside the site', async () => {
    const response = await fetch(`${server.url}..%2Fpackage.json`);
    expect(response.status).toBe(403);
    expect((await fetch(`${server.url}no-such-page.html`)).status).toBe(404);
  });
});

describe.skipIf(!existsSync(join(SITE, 'index.html')))('actlab web', () => {
  it('serves the site on the port asked for, printing its address, until stopped', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'web', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          const m = /actlab explorer: (http:\/\/\S+)/.exec(String(d));
          if (m) resolve(m[1]);
        });
        child.on('close', (code) => reject(new Error(`actlab web exited with ${code}`)));
      });
      const response = await fetch(`${url}index.html`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect((await fetch(`${url}kernels.wasm`)).headers.get('content-type')).toBe('application/wasm');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
  });
});
