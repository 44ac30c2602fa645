// examples/browser (a plain HTML page on the browser bundle) in headless Chromium, cross-origin isolated (two threads)
// and not (one): it plots an activation, trains its small network and shows the results, logging no error. Each run
// leaves a screenshot in the system's temporary folder (or ACTLAB_SCREENSHOTS) to look at.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateActivation } from '../../src/index.js';
import { chromiumMissing, collectErrors, launchChromium, REPO_ROOT, serveStatic } from './chromium.js';

const missing = chromiumMissing();
const SCREENSHOTS = process.env.ACTLAB_SCREENSHOTS ?? join(tmpdir(), 'actlab-screenshots');

describe.skipIf(missing !== null)('examples/browser in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const isolated of [true, false]) {
    it(`evaluates, trains and shows the results ${isolated ? 'on two threads (cross-origin isolated)' : 'on one thread'}`, async () => {
      const server = await serveStatic(REPO_ROOT, { isolated });
      const page = await browser.newPage({ viewport: { width: 960, height: 900 } });
      const errors = collectErrors(page);
      try {
        await page.goto(`${server.url}examples/browser/index.html`);
        await page.waitForSelector('#status:not([data-state="running"])', { timeout: 30_000 });
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOTS, `example-${isolated ? 'isolated' : 'plain'}.png`), fullPage: true });
        expect(await page.textContent('#status')).toMatch(/^done in/);
        expect(await page.textContent('#setup')).toContain(isolated ? 'on 2 threads' : 'on 1 thread (the page is not cross-origin isolated)');

        // The table of values is what Node computes, to the digits shown.
        const values = await page.$$eval('#values tbody tr', (rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)));
        const xs = values.map((row) => Number(row[0]));
        const node = evaluateActivation('adaptiveRelu:alpha=2', xs);
        expect(values).toEqual(xs.map((x, i) => [String(x), node.y[i].toFixed(4), node.dydx![i].toFixed(4), node.dparams!.alpha[i].toFixed(4)]));
        expect(await page.$$eval('#plot path', (paths) => paths.length)).toBe(2);

        const epochs = await page.$$eval('#epochs tbody tr', (rows) => rows.map((r) => Number(r.children[1].textContent)));
        expect(epochs).toHaveLength(12);
        expect(epochs[11]).toBeLessThan(epochs[0]);
        expect(parseFloat((await page.textContent('#test-accuracy')) ?? '')).toBeGreaterThan(90);
        const corners = await page.$$eval('#corners tbody tr', (rows) => rows.map((r) => [Number(r.children[2].textContent), Number(r.children[3].textContent)]));
        for (const [label, p] of corners) expect(Math.round(p)).toBe(label);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
        await server.close();
      }
    });
  }
});
