// The explorer's catalog page in Chromium: every catalog entry listed, curves that follow the sliders, formulas typed
// in (plotted, or refused inline with the position), the view restored from the URL, usable at phone width.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActivations } from '../../src/index.js';
import { serveWebsite, type WebServer } from '../../src/node/web-server.js';
import { chromiumMissing, collectErrors, launchChromium, REPO_ROOT } from './chromium.js';

/** Where web.test.ts saves its screenshots too. */
const SCREENSHOTS = process.env.ACTLAB_SCREENSHOTS ?? join(tmpdir(), 'actlab-screenshots');

const SITE = join(REPO_ROOT, 'dist', 'web');
const missing = chromiumMissing() ?? (existsSync(join(SITE, 'index.html')) ? null : 'no dist/web: run `npm run build`');

/** Waits until the page's URL hash (decoded) holds `text` (the page writes it once the view rests). */
const hashHolds = (tab: Page, text: string) => tab.waitForFunction((t) => decodeURIComponent(location.hash).includes(t), text);

/** The path of each series on a chart, in order. */
const curvesOf = (tab: Page, chart: string) => tab.$$eval(`${chart} g[clip-path] path`, (paths) => paths.map((p) => p.getAttribute('d') ?? ''));

describe.skipIf(missing !== null)('the catalog page', () => {
  let browser: Browser;
  let server: WebServer;
  let tab: Page;
  let errors: string[];
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveWebsite(SITE)]);
    tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = collectErrors(tab);
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('lists every catalog entry and plots the default view, each formula typeset', async () => {
    await tab.goto(`${server.url}index.html`);
    await tab.waitForSelector('#chart-f g[clip-path] path');
    const names = await tab.$$eval('#entries input[type=checkbox]', (boxes) => boxes.map((b) => b.getAttribute('data-name')));
    expect(names.length).toBe(listActivations().length);
    expect(new Set(names)).toEqual(new Set(listActivations().map((a) => a.name)));
    expect(await tab.$$eval('#entries input:checked', (boxes) => boxes.map((b) => b.getAttribute('data-name')))).toEqual(['relu', 'swish']);
    expect(await curvesOf(tab, '#chart-f')).toHaveLength(2);
    expect(await tab.$$eval('.card .tex .katex', (k) => k.length)).toBe(2);
    // relu is flat left of 0: a shaded band there.
    expect(await tab.$$eval('#chart-dfdx g[clip-path] rect title', (t) => t.map((e) => e.textContent))).toContain('relu: |∂f/∂x| < 0.01');
    await tab.screenshot({ path: join(SCREENSHOTS, 'catalog-1280.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('redraws the curve when a slider moves (by keyboard), and keeps the value in the URL', async () => {
    const slider = tab.locator('#cards [data-name="swish"] input[type=range][data-param="beta"]');
    const before = await curvesOf(tab, '#chart-f');
    await slider.focus();
    for (let i = 0; i < 50; i++) await tab.keyboard.press('ArrowRight');
    const after = await curvesOf(tab, '#chart-f');
    expect(after[0]).not.toBe(before[0]);
    const beta = Number(await tab.inputValue('#cards [data-name="swish"] input[type=number]'));
    expect(beta).toBeGreaterThan(1);
    await hashHolds(tab, `f=swish|beta=${beta}`);
    expect(errors).toEqual([]);
  });

  it('plots a typed formula with a slider for its parameter, and refuses a bad one inline at its position', async () => {
    // Plotted as it is typed: each valid text replaces the one before, until Enter keeps it.
    await tab.fill('#formula', 'x * tanh(a * x); a = 3');
    await tab.locator('#cards section[data-name="formula:x * tanh(a * x);a=3"]').waitFor();
    await tab.fill('#formula', 'x * tanh(a * x); a = 2');
    const card = tab.locator('#cards section[data-name="formula:x * tanh(a * x);a=2"]');
    await card.waitFor();
    await tab.press('#formula', 'Enter');
    expect(await tab.locator('#cards section').count()).toBe(3);
    expect(await card.locator('.katex').count()).toBe(1);
    expect(await card.locator('input[type=range][data-param="a"]').count()).toBe(1);
    expect(await curvesOf(tab, '#chart-f')).toHaveLength(3);
    expect(await curvesOf(tab, `#${await card.getAttribute('id')} svg`)).toHaveLength(1);

    await tab.fill('#formula', 'x * sigmod(x)');
    await tab.press('#formula', 'Enter');
    const status = tab.locator('#formula-status .error');
    await status.waitFor();
    expect(await status.textContent()).toMatch(/^at character 5: unknown function 'sigmod'/);
    expect(await tab.textContent('#formula-status pre.caret')).toBe('x * sigmod(x)\n    ^');
    expect(await tab.getAttribute('#formula', 'aria-invalid')).toBe('true');
    expect(await curvesOf(tab, '#chart-f')).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  it('restores the view from its URL in a new tab: functions, parameters, x range, the same curves', async () => {
    await tab.fill('#x-from', '-2');
    await tab.press('#x-from', 'Tab');
    await hashHolds(tab, 'x=-2,5');
    const url = tab.url();
    const curves = await curvesOf(tab, '#chart-f');
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const otherErrors = collectErrors(other);
    try {
      await other.goto(url);
      await other.waitForSelector('#chart-f g[clip-path] path');
      expect(await other.inputValue('#x-from')).toBe('-2');
      expect(await curvesOf(other, '#chart-f')).toEqual(curves);
      expect(await other.locator('#cards section').count()).toBe(3);
      expect(otherErrors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('plots every catalog entry alone, with no error, each with a ∂f/∂p curve per parameter', async () => {
    for (const a of listActivations()) {
      await tab.evaluate((name) => (location.hash = `f=${name}`), a.name);
      await tab.waitForSelector(`#cards section[data-name="${a.name}"]`);
      const [f] = await curvesOf(tab, '#chart-f');
      expect(f, a.name).toMatch(/^M[\d.-]+,[\d.-]+(L[\d.-]+,[\d.-]+){100,}/);
      expect(await tab.isVisible('#cards .eval-error'), a.name).toBe(false);
      if (a.params.length > 0) expect(await curvesOf(tab, '#cards section svg'), a.name).toHaveLength(a.params.length);
    }
    expect(errors).toEqual([]);
  });

  it('puts a function on the charts and takes it off by keyboard (Space on its box, Enter on Remove)', async () => {
    await tab.evaluate(() => (location.hash = 'f=relu'));
    await tab.waitForSelector('#cards section[data-name="relu"]');
    await tab.focus('#entry-tanh');
    await tab.keyboard.press('Space');
    await tab.waitForSelector('#cards section[data-name="tanh"]');
    expect(await curvesOf(tab, '#chart-f')).toHaveLength(2);
    await tab.focus('#cards section[data-name="relu"] button');
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => document.querySelectorAll('#cards section').length === 1);
    expect(await tab.isChecked('#entry-relu')).toBe(false);
    await hashHolds(tab, 'f=tanh&x=-5,5');
    expect(decodeURIComponent(new URL(tab.url()).hash)).toBe('#f=tanh&x=-5,5');
    expect(errors).toEqual([]);
  });

  it('shades where a function is not defined (soft-exponential with α < 0: x ≤ 1/α − α)', async () => {
    await tab.evaluate(() => (location.hash = 'f=softExponential|alpha=-0.5'));
    await tab.waitForSelector('#cards section[data-name="softExponential"]');
    const titles = await tab.$$eval('#chart-f g[clip-path] rect title', (t) => t.map((e) => e.textContent));
    expect(titles).toContain('softExponential (alpha=-0.5): outside its domain (x ≤ -1.5)');
    expect(await tab.textContent('#cards section')).toContain('Defined for -1.5 < x < ∞.');
    expect(errors).toEqual([]);
  });

  it('filters the list by name, alias or family as the user types', async () => {
    const visible = () => tab.$$eval('#entries input[type=checkbox]', (boxes) => boxes.filter((b) => (b as HTMLElement).offsetParent !== null).map((b) => b.getAttribute('data-name')));
    await tab.fill('#entry-filter', 'gumbel');
    expect(await visible()).toEqual(['adaptiveGumbel']);
    await tab.fill('#entry-filter', 'LeakyReLU');
    expect(await visible()).toEqual(['leakyRelu']);
    await tab.fill('#entry-filter', 'vector soft');
    expect(await visible()).toEqual(['logSoftmax', 'softmax', 'softmin']);
    await tab.fill('#entry-filter', '');
    expect(await visible()).toHaveLength(listActivations().length);
  });

  it('says what in a link it cannot show, and shows the rest', async () => {
    await tab.goto(`${server.url}index.html#f=adaptiveRelu|alpha=2.5&f=nosuch&x=-3,3`);
    await tab.waitForSelector('#problems .error');
    expect(await tab.textContent('#problems')).toMatch(/unknown activation 'nosuch'/);
    expect(await tab.inputValue('#cards [data-name="adaptiveRelu"] input[type=number]')).toBe('2.5');
    expect(await tab.$$eval('#entries input:checked', (boxes) => boxes.map((b) => b.getAttribute('data-name')))).toEqual(['adaptiveRelu']);
  });

  it('fits a phone screen (390 px) without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const phoneErrors = collectErrors(phone);
    try {
      await phone.goto(`${server.url}index.html#f=swish|beta=1.5&f=softExponential&f=formula:x*sigmoid(b*x);b=1`);
      await phone.waitForSelector('#chart-f g[clip-path] path');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: join(SCREENSHOTS, 'catalog-390.png') });
      await phone.locator('#cards').scrollIntoViewIfNeeded();
      await phone.screenshot({ path: join(SCREENSHOTS, 'catalog-390-cards.png') });
      expect(phoneErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
