// dist/browser as `npm run build` leaves it: one ES module, its source map and the two kernel files, a folder that
// works wherever it is copied (the bundle fetches its kernels from beside itself). Runs without a browser: Node
// imports the bundle as well, and reads file: URLs.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Actlab from '../../src/index.js';
import { REPO_ROOT } from './chromium.js';

const folder = join(REPO_ROOT, 'dist', 'browser');

describe.skipIf(!existsSync(join(folder, 'actlab.js')))('the browser build', () => {
  it('is one module with its map and kernels, and names no node: module', () => {
    expect(readdirSync(folder).sort()).toEqual(['actlab.js', 'actlab.js.map', 'kernels-unshared.wasm', 'kernels.wasm']);
    const source = readFileSync(join(folder, 'actlab.js'), 'utf8');
    expect(source).not.toMatch(/from\s*["']node:|import\(["']node:|\.\.\/\.\.\/build/);
    expect(source).toMatch(/new URL\("\.\/kernels\.wasm",\s*import\.meta\.url\)/);
    expect(source).toMatch(/new URL\("\.\/kernels-unshared\.wasm",\s*import\.meta\.url\)/);
    for (const file of ['kernels.wasm', 'kernels-unshared.wasm']) expect(readFileSync(join(folder, file))).toEqual(readFileSync(join(REPO_ROOT, 'build', file)));
  });

  it('trains from a copy of its folder anywhere, finding its kernels beside it', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'actlab-browser-'));
    cpSync(folder, copy, { recursive: true });
    const actlab = (await import(pathToFileURL(join(copy, 'actlab.js')).href)) as typeof Actlab;
    const data = { x: [[0, 0], [0, 1], [1, 0], [1, 1], [0, 0.2], [1, 0.8]], y: [0, 1, 1, 0, 0, 1] };
    const { summary, model } = await actlab.train({ data, epochs: 2, threads: 1, valSplit: 2 });
    expect(summary.status).toBe('finished');
    model.dispose();
  });
});
