// The memory estimate: built on an engine that only counts, it must cover what a real session allocates (its
// network, what activations keep for backward, the trainer's buffers) without overstating it much.
import { describe, expect, it } from 'vitest';
import type { ExampleSource } from '../data/source.js';
import { resolveConfig } from './config.js';
import { formatBytes, sessionBytes } from './memory.js';
import { createSession, type DataSplits } from './setup.js';
import { freshStart, train } from './trainer.js';

/** n examples of `shape` with `classes` classes (all zeros: only the sizes matter here). */
function zeros(shape: number[], classes: number, n: number): DataSplits {
  const size = shape.reduce((a, b) => a * b, 1);
  const source: ExampleSource = {
    count: n,
    sampleShape: shape,
    classes,
    fillInputs: (indices, offset, batch, out) => {
      const k = Math.min(batch, indices.length - offset);
      out.fill(0, 0, k * size);
      return k;
    },
    fillTargets: (indices, offset, batch, out) => {
      const k = Math.min(batch, indices.length - offset);
      for (let i = 0; i < k; i++) out[i] = indices[offset + i] % classes;
      return k;
    },
  };
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  return { train: source, trainIndices: all, valIndices: all.subarray(0, 8), test: source, testIndices: all.subarray(0, 8) };
}

const cases = [
  { name: 'MLP with adaptive Gumbel (keeps 3 floats per value)', shape: [20], classes: 3, config: { model: 'mlp:64,32', activation: 'adaptiveGumbel', batch: 700 } },
  { name: 'MLP with SGD momentum and dropout', shape: [30], classes: 2, config: { model: 'mlp:40', optimizer: 'sgd', momentum: 0.9, dropout: 0.2, batch: 16 } },
  { name: 'LeNet-5 with batch norm and PReLU', shape: [28, 28, 1], classes: 10, config: { model: 'lenet5', activation: 'prelu', batch: 32 } },
  { name: 'strided same-padded conv with avg pooling', shape: [12, 12, 3], classes: 4, config: { model: 'conv:6x3:s2:same,bn,avgpool:2,dense:10', batch: 8 } },
];

describe('sessionBytes', () => {
  it.each(cases)('covers what a session of $name allocates, within 5 %', async ({ shape, classes, config }) => {
    const c = resolveConfig([{ source: 'test', values: { threads: 1, epochs: 1, ...config } }]);
    const data = zeros(shape, classes, Math.max(64, c.batch));
    const s = await createSession(c, data);
    try {
      // One epoch and the evaluations: every lazily allocated buffer exists afterwards.
      train(s, freshStart());
      const used = s.engine.bytesInUse!();
      const estimate = sessionBytes({ config: c, inputShape: shape, outputUnits: s.outputUnits, activation: s.activation, convActivation: s.convActivation }, s.maxBatch);
      expect(estimate).toBeGreaterThanOrEqual(used * 0.97);
      expect(estimate).toBeLessThanOrEqual(used * 1.05);
    } finally {
      s.engine.dispose();
    }
  }, 120_000);

  it('refuses a model and batch that do not fit, naming the bytes needed and available and what to reduce', async () => {
    const c = resolveConfig([{ source: 'test', values: { model: 'lenet5', batch: 65536, threads: 1 } }]);
    await expect(createSession(c, zeros([28, 28, 1], 10, 8))).rejects.toThrow(
      /need 4\d\.\d GiB of engine memory, more than the 1\.00 GiB available: .* per sample × 65536 samples \(--batch 65536\); reduce --batch/,
    );
    const wide = resolveConfig([{ source: 'test', values: { model: 'mlp:100000,100000', threads: 1 } }]);
    await expect(createSession(wide, zeros([784], 10, 8))).rejects.toThrow(/reduce the layer sizes in --model/);
  });

  it('formats byte counts', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.00 GiB');
  });
});
