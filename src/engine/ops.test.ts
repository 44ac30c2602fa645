import { describe, it, expect, beforeAll } from 'vitest';
import { Rng } from '../rng.js';
import { ShapeError, type Ops } from './ops.js';
import { createOps } from './setup.js';

let ops: Ops;
beforeAll(async () => {
  ops = await createOps({ initialBytes: 1 << 20 });
});

const rng = new Rng(3);
const randomArray = (n: number, lo = -2, hi = 2) => Array.from({ length: n }, () => Math.fround(rng.uniform(lo, hi)));
/** Lengths that cover whole vectors, every tail length and a single element. */
const LENGTHS = [1, 2, 3, 4, 5, 7, 8, 37];

describe('ops shape errors', () => {
  it('gemm names the operands and their dimensions', () => {
    const { arena } = ops;
    const a = arena.tensor([32, 784]), b = arena.tensor([700, 128]), c = arena.tensor([32, 128]);
    expect(() => ops.gemm(a, b, c)).toThrow(new ShapeError('gemm: op(A) is 32×784 but op(B) is 700×128: inner dimensions differ (784 ≠ 700)'));
    const w = arena.tensor([784, 128]);
    expect(() => ops.gemm(a, w, arena.tensor([128, 32]))).toThrow(/gemm: C is 128×32 but op\(A\)·op\(B\) is 32×128/);
    expect(() => ops.gemm(a, w, c, { transA: true })).toThrow(/op\(A\) is 784×32 but op\(B\) is 784×128/);
    expect(() => ops.gemm(a, w, c, { transA: true, transB: true })).toThrow(/Aᵀ·Bᵀ is not supported/);
    expect(() => ops.gemm(arena.tensor([784]), w, c)).toThrow(/A must be 2-D, got shape \[784\]/);
    expect(() => ops.gemm(a, w, c, { rows: [8, 40] })).toThrow(/rows \[8, 40\) are not a range inside 0..32/);
    expect(() => ops.gemm(a, w, c, { rows: [9, 8] })).toThrow(ShapeError);
    expect(() => ops.gemm(a, w, arena.tensor([32, 128], 'i32'))).toThrow(/C must be an f32 tensor, got i32/);
  });

  it('gemm refuses a C that overlaps A or B', () => {
    const { arena } = ops;
    const a = arena.tensor([4, 4]);
    const alias = { ...a, shape: [4, 4] };
    expect(() => ops.gemm(a, arena.tensor([4, 4]), alias)).toThrow(/C overlaps A/);
  });

  it('elementwise ops check lengths and dtypes', () => {
    const { arena } = ops;
    const x = arena.tensor([4, 3]);
    expect(() => ops.biasAdd(x, arena.tensor([4]))).toThrow(/biasAdd: bias has 4 elements \(shape \[4\]\), expected 3/);
    expect(() => ops.colSums(x, arena.tensor([4]))).toThrow(/colSums: out has 4 elements/);
    expect(() => ops.relu(x, arena.tensor([13]))).toThrow(/relu: operands must have equal lengths, got shapes \[4, 3\], \[13\]/);
    expect(() => ops.axpy(x, arena.tensor([12], 'i32'), 1)).toThrow(/axpy: operands must be f32 tensors, got i32/);
    expect(() => ops.adam(x, x, x, x, { lr: 1e-3, step: 0 })).toThrow(/step must be an integer ≥ 1/);
  });

  it('softmaxXent checks labels', () => {
    const { arena } = ops;
    const z = arena.tensor([2, 10]), d = arena.tensor([2, 10]), losses = arena.tensor([2]);
    expect(() => ops.softmaxXent(z, arena.tensor([2]), d, losses)).toThrow(/labels must be an i32 tensor, got f32/);
    expect(() => ops.softmaxXent(z, arena.tensorFrom([2], [3, 10], 'i32'), d, losses)).toThrow(/label 10 of row 1 is outside 0..9/);
    expect(() => ops.softmaxXent(z, arena.tensorFrom([3], [0, 1, 2], 'i32'), d, losses)).toThrow(/labels has 3 elements/);
  });
});

describe('elementwise kernels', () => {
  it('biasAdd adds the bias to every row; colSums accumulates column sums', () => {
    const { arena } = ops;
    for (const cols of LENGTHS) {
      const rows = 3;
      const xs = randomArray(rows * cols), bs = randomArray(cols), start = randomArray(cols);
      const x = arena.tensorFrom([rows, cols], xs), bias = arena.tensorFrom([cols], bs);
      ops.biasAdd(x, bias);
      expect([...arena.view(x)]).toEqual(xs.map((v, i) => Math.fround(v + bs[i % cols])));
      const out = arena.tensorFrom([cols], start);
      ops.colSums(x, out);
      const got = arena.view(x);
      const want = start.map((s, j) => s + got[j] + got[cols + j] + got[2 * cols + j]);
      arena.view(out).forEach((v, j) => expect(v).toBeCloseTo(want[j], 5));
    }
  });

  it('relu and its backward, with derivative 0 at x = 0', () => {
    const { arena } = ops;
    for (const n of LENGTHS) {
      const xs = randomArray(n);
      xs[0] = 0;
      const dys = randomArray(n);
      const x = arena.tensorFrom([n], xs), y = arena.tensor([n]), dy = arena.tensorFrom([n], dys), dx = arena.tensor([n]);
      ops.relu(x, y);
      expect([...arena.view(y)]).toEqual(xs.map((v) => Math.max(v, 0)));
      ops.reluBackward(x, dy, dx);
      expect([...arena.view(dx)]).toEqual(dys.map((g, i) => (xs[i] > 0 ? g : 0)));
    }
  });

  it('scale and axpy', () => {
    const { arena } = ops;
    for (const n of LENGTHS) {
      const xs = randomArray(n), ys = randomArray(n);
      const x = arena.tensorFrom([n], xs), y = arena.tensorFrom([n], ys);
      ops.axpy(x, y, 0.5);
      expect([...arena.view(y)]).toEqual(ys.map((v, i) => Math.fround(v + Math.fround(xs[i] * 0.5))));
      ops.scale(x, x, -3);
      expect([...arena.view(x)]).toEqual(xs.map((v) => Math.fround(v * -3)));
    }
  });

  it('adam follows PyTorch’s update over several steps', () => {
    const { arena } = ops;
    for (const n of LENGTHS) {
      const w0 = randomArray(n), hyper = { lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6 };
      const w = arena.tensorFrom([n], w0), g = arena.tensor([n]), m = arena.tensor([n]), v = arena.tensor([n]);
      const ref = { w: [...w0], m: new Array(n).fill(0), v: new Array(n).fill(0) };
      for (let step = 1; step <= 5; step++) {
        const gs = randomArray(n);
        arena.view(g).set(gs);
        ops.adam(w, g, m, v, { ...hyper, step });
        for (let i = 0; i < n; i++) {
          ref.m[i] = hyper.beta1 * ref.m[i] + (1 - hyper.beta1) * gs[i];
          ref.v[i] = hyper.beta2 * ref.v[i] + (1 - hyper.beta2) * gs[i] ** 2;
          const denom = Math.sqrt(ref.v[i]) / Math.sqrt(1 - hyper.beta2 ** step) + hyper.eps;
          ref.w[i] -= (hyper.lr / (1 - hyper.beta1 ** step)) * (ref.m[i] / denom);
        }
      }
      arena.view(w).forEach((value, i) => expect(Math.abs(value - ref.w[i])).toBeLessThan(2e-6));
    }
  });
});

describe('softmaxXent', () => {
  /** float64 oracle: mean loss and dlogits of the mean loss. */
  function reference(z: number[], labels: number[], cols: number): { loss: number; d: number[] } {
    const rows = labels.length, d: number[] = [];
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const row = z.slice(r * cols, (r + 1) * cols), zmax = Math.max(...row);
      const sum = row.reduce((s, v) => s + Math.exp(v - zmax), 0);
      loss += Math.log(sum) + zmax - row[labels[r]];
      row.forEach((v, j) => d.push((Math.exp(v - zmax) / sum - (j === labels[r] ? 1 : 0)) / rows));
    }
    return { loss: loss / rows, d };
  }

  it.each([
    [1, 1],
    [3, 2],
    [32, 10],
    [5, 37],
  ])('matches the float64 formula for %i×%i logits', (rows, cols) => {
    const { arena } = ops;
    const zs = randomArray(rows * cols, -8, 8), ys = Array.from({ length: rows }, () => rng.int(cols));
    const z = arena.tensorFrom([rows, cols], zs), labels = arena.tensorFrom([rows], ys, 'i32');
    const d = arena.tensor([rows, cols]), losses = arena.tensor([rows]);
    const loss = ops.softmaxXent(z, labels, d, losses);
    const want = reference(zs, ys, cols);
    expect(Math.abs(loss - want.loss)).toBeLessThan(1e-5 * Math.max(1, want.loss));
    arena.view(d).forEach((v, i) => expect(Math.abs(v - want.d[i])).toBeLessThan(1e-7));
    expect(arena.view(losses).reduce((s, v) => s + v, 0) / rows).toBeCloseTo(loss, 5);
  });

  it('stays finite for huge logits and writes dlogits in place', () => {
    const { arena } = ops;
    const z = arena.tensorFrom([2, 3], [1000, -1000, 0, 88, 89, -200]);
    const losses = arena.tensor([2]);
    const loss = ops.softmaxXent(z, arena.tensorFrom([2], [1, 1], 'i32'), z, losses, 1);
    expect(loss).toBeCloseTo((2000 + Math.log1p(Math.exp(-1))) / 2, 4);
    const d = [...arena.view(z)];
    expect(d.every(Number.isFinite)).toBe(true);
    expect(d[0]).toBeCloseTo(1, 6);
    expect(d[1]).toBeCloseTo(-1, 6);
    expect(d[4]).toBeCloseTo(1 / (1 + Math.exp(-1)) - 1, 6);
  });
});
