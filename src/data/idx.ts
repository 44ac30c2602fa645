// A strict reader for LeCun's IDX format (MNIST and its relatives): every header field and the exact
// file length are checked, because a silently misread data set trains a model on noise.
import { UsageError } from '../errors.js';

/** A malformed IDX file or data set; the message names the file, the fault, and what was expected and found. */
export class IdxFormatError extends UsageError {
  constructor(
    readonly path: string,
    readonly fault: string,
    detail: string,
  ) {
    super(`${path}: ${fault} (${detail})`);
  }
}

/** An IDX array: its dimensions (outermost first) and its row-major uint8 payload. */
export interface IdxArray {
  dims: number[];
  /** A view into the file's bytes (no copy). */
  data: Uint8Array;
}

export interface IdxReadOptions {
  /** Accepted ranks (number of dimensions); any rank ≥ 1 if omitted. */
  rank?: number | readonly number[];
}

/** The only element type supported: unsigned byte. */
const UINT8 = 0x08;
/** The other IDX element types, named in the error for a file that uses one. */
const OTHER_TYPES: Record<number, string> = {
  0x09: 'int8',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};
export const hex = (v: number, digits: number) => `0x${v.toString(16).padStart(digits, '0')}`;

/** Parses IDX bytes; `path` only names the source in errors. The payload is a view into `bytes`. */
export function parseIdx(bytes: Uint8Array, path: string, options: IdxReadOptions = {}): IdxArray {
  const fail = (fault: string, detail: string) => new IdxFormatError(path, fault, detail);
  if (bytes.length < 4) throw fail('truncated header', `expected at least 4 bytes, found ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const magic = view.getUint16(0, false);
  if (magic !== 0) throw fail('wrong magic', `expected 0x0000 in bytes 0–1, found ${hex(magic, 4)}`);
  const type = bytes[2];
  if (type !== UINT8) {
    const name = OTHER_TYPES[type] ?? 'not an IDX type';
    throw fail('unsupported element type', `expected ${hex(UINT8, 2)} (uint8), found ${hex(type, 2)} (${name})`);
  }
  const rank = bytes[3];
  if (rank === 0) throw fail('wrong rank', 'expected at least 1 dimension, found 0');
  const accepted = options.rank === undefined ? null : [options.rank].flat();
  if (accepted && !accepted.includes(rank)) {
    throw fail('wrong rank', `expected ${accepted.join(' or ')}, found ${rank}`);
  }

  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw fail('truncated header', `expected ${headerLength} bytes for rank ${rank}, found ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    if (size === 0) throw fail('zero dimension', `expected dimension ${d} > 0, found 0`);
    dims.push(size);
  }

  // BigInt: four uint32 dimensions can multiply past 2^53, and the message must still be exact.
  const expected = dims.reduce((n, s) => n * BigInt(s), 1n) + BigInt(headerLength);
  const found = BigInt(bytes.length);
  const layout = `header ${headerLength} + data ${dims.join('×')}`;
  if (found < expected) throw fail('truncated payload', `expected ${expected} bytes (${layout}), found ${found}`);
  if (found > expected) {
    throw fail('trailing bytes', `expected ${expected} bytes (${layout}), found ${found}: ${found - expected} extra`);
  }
  // A plain Uint8Array view (not a Buffer subarray): no copy, and no Buffer methods leaking out.
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + headerLength, bytes.length - headerLength) };
}

/** Encodes a uint8 array as IDX bytes (the inverse of parseIdx): for writing data sets and test fixtures. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  if (dims.length < 1 || dims.length > 255) throw new RangeError(`IDX rank must be 1–255, got ${dims.length}`);
  for (const s of dims) {
    if (!Number.isInteger(s) || s < 1 || s > 0xffffffff) throw new RangeError(`IDX dimension must be 1–2^32−1, got ${s}`);
  }
  const size = dims.reduce((n, s) => n * s, 1);
  if (size !== data.length) throw new RangeError(`dims ${dims.join('×')} hold ${size} bytes, data has ${data.length}`);
  const headerLength = 4 + 4 * dims.length;
  const out = new Uint8Array(headerLength + data.length);
  const view = new DataView(out.buffer);
  out[2] = UINT8;
  out[3] = dims.length;
  dims.forEach((s, d) => view.setUint32(4 + 4 * d, s, false));
  out.set(data, headerLength);
  return out;
}
