// The chart thread's life: it reports a failed drawing and goes on, and an idle thread lets the process end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { chartThread } from './chart-thread.js';

const bar: TopLevelSpec = { data: { values: [{ a: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' } } };

describe('chart thread', () => {
  it('rejects a spec vega cannot draw with where it failed, then draws the next chart', async () => {
    const bad = { ...bar, mark: 'no-such-mark' } as unknown as TopLevelSpec;
    await expect(chartThread().draw({ spec: bad, svg: null, png: false, scale: 1 })).rejects.toThrow(/^drawing a chart failed: TypeError: .*\n.*vega-lite/);
    const { svg, png } = await chartThread().draw({ spec: bar, svg: null, png: true, scale: 1 });
    expect(svg).toMatch(/^<svg/);
    expect(png?.length).toBeGreaterThan(100);
  });

  // The built module in a fresh process: a thread started and never used must not hold the process open.
  const render = fileURLToPath(new URL('../../dist/report/render.js', import.meta.url));
  it.skipIf(!existsSync(render))('lets a process that started it and drew nothing exit', () => {
    // A script file: under `node -e` the process ended even with the thread held open, so the test could not fail.
    const dir = mkdtempSync(join(tmpdir(), 'actlab-chart-thread-'));
    const script = join(dir, 'start.mjs');
    writeFileSync(script, `const r = await import(${JSON.stringify(pathToFileURL(render).href)});\nr.prepareCharts();\n`);
    try {
      const child = spawnSync(process.execPath, [script], { timeout: 20_000 });
      expect(child.error).toBeUndefined();
      expect(child.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
