// Reading a run's records from files given to the page: what is read, and what is said about what cannot be.
import { describe, expect, it } from 'vitest';
import { folders } from './run-files.js';
import { isRunFolder, readRun } from './run-record.js';

const file = (path: string, text: string) => ({ path, file: new File([text], path.split('/').pop()!) });
const epoch = (k: number) => JSON.stringify({ epoch: k, trainLoss: 1 / k, trainAccuracy: 0.5, valLoss: null, valAccuracy: null, seconds: 1, samplesPerSecond: 1, activationMeans: {} });

describe('run folders', () => {
  it('groups files by folder, and knows a run folder by its files', () => {
    const given = [file('exp/b/config.json', '{}'), file('exp/experiment.json', '{}'), file('exp/a/metrics.jsonl', ''), file('exp/a/curves.png', '')];
    const found = folders(given);
    expect(found.map((f) => [f.path, [...f.files.keys()]])).toEqual([
      ['exp', ['experiment.json']],
      ['exp/a', ['metrics.jsonl', 'curves.png']],
      ['exp/b', ['config.json']],
    ]);
    expect(found.map(isRunFolder)).toEqual([false, true, true]);
  });

  it('reads the epochs up to a torn line, and says which line it left out', async () => {
    const [f] = folders([file('r/metrics.jsonl', `${epoch(1)}\n${epoch(2)}\n{"epoch":3,"trai\n${epoch(4)}\n`)]);
    const run = await readRun(f);
    expect(run.metrics.map((m) => m.epoch)).toEqual([1, 2]);
    expect(run.problems).toEqual(["metrics.jsonl line 3 is not epoch 3's record: it and the 1 line(s) after it are left out"]);
  });

  it('names a file that is not valid JSON or not what actlab writes, and reads the others', async () => {
    const [f] = folders([
      file('r/config.json', '{"model": "mlp:8"'),
      file('r/summary.json', '{"name": "something else"}'),
      file('r/activations.json', '[1, 2]'),
      file('r/metrics.jsonl', `${epoch(1)}\n`),
    ]);
    const run = await readRun(f);
    expect(run.config).toBeNull();
    expect(run.summary).toBeNull();
    expect(run.activations).toBeNull();
    expect(run.metrics).toHaveLength(1);
    expect(run.problems).toHaveLength(3);
    expect(run.problems[0]).toMatch(/^config\.json is not valid JSON \(/);
    expect(run.problems[1]).toBe('summary.json is not what actlab writes: no status, epochs, final');
    expect(run.problems[2]).toBe('activations.json is not what actlab writes: expected a list of {layer, activation, initial, learned}');
  });
});
