import { describe, expect, it } from 'vitest';
import { crc32, crc32Hex } from './checksum.js';

describe('crc32', () => {
  it('matches the standard check value and continues across pieces', () => {
    const text = new TextEncoder().encode('123456789');
    expect(crc32Hex(text)).toBe('cbf43926'); // the CRC-32/ISO-HDLC check value
    expect(crc32(text.subarray(4), crc32(text.subarray(0, 4)))).toBe(crc32(text));
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('changes when any bit flips', () => {
    const bytes = Uint8Array.from({ length: 257 }, (_, i) => (i * 37) & 0xff);
    const base = crc32(bytes);
    for (const at of [0, 100, 256]) {
      const flipped = bytes.slice();
      flipped[at] ^= 0x10;
      expect(crc32(flipped)).not.toBe(base);
    }
  });
});
