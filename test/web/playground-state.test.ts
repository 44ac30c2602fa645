// The playground's settings in the URL hash: every setting survives a round trip, and values that do not read are
// named with the default used instead.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, readHash, writeHash } from '../../web/playground/state.js';

describe('playground settings in the hash', () => {
  it('reads back what it writes, formulas with their ; = and | included', () => {
    const settings = { ...DEFAULTS, data: 'xor' as const, layers: [4, 3, 2], activations: ['relu', 'formula:x*sigmoid(b*x);b=1', 'adaptiveRelu:alpha=2'], lr: 0.005, autostart: true };
    expect(readHash(writeHash(settings))).toEqual({ settings, problems: [] });
  });

  it('names each value that does not read, and fits the activations to the layers', () => {
    const { settings, problems } = readHash('#data=moon&layers=8,0&lr=-1&colour=red&activations=tanh');
    expect(problems).toEqual([
      "data: 'moon' is not one of circle, xor, gauss, spiral, csv, mnist; using spiral",
      "layers: '0' is not a whole number from 1 to 256; using 8,8",
      "lr: '-1' is not a number from 0 to 10; using 0.01",
      expect.stringMatching(/^unknown setting 'colour' in the address/),
    ]);
    expect(settings).toMatchObject({ data: 'spiral', layers: [8, 8], lr: 0.01, activations: ['tanh', 'tanh'] });
  });
});
