// The safetensors container (8-byte little-endian header length, JSON header, raw little-endian
// data), read and written for float32 tensors plus string metadata. Checkpoints use it. A CRC-32 of
// the header and the data, kept in the metadata, tells a damaged file from a good one.
import { UsageError } from '../errors.js';
import { crc32, crc32Hex } from './checksum.js';

export class CheckpointFormatError extends UsageError {}

/** The file's bytes do not match the checksum written with them: damaged after it was written. */
export class CheckpointCorruptError extends CheckpointFormatError {}

/** The metadata key of the checksum: "crc32:" and 8 hex digits over the header without it, then the data. */
export const CHECKSUM_KEY = 'checksum';

const checksumOf = (headerJson: string, data: Uint8Array) => `crc32:${crc32Hex(data, crc32(new TextEncoder().encode(headerJson)))}`;

export interface NamedTensors {
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
  metadata: Record<string, string>;
}

/** Serialises float32 tensors (in insertion order) and metadata to safetensors bytes, with a checksum in the metadata. */
export function encodeSafetensors({ tensors, metadata }: NamedTensors): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { ...metadata } };
  let offset = 0;
  for (const [name, t] of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`tensor ${name}: shape [${t.shape}] holds ${count} values, data has ${t.data.length}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  const data = new Uint8Array(offset);
  const dv = new DataView(data.buffer);
  let at = 0;
  for (const t of tensors.values()) {
    for (let i = 0; i < t.data.length; i++) dv.setFloat32(at + 4 * i, t.data[i], true);
    at += 4 * t.data.length;
  }
  (header.__metadata__ as Record<string, string>)[CHECKSUM_KEY] = checksumOf(JSON.stringify(header), data);
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned, as the format recommends.
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  out.set(data, 8 + headerBytes.length);
  return out;
}

/** Parses safetensors bytes holding F32 tensors; `source` names the file in errors. */
export function decodeSafetensors(bytes: Uint8Array, source: string): NamedTensors {
  const fail = (what: string): never => {
    throw new CheckpointFormatError(`${source}: not a valid safetensors checkpoint: ${what}`);
  };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(dv.getBigUint64(0, true));
  if (headerLength > bytes.length - 8) fail(`header length ${headerLength} exceeds the file's ${bytes.length - 8} remaining bytes`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    return fail(`header is not JSON (${(e as Error).message})`);
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    if (e.dtype !== 'F32') fail(`tensor ${name} has dtype ${e.dtype}, expected F32`);
    const shape = e.shape ?? fail(`tensor ${name} has no shape`);
    const [begin, end] = e.data_offsets ?? fail(`tensor ${name} has no data_offsets`);
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== 4 * count || begin < 0 || end > dataLength) {
      fail(`tensor ${name} [${shape}] has data_offsets [${begin}, ${end}] outside the ${dataLength} data bytes or of the wrong size`);
    }
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = dv.getFloat32(dataStart + begin + 4 * i, true);
    tensors.set(name, { shape, data });
  }
  verifyChecksum(header, bytes.subarray(dataStart), source);
  return { tensors, metadata };
}

/**
 * Checks the stored checksum (files without one, written before checksums were, pass) and removes it from the
 * parsed header, so the metadata reads as it was given to encodeSafetensors.
 */
function verifyChecksum(header: Record<string, unknown>, data: Uint8Array, source: string): void {
  const metadata = header.__metadata__ as Record<string, string> | undefined;
  const stored = metadata?.[CHECKSUM_KEY];
  if (metadata === undefined || stored === undefined) return;
  delete metadata[CHECKSUM_KEY];
  const computed = checksumOf(JSON.stringify(header), data);
  if (computed !== stored) {
    throw new CheckpointCorruptError(`${source} is corrupt: its bytes do not match the checksum written with them (stored ${stored}, computed ${computed}); the file was damaged after it was written`);
  }
}
