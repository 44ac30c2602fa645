// The trainer on a small synthetic problem: resume gives bitwise-equal weights, the NaN guard
// stops at once and keeps the last good checkpoint, and bad configs are refused clearly.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExampleSource } from '../data/source.js';
import { Rng } from '../rng.js';
import { resolveConfig, type TrainConfig } from './config.js';
import { RUN_FILES, readMetrics, runDirectoryRecorder } from './run-dir.js';
import { createSession, type DataSplits, type Session } from './setup.js';
import { prepareStart } from './resume.js';
import { DivergedError, train as trainFrom, type TrainHooks } from './trainer.js';

/** Three Gaussian blobs in 6 dimensions. */
function blobs(count: number, seed: number): ExampleSource {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: count * 6 }, () => rng.normal());
  const y = Float32Array.from({ length: count }, (_, i) => i % 3);
  for (let i = 0; i < count; i++) x[i * 6 + y[i]] += 3;
  return {
    count,
    sampleShape: [6],
    classes: 3,
    fillInputs(indices, offset, batch, out) {
      const n = Math.min(batch, indices.length - offset);
      for (let b = 0; b < n; b++) out.set(x.subarray(indices[offset + b] * 6, indices[offset + b] * 6 + 6), b * 6);
      return n;
    },
    fillTargets(indices, offset, batch, out) {
      const n = Math.min(batch, indices.length - offset);
      for (let b = 0; b < n; b++) out[b] = y[indices[offset + b]];
      return n;
    },
  };
}

function data(): DataSplits {
  const train = blobs(300, 1);
  return {
    train,
    trainIndices: Uint32Array.from({ length: 240 }, (_, i) => i),
    valIndices: Uint32Array.from({ length: 60 }, (_, i) => 240 + i),
    test: blobs(90, 2),
    testIndices: Uint32Array.from({ length: 90 }, (_, i) => i),
  };
}

function config(overrides: Record<string, unknown>): TrainConfig {
  return resolveConfig([{ source: 'test', values: { model: 'mlp:8,5', batch: 16, threads: 1, activation: 'adaptiveGumbel', dropout: 0, ...overrides } }]);
}

const tmp = () => mkdtempSync(join(tmpdir(), 'actlab-train-'));

/** Trains fresh or resumes, as runTraining does. */
const train = (s: Session, dir: string, resume: boolean, hooks?: TrainHooks) => trainFrom(s, prepareStart(s, dir, resume), runDirectoryRecorder(dir), hooks);

describe('trainer', () => {
  it('learns the blobs and records every epoch', async () => {
    const dir = tmp();
    const s = await createSession(config({ epochs: 3, lr: 0.02 }), data());
    const summary = train(s, dir, false);
    expect(summary.final.testAccuracy).toBeGreaterThan(0.9);
    expect(readMetrics(dir).map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(summary.activationParams.act0.alpha.count).toBe(8);
  });

  it('gives bitwise-equal weights for N epochs straight and N/2 + resume + N/2', async () => {
    const straight = tmp();
    train(await createSession(config({ epochs: 4 }), data()), straight, false);
    const split = tmp();
    train(await createSession(config({ epochs: 2 }), data()), split, false);
    train(await createSession(config({ epochs: 4 }), data()), split, true);
    const a = readFileSync(join(straight, RUN_FILES.checkpoint));
    const b = readFileSync(join(split, RUN_FILES.checkpoint));
    expect(Buffer.compare(a, b)).toBe(0);
    expect(readMetrics(split).map((m) => m.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('gives the same bits on 1 and 2 threads, with activation calls large enough to be split', async () => {
    // 16 × 512 = 8 192 activation values per call: the size from which they are split over threads.
    const checkpoints = [];
    for (const threads of [1, 2]) {
      const dir = tmp();
      const s = await createSession(config({ model: 'mlp:512', batch: 16, epochs: 2, threads }), data());
      expect(s.engine.threads).toBe(threads);
      train(s, dir, false);
      s.engine.dispose();
      checkpoints.push(readFileSync(join(dir, RUN_FILES.checkpoint)));
    }
    expect(Buffer.compare(checkpoints[0], checkpoints[1])).toBe(0);
  });

  it('resumes an interrupted cosine-schedule run onto the same weights as an uninterrupted one', async () => {
    const straight = tmp();
    train(await createSession(config({ epochs: 4, lrSchedule: 'cosine' }), data()), straight, false);
    // A run planned for 4 epochs, killed after its second checkpoint, then resumed with the same plan.
    const killed = tmp();
    const interrupt = (m: { epoch: number }) => {
      if (m.epoch === 2) throw new Error('killed');
    };
    await expect(async () => train(await createSession(config({ epochs: 4, lrSchedule: 'cosine' }), data()), killed, false, { onEpoch: interrupt })).rejects.toThrow('killed');
    // A metrics line past the checkpoint (as a run killed between the two writes would leave) is dropped on resume.
    appendFileSync(join(killed, RUN_FILES.metrics), `${JSON.stringify({ ...readMetrics(killed)[1], epoch: 3, trainLoss: -1 })}\n`);
    train(await createSession(config({ epochs: 4, lrSchedule: 'cosine' }), data()), killed, true);
    expect(Buffer.compare(readFileSync(join(straight, RUN_FILES.checkpoint)), readFileSync(join(killed, RUN_FILES.checkpoint)))).toBe(0);
    expect(readMetrics(killed).map((m) => [m.epoch, m.trainLoss >= 0])).toEqual([1, 2, 3, 4].map((e) => [e, true]));
    // The schedule did act: the constant-rate run ends elsewhere.
    const constant = tmp();
    train(await createSession(config({ epochs: 4 }), data()), constant, false);
    expect(Buffer.compare(readFileSync(join(straight, RUN_FILES.checkpoint)), readFileSync(join(constant, RUN_FILES.checkpoint)))).not.toBe(0);
  });

  it('stops on the first non-finite loss, records where, and keeps the last good checkpoint', async () => {
    const dir = tmp();
    train(await createSession(config({ epochs: 1 }), data()), dir, false);
    const good = readFileSync(join(dir, RUN_FILES.checkpoint));
    const s = await createSession(config({ epochs: 3, optimizer: 'sgd', lr: 1e30 }), data());
    let error: unknown;
    try {
      train(s, dir, true);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergedError);
    expect((error as DivergedError).exitCode).toBe(3);
    expect((error as Error).message).toMatch(/diverged at epoch 2, batch \d+ \(step \d+\), in \w+/);
    const summary = JSON.parse(readFileSync(join(dir, RUN_FILES.summary), 'utf8'));
    expect(summary.status).toBe('diverged');
    expect(summary.diverged.epoch).toBe(2);
    expect(summary.diverged.batch).toBeLessThanOrEqual(3);
    expect(Buffer.compare(readFileSync(join(dir, RUN_FILES.checkpoint)), good)).toBe(0);
  });

  it('refuses bad configs, naming the value and what was expected', () => {
    expect(() => config({ batch: 0 })).toThrow(/batch: 0 is outside the valid range \[1, 65536\]/);
    expect(() => config({ lr: 'fast' })).toThrow(/lr: 'fast' is not a finite number/);
    expect(() => config({ optimizer: 'adagrad' })).toThrow(/'adagrad' is not one of adam, sgd/);
    expect(() => config({ epochs: 1.5 })).toThrow(/epochs: 1.5 is not a whole number/);
    expect(() => config({ learningRate: 1 })).toThrow(/unknown option 'learningRate'/);
  });

  it('warns where an activation that overflows has no batch norm before it', async () => {
    const warnings = (model: string) => async () => {
      const seen: string[] = [];
      try {
        train(await createSession(config({ epochs: 1, activation: 'softExponential', model }), data()), tmp(), false, { onWarning: (w) => seen.push(w) });
      } catch (err) {
        // Without batch norm these blobs overflow it within the epoch: the divergence repeats the advice.
        expect((err as Error).message).toMatch(/in act\d: .*; soft-exponential with α > 0 grows .*; no epoch had finished/);
      }
      return seen;
    };
    expect(await warnings('mlp:8,5')()).toEqual([expect.stringMatching(/^act0, act1: soft-exponential with α > 0 grows as e\^\(αx\) .*put batch norm before it/)]);
    expect(await warnings('dense:8,bn,dense:5,bn')()).toEqual([]);
  });

  it('refuses unknown activations and models before training', async () => {
    await expect(createSession(config({ activation: 'adaptiveGumble' }), data())).rejects.toThrow(/closest: adaptiveGumbel/);
    await expect(createSession(config({ model: 'mlp:8,x' }), data())).rejects.toThrow(/layer size 'x'/);
    await expect(createSession(config({ activation: 'softmax' }), data())).rejects.toThrow(/row-wise/);
  });
});
