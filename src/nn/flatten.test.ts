import { describe, expect, it } from 'vitest';
import { createJsEngine } from '../engine/js-engine.js';
import { Flatten } from './flatten.js';

describe('Flatten', () => {
  it('maps [h, w, c] to [h·w·c] and passes tensors through in channels-last order', () => {
    const engine = createJsEngine();
    const flatten = new Flatten('flatten0', [3, 2, 4]);
    expect([flatten.inputShape, flatten.outputShape, flatten.params]).toEqual([[3, 2, 4], [24], []]);
    const x = engine.alloc(2 * 24), dy = engine.alloc(2 * 24);
    expect(flatten.forward(x)).toBe(x);
    expect(flatten.backward(dy, 2, true)).toBe(dy);
    expect(flatten.backward(dy, 2, false)).toBeNull();
  });
});
