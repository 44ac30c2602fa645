// The safetensors container (8-byte little-endian header length, JSON header, raw little-endian
// data), read and written for float32 tensors plus string metadata. Checkpoints use it.
import { UsageError } from '../errors.js';

export class CheckpointFormatError extends UsageError {}

export interface NamedTensors {
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
  metadata: Record<string, string>;
}

/** Serialises float32 tensors (in insertion order) and metadata to safetensors bytes. */
export function encodeSafetensors({ tensors, metadata }: NamedTensors): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`tensor ${name}: shape [${t.shape}] holds ${count} values, data has ${t.data.length}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned, as the format recommends.
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors.values()) {
    const bytes = new Uint8Array(t.data.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < t.data.length; i++) view.setFloat32(4 * i, t.data[i], true);
    out.set(bytes, at);
    at += bytes.length;
  }
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
  return { tensors, metadata };
}
