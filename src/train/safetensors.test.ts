import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

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
