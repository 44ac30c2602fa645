// The explorer's run viewer in Chromium, on run directories `actlab train` and `actlab experiment` make here: one
// run picked as a folder (summary, curves, learned shapes from its checkpoint, histograms, settings), a folder of two
// runs, a cross-validated experiment cell, files dropped, a run with a torn metrics line, files that are not a run.
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebsite, type WebServer } from '../../src/node/web-server.js';
import { chromiumMissing, collectErrors, launchChromium, REPO_ROOT } from './chromium.js';

const SITE = join(REPO_ROOT, 'dist', 'web');
const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const missing = chromiumMissing() ?? (existsSync(join(SITE, 'viewer.html')) ? null : 'no dist/web: run `npm run build`');
const SCREENSHOTS = process.env.ACTLAB_SCREENSHOTS ?? join(tmpdir(), 'actlab-screenshots');

/** A tiny run (simulated teacher data, 400 examples, two small layers, 3 epochs: about 2 s) in `dir`. */
async function trainRun(dir: string, activation: string): Promise<void> {
  const args = ['train', '--dataset', 'teacher', '--teacher-examples', '400', '--model', 'mlp:8,6', '--activation', activation, '--epochs', '3', '--threads', '1', '--out', dir];
  await promisify(execFile)(process.execPath, [CLI, ...args]);
}

/** One cell of `actlab experiment paper-table1`, small: 5 folds of 200 teacher examples, 2 epochs (about 3 s). */
async function crossValidatedCell(dir: string): Promise<void> {
  const args = ['experiment', 'paper-table1', '--cell', '1', '--epochs', '2', '--teacher-examples', '200', '--out', dir];
  await promisify(execFile)(process.execPath, [CLI, ...args]);
}

describe.skipIf(missing !== null)('the run viewer', () => {
  let browser: Browser;
  let server: WebServer;
  let tab: Page;
  let errors: string[];
  const root = mkdtempSync(join(tmpdir(), 'actlab-viewer-'));
  const experiment = join(root, 'experiment');
  const table1 = join(root, 'table1');
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveWebsite(SITE)]);
    await Promise.all([...['adaptiveGumbel', 'relu'].map((a) => trainRun(join(experiment, a), a)), crossValidatedCell(table1)]);
    tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = collectErrors(tab);
    await tab.goto(`${server.url}viewer.html`);
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000); // two small trainings, slower on a loaded machine
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('shows a run folder: summary, curves per epoch, learned shapes from its checkpoint, histograms, settings', async () => {
    const run = join(experiment, 'adaptiveGumbel');
    await tab.setInputFiles('#run-folder', run);
    await tab.waitForSelector('article.run[data-loaded="checkpoint.safetensors"]');
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    expect(await tab.textContent('article.run table')).toContain(`${(100 * summary.final.testAccuracy).toFixed(2)} %`);
    for (const chart of ['svg.curve-loss', 'svg.curve-accuracy']) {
      const paths = await tab.$$eval(`${chart} g[clip-path] path`, (ps) => ps.map((p) => p.getAttribute('d') ?? ''));
      expect(paths).toHaveLength(2); // train and validation
      expect(paths.every((d) => (d.match(/[ML]/g) ?? []).length === 3)).toBe(true); // 3 epochs
      const ticks = await tab.$$eval(`${chart} g.axis text[text-anchor="middle"]`, (ts) => ts.map((t) => t.textContent));
      expect(ticks).toEqual(['1', '2', '3', 'epoch']);
    }
    const records = JSON.parse(readFileSync(join(run, 'activations.json'), 'utf8')) as { layer: string; learned: { alpha: number[] } }[];
    expect(await tab.$$eval('figure.shape', (fs) => fs.map((f) => f.getAttribute('data-layer')))).toEqual(records.map((r) => r.layer));
    // One bar tooltip per bin, "lo to hi: count": the counts add up to the layer's slots.
    for (const r of records) {
      const titles = await tab.$$eval(`figure.histogram[data-param="${r.layer}.alpha"] rect title`, (ts) => ts.map((t) => t.textContent ?? ''));
      expect(titles.reduce((s, t) => s + Number(t.split(': ')[1]), 0)).toBe(r.learned.alpha.length);
    }
    expect(await tab.textContent('article.run')).toContain('adaptiveGumbel');
    await tab.screenshot({ path: join(SCREENSHOTS, 'viewer-run.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows an experiment folder as a table of its runs, and a run when its row is chosen', async () => {
    await tab.setInputFiles('#run-folder', experiment);
    await tab.waitForSelector('#runs tbody tr');
    expect(await tab.$$eval('#runs tbody tr td:first-child', (tds) => tds.map((t) => t.textContent))).toEqual(['experiment/adaptiveGumbel', 'experiment/relu']);
    expect(await tab.$$eval('.experiment svg g[clip-path] path', (ps) => ps.length)).toBe(2);
    await tab.click('#runs button:text("experiment/relu")');
    await tab.waitForSelector('article.run[data-path="experiment/relu"][data-loaded]');
    expect(await tab.textContent('article.run h2')).toBe('Run experiment/relu');
    expect(await tab.$$eval('#runs button[aria-pressed="true"]', (bs) => bs.map((b) => b.textContent))).toEqual(['experiment/relu']);
    expect(await tab.textContent('article.run .histograms')).toBe('No learnable parameter with more than one slot.');
    expect(await tab.textContent('figure.shape .legend')).toContain('fixed');
    await tab.screenshot({ path: join(SCREENSHOTS, 'viewer-experiment.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('fits a phone screen (390 px) without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const phoneErrors = collectErrors(phone);
    try {
      await phone.goto(`${server.url}viewer.html`);
      await phone.setInputFiles('#run-folder', join(experiment, 'adaptiveGumbel'));
      await phone.waitForSelector('article.run[data-loaded]');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: join(SCREENSHOTS, 'viewer-390.png'), fullPage: true });
      expect(phoneErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it("shows a cross-validated experiment cell: its summary's pooled histograms, and each fold as a run", async () => {
    await tab.setInputFiles('#run-folder', table1);
    await tab.waitForSelector('#runs tbody tr');
    const paths = await tab.$$eval('#runs tbody tr td:first-child', (tds) => tds.map((t) => t.textContent ?? ''));
    expect(paths).toHaveLength(6);
    expect(paths[0]).toMatch(/^table1\/teacher-1-sig--student-agumb-[0-9a-f]{12}$/);
    expect(paths.slice(1)).toEqual([1, 2, 3, 4, 5].map((k) => `${paths[0]}/fold-${k}`));
    await tab.waitForSelector('article.run[data-loaded="summary.json"]');
    const titles = await tab.$$eval('figure.histogram[data-param="act0.alpha"] rect title', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(titles.reduce((s, t) => s + Number(t.split(': ')[1]), 0)).toBe(50); // 10 neurons in each of 5 folds
    await tab.click(`#runs button:text("${paths[0]}/fold-3")`);
    await tab.waitForSelector('article.run[data-loaded="checkpoint.safetensors"]');
    expect(await tab.$$eval('svg.curve-loss g[clip-path] path', (ps) => ps.length)).toBe(2);
    expect(errors).toEqual([]);
  });

  it('takes files dropped on the page', async () => {
    const run = join(experiment, 'relu');
    const files = ['config.json', 'metrics.jsonl', 'summary.json', 'activations.json'].map((name) => ({ name, text: readFileSync(join(run, name), 'utf8') }));
    await tab.evaluate((given) => {
      const data = new DataTransfer();
      for (const f of given) data.items.add(new File([f.text], f.name));
      document.querySelector('#drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, files);
    await tab.waitForSelector('article.run[data-path=""][data-loaded="activations.json"]');
    expect(await tab.textContent('#status')).toBe('1 run read from 4 files.');
    expect(await tab.$$eval('figure.shape', (fs) => fs.length)).toBe(2);
    expect(errors).toEqual([]);
  });

  it('says which metrics line it could not read, and shows the rest', async () => {
    const torn = join(root, 'torn');
    cpSync(join(experiment, 'adaptiveGumbel'), torn, { recursive: true });
    appendFileSync(join(torn, 'metrics.jsonl'), '{"epoch":4,"trainLo');
    await tab.setInputFiles('#run-folder', torn);
    await tab.waitForSelector('article.run[data-loaded]');
    expect(await tab.textContent('article.run .problems')).toContain("metrics.jsonl line 4 is not epoch 4's record");
    expect(await tab.$$eval('svg.curve-loss g[clip-path] path', (ps) => ps.length)).toBe(2);
    expect(errors).toEqual([]);
  });

  it('says clearly when the files are not a run', async () => {
    const other = join(root, 'photos');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'not a run');
    await tab.setInputFiles('#run-folder', other);
    const message = await tab.waitForSelector('#status .error');
    expect(await message.textContent()).toMatch(/^Not an actlab run: photos\/notes\.txt\. A run folder holds config\.json, metrics\.jsonl/);
    expect(await tab.$$('article.run')).toHaveLength(0);
    expect(errors).toEqual([]);
  });
});
