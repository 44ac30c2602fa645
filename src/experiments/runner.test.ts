// The grid runner: finished cells are kept, a failing cell does not stop the others, an
// interrupted grid continues, and --jobs 2 runs cells in child processes (needs the built CLI).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Experiment } from './experiment.js';
import { runExperiment, type GridEvents } from './runner.js';

// A tiny real grid: MNIST through a small MLP, on a small training subset via a large validation split.
const tiny: Experiment = {
  name: 'tiny',
  summary: 'test grid',
  cells: [
    { id: 'relu', label: 'relu', config: { model: 'mlp:8', epochs: 1, valSplit: 58_000, batch: 64, threads: 1 } },
    { id: 'broken', label: 'broken', config: { model: 'mlp:8', epochs: 1, activation: 'nosuchthing', threads: 1 } },
    { id: 'gumbel', label: 'gumbel', config: { model: 'mlp:8', epochs: 1, valSplit: 58_000, batch: 64, activation: 'adaptiveGumbel', threads: 1 } },
  ],
  discussion: () => '',
};

const quiet = { hooks: () => ({}), overrides: {} };

/** A cell's folder: <out>/<cell id>-<hash of its settings>. */
const cellDir = (out: string, id: string) => join(out, readdirSync(out).find((n) => new RegExp(`^${id}-[0-9a-f]{12}$`).test(n)) ?? id);

/** Events as lines: "<cell>: started|resumed", "<cell>: kept|finished|failed". */
function recorder(lines: string[]): Partial<GridEvents> {
  return {
    started: (cell, resuming) => lines.push(`${cell.id}: ${resuming ? 'resumed' : 'started'}`),
    ended: (r, how) => lines.push(`${r.cell.id}: ${how}`),
  };
}

describe('grid runner', () => {
  it('keeps finished cells, reports a failing one without stopping, and resumes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'actlab-grid-'));
    const lines: string[] = [];
    const first = await runExperiment(tiny, { ...quiet, out, jobs: 1, events: recorder(lines) });
    expect(first.map((r) => r.summary?.status ?? null)).toEqual(['finished', null, 'finished']);
    expect(first[1].error).toMatch(/unknown activation 'nosuchthing'/);
    const kept = readFileSync(join(cellDir(out, 'relu'), 'summary.json'), 'utf8');
    // Simulate a killed run: the gumbel cell lost its summary but kept its checkpoint.
    rmSync(join(cellDir(out, 'gumbel'), 'summary.json'));
    lines.length = 0;
    const second = await runExperiment(tiny, { ...quiet, out, jobs: 1, events: recorder(lines) });
    expect(lines).toContain('relu: kept');
    expect(lines).toContain('gumbel: resumed');
    expect(readFileSync(join(cellDir(out, 'relu'), 'summary.json'), 'utf8')).toBe(kept);
    expect(second[2].summary?.status).toBe('finished');
    // Other settings in the same folder would mix two experiments in one table: refused before any training.
    await expect(runExperiment(tiny, { ...quiet, overrides: { lr: 0.5 }, out, jobs: 1, events: {} })).rejects.toThrow(
      /relu trained with lr = 0\.001, but this run asks for 0\.5: give another --out/,
    );
  }, 300_000);

  it('starts the dearest cells first and reports in the experiment’s order', async () => {
    const out = mkdtempSync(join(tmpdir(), 'actlab-grid-'));
    const weighted: Experiment = { ...tiny, cells: [{ ...tiny.cells[0], weight: 1 }, { ...tiny.cells[2], weight: 8 }] };
    const lines: string[] = [];
    const results = await runExperiment(weighted, { ...quiet, out, jobs: 1, events: recorder(lines) });
    expect(lines.filter((l) => l.endsWith(': started')).map((l) => l.split(':')[0])).toEqual(['gumbel', 'relu']);
    expect(results.map((r) => r.cell.id)).toEqual(['relu', 'gumbel']);
  }, 300_000);

  const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
  it.skipIf(!existsSync(cli))('runs cells in child processes with --jobs 2', async () => {
    const out = mkdtempSync(join(tmpdir(), 'actlab-grid-'));
    // The child processes run the built CLI next to dist/experiments; point the runner there.
    const { runExperiment: builtRun } = (await import(new URL('../../dist/experiments/runner.js', import.meta.url).href)) as typeof import('./runner.js');
    const lines: string[] = [];
    const results = await builtRun(tiny, { ...quiet, out, jobs: 2, events: recorder(lines) });
    expect(results.map((r) => r.summary?.status ?? null)).toEqual(['finished', null, 'finished']);
    expect(readFileSync(join(out, 'logs', 'relu.log'), 'utf8')).toMatch(/^epoch 1\/1 /m);
    expect(results[1].error).toMatch(/unknown activation/);
  }, 300_000);
});
