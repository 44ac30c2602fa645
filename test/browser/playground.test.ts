// The playground in Chromium: a link with autostart trains the spiral with two hidden layers of 8 adaptive-ReLU
// neurons to ≥ 95 % training accuracy within a bound, moves their α, and exports a run that actlab reads in Node.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/api/model.js';
import { resolveConfig } from '../../src/train/config.js';
import { readJson, readMetrics } from '../../src/train/run-dir.js';
import { serveWebsite, type WebServer } from '../../src/node/web-server.js';
import { chromiumMissing, collectErrors, launchChromium, REPO_ROOT } from './chromium.js';

const SITE = join(REPO_ROOT, 'dist', 'web');
/** Where web.test.ts saves its screenshots too. */
const SCREENSHOTS = process.env.ACTLAB_SCREENSHOTS ?? join(tmpdir(), 'actlab-screenshots');
const missing = chromiumMissing() ?? (existsSync(join(SITE, 'playground-worker.js')) ? null : 'no dist/web/playground-worker.js: run `npm run build`');
/** Seconds the spiral may take to reach 95 % (about 450 epochs; a few seconds on a loaded 2-core machine). */
const BOUND_SECONDS = 40;
const SPIRAL = 'data=spiral&points=400&noise=0&dataSeed=1&layers=8,8&activations=adaptiveRelu|adaptiveRelu&share=neuron&optimizer=adam&lr=0.01&actLr=0.01&batch=10&seed=1&epochs=1000&threads=1';

interface ShownParams {
  layer: string;
  activation: string;
  initial: Record<string, number[]>;
  learned: Record<string, number[]>;
}

const stateOf = (tab: Page) =>
  tab.$eval('#state', (e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>);

describe.skipIf(missing !== null)('the playground', () => {
  let browser: Browser;
  let server: WebServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveWebsite(SITE)]);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('trains the spiral from a link with autostart to ≥ 95 % within the bound, moves α, and exports a run actlab reads', async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const errors = collectErrors(tab);
    const dir = mkdtempSync(join(tmpdir(), 'actlab-playground-'));
    try {
      await tab.goto(`${server.url}playground.html#${SPIRAL}&autostart=1`);
      const started = Date.now();
      // The state as the page showed it when training accuracy first reached 95 % (or training ended without).
      const reached = (await (
        await tab.waitForFunction(
          () => {
            const d = document.getElementById('state')?.dataset;
            return (Number(d?.trainAccuracy) >= 0.95 || ['done', 'diverged', 'error'].includes(d?.status ?? '')) && { ...d };
          },
          null,
          { timeout: BOUND_SECONDS * 1000, polling: 20 },
        )
      ).jsonValue()) as Record<string, string>;
      const seconds = (Date.now() - started) / 1000;
      console.log(`spiral 2-8-8-1 adaptiveRelu: ${(100 * Number(reached.trainAccuracy)).toFixed(1)} % train, ${(100 * Number(reached.testAccuracy)).toFixed(1)} % test at epoch ${reached.epoch}, ${seconds.toFixed(1)} s after load`);
      expect(Number(reached.trainAccuracy)).toBeGreaterThanOrEqual(0.95);
      expect(seconds).toBeLessThan(BOUND_SECONDS);
      await tab.click('#run');
      await tab.waitForFunction(() => document.getElementById('state')?.dataset.status === 'paused');
      const shown = await stateOf(tab);
      const params = JSON.parse(shown.params) as ShownParams[];
      expect(params.map((p) => [p.layer, p.activation, p.learned.alpha.length])).toEqual([['act0', 'adaptiveRelu', 8], ['act1', 'adaptiveRelu', 8]]);
      for (const p of params) expect(p.learned.alpha.filter((a, i) => Math.abs(a - p.initial.alpha[i]) > 1e-3).length).toBeGreaterThan(4);
      expect(Number(shown.heatmapUpdates)).toBeGreaterThan(10);
      await tab.waitForTimeout(300);
      await tab.screenshot({ path: join(SCREENSHOTS, 'playground-spiral.png'), fullPage: true });

      const [download] = await Promise.all([tab.waitForEvent('download'), tab.click('#export-run')]);
      const archive = join(dir, 'run.tar');
      await download.saveAs(archive);
      await promisify(execFile)('tar', ['-xf', archive, '-C', dir]);
      const run = join(dir, 'playground-run');
      const metrics = readMetrics(run);
      expect(metrics.at(-1)?.epoch).toBe(Number(shown.epoch));
      const { actlabVersion, ...recorded } = readJson<Record<string, unknown>>(run, 'config.json');
      expect(actlabVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(resolveConfig([{ source: 'config.json', values: recorded }])).toMatchObject({ model: 'mlp:8,8', layerActivations: 'adaptiveRelu|adaptiveRelu', lr: 0.01 });
      expect(readJson<{ status: string; epochs: number }>(run, 'summary.json')).toMatchObject({ status: 'finished', epochs: Number(shown.epoch) });
      const model = await loadModel(readFileSync(join(run, 'checkpoint.safetensors')));
      try {
        expect(model.activations().map((r) => r.learned.alpha.map((a) => Math.fround(a)))).toEqual(params.map((p) => p.learned.alpha.map((a) => Math.fround(a))));
      } finally {
        model.dispose();
      }
      const [checkpoint] = await Promise.all([tab.waitForEvent('download'), tab.click('#export-checkpoint')]);
      expect(checkpoint.suggestedFilename()).toBe('checkpoint.safetensors');
      await checkpoint.saveAs(join(dir, 'checkpoint.safetensors'));
      const alone = await loadModel(readFileSync(join(dir, 'checkpoint.safetensors')));
      expect(alone.activations().map((r) => r.activation)).toEqual(['adaptiveRelu', 'adaptiveRelu']);
      alone.dispose();
      await tab.setViewportSize({ width: 390, height: 844 });
      await tab.screenshot({ path: join(SCREENSHOTS, 'playground-phone.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await tab.close();
    }
  });

  it('steps by epoch and by batch and resets from the keyboard, and names settings of the address that do not read', async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(tab);
    try {
      await tab.goto(`${server.url}playground.html#data=moon&layers=4,x&activations=sigmoid|sigmoid|sigmoid&batch=20`);
      await tab.waitForFunction(() => document.getElementById('state')?.dataset.status === 'ready');
      const problems = await tab.textContent('#problems');
      expect(problems).toContain("data: 'moon' is not one of circle, xor, gauss, spiral, csv, mnist");
      expect(problems).toContain("layers: 'x' is not a whole number from 1 to 256");
      await tab.keyboard.press('s');
      await tab.waitForFunction(() => document.getElementById('state')?.dataset.epoch === '1');
      expect((await stateOf(tab)).status).toBe('paused');
      await tab.keyboard.press('r');
      await tab.waitForFunction(() => document.getElementById('state')?.dataset.status === 'ready');
      expect((await stateOf(tab)).epoch).toBe('0');
      await tab.keyboard.press('b');
      await tab.waitForFunction(() => document.getElementById('state')?.dataset.batch === '1');
      expect(await stateOf(tab)).toMatchObject({ status: 'paused', epoch: '0' });
      expect(await tab.textContent('#state')).toContain('epoch 0 + 1 batch');
      expect(errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('trains on a CSV dropped on the page (three classes), drawing its decision regions', async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(tab);
    const centers = [[-3, -2], [3, -2], [0, 3]];
    const rows = Array.from({ length: 90 }, (_, i) => {
      const c = i % 3;
      const t = (i * 2.399963) % (2 * Math.PI);
      return `${(centers[c][0] + Math.cos(t) * (i % 7) * 0.2).toFixed(3)},${(centers[c][1] + Math.sin(t) * (i % 5) * 0.25).toFixed(3)},${c}`;
    });
    try {
      await tab.goto(`${server.url}playground.html#layers=6&activations=tanh&epochs=40&lr=0.02`);
      await tab.waitForFunction(() => document.getElementById('state')?.dataset.status === 'ready');
      // Dropped on the page, as a user drags a file from their desktop.
      await tab.evaluate((text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'blobs.csv', { type: 'text/csv' }));
        document.querySelector('main')?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }, `a,b,class\n${rows.join('\n')}\n`);
      await tab.waitForFunction(() => document.getElementById('state')?.dataset.status === 'ready' && location.hash.includes('data=csv'));
      await tab.keyboard.press('t');
      await tab.waitForFunction(() => document.getElementById('state')?.dataset.status === 'done', null, { timeout: 30_000 });
      const shown = await stateOf(tab);
      expect(Number(shown.testAccuracy)).toBeGreaterThan(0.9);
      expect(await tab.isVisible('#heatmap')).toBe(true);
      await tab.screenshot({ path: join(SCREENSHOTS, 'playground-csv.png') });
      expect(errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
