// Every way an IDX file or pair can be malformed: each must fail with the file's path, the fault, and
// the expected and found values in the message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { IdxFormatError, encodeIdx, parseIdx } from './idx.js';
import { loadIdxPair, readIdx } from './idx-file.js';

const dir = mkdtempSync(join(tmpdir(), 'actlab-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCounter = 0;
/** Writes bytes to a fresh file in the temp dir and returns its path. */
function fixture(bytes: Uint8Array, name = `f${fileCounter++}-idx-ubyte`): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** 3 images of 2×4 pixels with distinct values, and matching labels. */
const pixels = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 11) % 256);
const goodImages = () => encodeIdx([3, 2, 4], pixels);
const goodLabels = () => encodeIdx([3], Uint8Array.of(7, 0, 9));

/** Asserts `fn` throws an IdxFormatError naming `path` and `fault`, whose message matches `detail`. */
function expectIdxError(fn: () => unknown, path: string, fault: string, detail: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(IdxFormatError);
  expect(error).toBeInstanceOf(UsageError);
  const e = error as IdxFormatError;
  expect(e.path).toBe(path);
  expect(e.fault).toBe(fault);
  expect(e.message).toContain(path);
  expect(e.message).toContain(fault);
  expect(e.message).toMatch(detail);
  expect(e.exitCode).toBe(2);
}

describe('readIdx on well-formed files', () => {
  it('reads dims and payload, as a view into the file bytes', () => {
    const bytes = goodImages();
    const { dims, data } = readIdx(fixture(bytes));
    expect(dims).toEqual([3, 2, 4]);
    expect(Array.from(data)).toEqual(Array.from(pixels));
    // A view: the payload starts after the 16-byte header inside the buffer that holds the whole file.
    expect(data.buffer.byteLength).toBeGreaterThanOrEqual(bytes.length);
    expect(data.byteOffset).toBeGreaterThanOrEqual(16);
    expect(Object.getPrototypeOf(data)).toBe(Uint8Array.prototype);
  });

  it('parseIdx returns a view into the given bytes, not a copy', () => {
    const bytes = goodLabels();
    const { data } = parseIdx(bytes, 'mem');
    expect(data.buffer).toBe(bytes.buffer);
    expect(data.byteOffset).toBe(8);
    bytes[8] = 4;
    expect(data[0]).toBe(4);
  });

  it('reads gzipped files, recognised by content', () => {
    const { dims, data } = readIdx(fixture(gzipSync(goodImages()), 'x-idx3-ubyte.gz'));
    expect(dims).toEqual([3, 2, 4]);
    expect(Array.from(data)).toEqual(Array.from(pixels));
  });

  it('accepts a rank in the allowed set', () => {
    const path = fixture(goodImages());
    expect(readIdx(path, { rank: 3 }).dims).toEqual([3, 2, 4]);
    expect(readIdx(path, { rank: [3, 4] }).dims).toEqual([3, 2, 4]);
  });
});

describe('readIdx on corrupt files', () => {
  it('truncated payload', () => {
    const path = fixture(goodImages().subarray(0, 16 + 23));
    expectIdxError(() => readIdx(path), path, 'truncated payload', /expected 40 bytes \(header 16 \+ data 3×2×4\), found 39/);
  });

  it('truncated header, before the rank byte', () => {
    const path = fixture(goodImages().subarray(0, 3));
    expectIdxError(() => readIdx(path), path, 'truncated header', /expected at least 4 bytes, found 3/);
  });

  it('truncated header, inside the dimensions', () => {
    const path = fixture(goodImages().subarray(0, 10));
    expectIdxError(() => readIdx(path), path, 'truncated header', /expected 16 bytes for rank 3, found 10/);
  });

  it('empty file', () => {
    const path = fixture(new Uint8Array(0));
    expectIdxError(() => readIdx(path), path, 'truncated header', /expected at least 4 bytes, found 0/);
  });

  it('wrong magic', () => {
    const bytes = goodImages();
    bytes[0] = 0x12;
    bytes[1] = 0x34;
    const path = fixture(bytes);
    expectIdxError(() => readIdx(path), path, 'wrong magic', /expected 0x0000 in bytes 0–1, found 0x1234/);
  });

  it('wrong type byte: another IDX type', () => {
    const bytes = goodImages();
    bytes[2] = 0x0d;
    const path = fixture(bytes);
    expectIdxError(() => readIdx(path), path, 'unsupported element type', /expected 0x08 \(uint8\), found 0x0d \(float32\)/);
  });

  it('wrong type byte: not an IDX type', () => {
    const bytes = goodImages();
    bytes[2] = 0x07;
    const path = fixture(bytes);
    expectIdxError(() => readIdx(path), path, 'unsupported element type', /found 0x07 \(not an IDX type\)/);
  });

  it('wrong rank for the caller', () => {
    const path = fixture(goodLabels());
    expectIdxError(() => readIdx(path, { rank: [3, 4] }), path, 'wrong rank', /expected 3 or 4, found 1/);
  });

  it('rank 0', () => {
    const path = fixture(Uint8Array.of(0, 0, 8, 0, 42));
    expectIdxError(() => readIdx(path), path, 'wrong rank', /expected at least 1 dimension, found 0/);
  });

  it('zero dimension', () => {
    const bytes = goodImages();
    bytes.set([0, 0, 0, 0], 8); // dimension 1 (rows) = 0
    const path = fixture(bytes.subarray(0, 16));
    expectIdxError(() => readIdx(path), path, 'zero dimension', /expected dimension 1 > 0, found 0/);
  });

  it('trailing bytes', () => {
    const bytes = new Uint8Array(40 + 5);
    bytes.set(goodImages());
    const path = fixture(bytes);
    expectIdxError(() => readIdx(path), path, 'trailing bytes', /expected 40 bytes .*, found 45: 5 extra/);
  });

  it('dimensions whose product passes 2^53 are reported exactly', () => {
    const bytes = new Uint8Array(20);
    bytes.set([0, 0, 8, 4]);
    bytes.fill(0xff, 4);
    const path = fixture(bytes);
    const expected = (2n ** 32n - 1n) ** 4n + 20n;
    expectIdxError(() => readIdx(path), path, 'truncated payload', new RegExp(`expected ${expected} bytes`));
  });

  it('corrupt gzip stream', () => {
    const gz = gzipSync(goodImages());
    const path = fixture(gz.subarray(0, gz.length - 10), 'cut.gz');
    expectIdxError(() => readIdx(path), path, 'corrupt gzip stream', /./);
  });

  it('a missing file is a UsageError naming the path', () => {
    const path = join(dir, 'no-such-file');
    expect(() => readIdx(path)).toThrow(UsageError);
    expect(() => readIdx(path)).toThrow(new RegExp(`cannot read ${path}: `));
  });
});

describe('loadIdxPair on inconsistent pairs', () => {
  it('labels > classes − 1 name the file, the index and the value', () => {
    const images = fixture(goodImages());
    const labels = fixture(encodeIdx([3], Uint8Array.of(3, 12, 1)));
    expectIdxError(
      () => loadIdxPair(images, labels),
      labels,
      'label out of range',
      /expected labels in 0–9, found 12 at index 1/,
    );
    // The same file is fine with more classes.
    expect(loadIdxPair(images, labels, { classes: 13 }).classes).toBe(13);
  });

  it('label = classes is the first value out of range', () => {
    const images = fixture(goodImages());
    const labels = fixture(encodeIdx([3], Uint8Array.of(9, 0, 10)));
    expectIdxError(() => loadIdxPair(images, labels), labels, 'label out of range', /found 10 at index 2/);
    expect(loadIdxPair(images, labels, { classes: 11 }).labels[2]).toBe(10);
  });

  it('image/label count mismatch names both files', () => {
    const images = fixture(goodImages());
    const labels = fixture(encodeIdx([4], Uint8Array.of(1, 2, 3, 4)));
    expectIdxError(
      () => loadIdxPair(images, labels),
      labels,
      'label count does not match image count',
      new RegExp(`expected 3 labels for ${images}, found 4`),
    );
  });

  it('images and labels swapped are caught by rank', () => {
    const images = fixture(goodImages());
    const labels = fixture(goodLabels());
    expectIdxError(() => loadIdxPair(labels, images), labels, 'wrong rank', /expected 3 or 4, found 1/);
  });

  it('rejects a class count that uint8 labels cannot use', () => {
    const images = fixture(goodImages());
    const labels = fixture(goodLabels());
    for (const classes of [0, 2.5, 257]) {
      expect(() => loadIdxPair(images, labels, { classes })).toThrow(/classes must be an integer in 1–256/);
    }
  });
});

describe('encodeIdx', () => {
  it('round-trips through parseIdx and checks its arguments', () => {
    const data = Uint8Array.from({ length: 60 }, (_, i) => i);
    const back = parseIdx(encodeIdx([3, 4, 5], data), 'mem');
    expect(back.dims).toEqual([3, 4, 5]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    expect(() => encodeIdx([3, 4], data)).toThrow(RangeError);
    expect(() => encodeIdx([], new Uint8Array(1))).toThrow(RangeError);
    expect(() => encodeIdx([0], new Uint8Array(0))).toThrow(RangeError);
  });
});
