import { describe, expect, it } from 'vitest';
import { parseModelSpec, withDropout } from './model-spec.js';

describe('--model syntax', () => {
  it('reads the mlp shorthand and the lenet5 preset', () => {
    expect(parseModelSpec('mlp:128,64')).toEqual([
      { kind: 'dense', units: 128, batchNorm: false },
      { kind: 'dense', units: 64, batchNorm: false },
    ]);
    expect(parseModelSpec('lenet5').map((b) => b.kind)).toEqual(['conv', 'maxpool', 'conv', 'maxpool', 'dense']);
    expect(parseModelSpec('lenet5').every((b) => !('batchNorm' in b) || b.batchNorm)).toBe(true);
  });

  it('reads conv options, pools, bn, dropout and flatten', () => {
    expect(parseModelSpec('conv:8x3:s2:same,bn,avgpool:2,flatten,dropout:0.5,dense:10')).toEqual([
      { kind: 'conv', filters: 8, kernel: 3, stride: 2, padding: 'same', batchNorm: true },
      { kind: 'avgpool', size: 2 },
      { kind: 'flatten' },
      { kind: 'dropout', rate: 0.5 },
      { kind: 'dense', units: 10, batchNorm: false },
    ]);
  });

  it('names the bad token and the expected syntax', () => {
    expect(() => parseModelSpec('mlp:128,x')).toThrow(/layer size 'x' is not a whole number/);
    expect(() => parseModelSpec('conv:20by5')).toThrow(/needs FILTERSxKERNEL/);
    expect(() => parseModelSpec('pool:2,bn')).toThrow(/bn must follow a dense or conv block/);
    expect(() => parseModelSpec('dense:10,lstm:4')).toThrow(/unknown block 'lstm:4'; expected/);
    expect(() => parseModelSpec('dropout:1')).toThrow(/not in \[0, 1\)/);
  });

  it('inserts dropout after dense blocks only', () => {
    expect(withDropout(parseModelSpec('conv:4x3,dense:8'), 0.2).map((b) => b.kind)).toEqual(['conv', 'dense', 'dropout']);
  });
});
