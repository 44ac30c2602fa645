import { describe, expect, it } from 'vitest';
import { CheckpointCorruptError, decodeSafetensors, encodeSafetensors } from './safetensors.js';

describe('safetensors', () => {
  const tensors = new Map([
    ['dense0.weight', { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-30, -Infinity]) }],
    ['act0.alpha', { shape: [1], data: Float32Array.from([0.25]) }],
  ]);

  it('round-trips tensors and metadata', () => {
    const bytes = encodeSafetensors({ tensors, metadata: { epoch: '3' } });
    const back = decodeSafetensors(bytes, 'x.safetensors');
    expect(back.metadata).toEqual({ epoch: '3' });
    expect([...back.tensors.keys()]).toEqual(['dense0.weight', 'act0.alpha']);
    expect(Array.from(back.tensors.get('dense0.weight')!.data)).toEqual(Array.from(tensors.get('dense0.weight')!.data));
    expect((new DataView(bytes.buffer).getUint32(0, true) + 8) % 8).toBe(0);
  });

  it('rejects truncated and corrupt files, naming the file', () => {
    const bytes = encodeSafetensors({ tensors, metadata: {} });
    expect(() => decodeSafetensors(bytes.subarray(0, 5), 'a.st')).toThrow(/a\.st: .*shorter than the 8-byte/);
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4), 'b.st')).toThrow(/b\.st: .*act0\.alpha/);
    const broken = bytes.slice();
    broken[9] = 0x7b; // '{' inside the JSON makes it invalid
    broken[10] = 0x7b;
    expect(() => decodeSafetensors(broken, 'c.st')).toThrow(/c\.st: .*not JSON/);
  });
});

describe('safetensors checksum', () => {
  const tensors = new Map([['w', { shape: [4], data: Float32Array.from([1, 2, 3, 4]) }]]);

  it('refuses a file whose data or metadata bytes changed after writing, as corrupt', () => {
    const bytes = encodeSafetensors({ tensors, metadata: { progress: '{"epoch":3}' } });
    const flippedData = bytes.slice();
    flippedData[bytes.length - 2] ^= 0x01;
    expect(() => decodeSafetensors(flippedData, 'd.st')).toThrow(CheckpointCorruptError);
    expect(() => decodeSafetensors(flippedData, 'd.st')).toThrow(/d\.st is corrupt: .*stored crc32:[0-9a-f]{8}, computed crc32:[0-9a-f]{8}/);
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf('"epoch\\":3') + 10;
    const flippedHeader = bytes.slice();
    flippedHeader[at] = '4'.charCodeAt(0);
    expect(() => decodeSafetensors(flippedHeader, 'e.st')).toThrow(CheckpointCorruptError);
  });

  it('reads files written without a checksum', () => {
    const header = new TextEncoder().encode(JSON.stringify({ __metadata__: { epoch: '1' }, w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }));
    const bytes = new Uint8Array(8 + header.length + 4);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    view.setFloat32(8 + header.length, 2.5, true);
    const back = decodeSafetensors(bytes, 'f.st');
    expect(back.metadata).toEqual({ epoch: '1' });
    expect(Array.from(back.tensors.get('w')!.data)).toEqual([2.5]);
  });
});
