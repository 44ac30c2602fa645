import { describe, expect, it } from 'vitest';
import { getActivation } from '../activations/catalog.js';
import type { ParamSpec } from '../activations/types.js';
import { activationLabel, formatNumber, formatRange, formatTable, shortestFloat32 } from './format.js';

const spec = (over: Partial<ParamSpec>): ParamSpec => ({
  name: 'p', description: '', default: 1, min: 0, max: 1, learnable: false, testValues: [], ...over,
});

describe('shortestFloat32', () => {
  it('prints known float32 values as numpy does', () => {
    expect(shortestFloat32(Math.fround(0.1))).toBe('0.1');
    expect(shortestFloat32(Math.fround(1 / 3))).toBe('0.33333334');
    expect(shortestFloat32(Math.fround(16777217))).toBe('16777216');
    expect(shortestFloat32(Math.fround(1e-45))).toBe('1e-45');
    expect(shortestFloat32(Math.fround(3.4028234663852886e38))).toBe('3.4028235e+38');
    expect([0, -0, Infinity, -Infinity, NaN].map(shortestFloat32)).toEqual(['0', '-0', 'Infinity', '-Infinity', 'NaN']);
  });

  it('reads back as the same float32, with no shorter decimal that does', () => {
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    let state = 12345;
    for (let i = 0; i < 20_000; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      bits[0] = state;
      const v = f[0];
      if (!Number.isFinite(v)) continue;
      const s = shortestFloat32(v);
      expect(Math.fround(Number(s)), `${v} → ${s}`).toBe(v);
      const digits = s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
      if (digits > 1) expect(Math.fround(Number(v.toPrecision(digits - 1))), `${v} → ${s}`).not.toBe(v);
    }
  });
});

describe('formatRange and labels', () => {
  it('writes interval notation with open infinite ends', () => {
    expect(formatRange(spec({ min: 0, max: Infinity }))).toBe('[0, ∞)');
    expect(formatRange(spec({ min: -Infinity, max: Infinity }))).toBe('(-∞, ∞)');
    expect(formatRange(spec({ min: 0, max: 1, minOpen: true }))).toBe('(0, 1]');
    expect(formatRange(spec({ min: -1, max: 1, maxOpen: true }))).toBe('[-1, 1)');
    expect(formatNumber(-Infinity)).toBe('-∞');
  });

  it('labels an entry with its parameter values', () => {
    expect(activationLabel(getActivation('relu'), [])).toBe('relu');
    expect(activationLabel(getActivation('hardTanh'), [-2, 3])).toBe('hardTanh (min=-2, max=3)');
  });
});

describe('formatTable', () => {
  it('pads columns, right-aligns the ones asked, trims line ends', () => {
    expect(formatTable([['a', 'bb', 'c'], ['ccc', 'd', '']], [false, true])).toBe('a    bb  c\nccc   d');
  });
});
