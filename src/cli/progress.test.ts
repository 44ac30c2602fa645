import { describe, expect, it } from 'vitest';
import { epochLineDue } from './progress.js';

const due = (epochs: number) => Array.from({ length: epochs }, (_, i) => i + 1).filter((e) => epochLineDue(e, epochs));

describe('epochLineDue', () => {
  it('prints every epoch of a short run', () => {
    expect(due(10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(due(50)).toHaveLength(50);
  });

  it('prints about 50 lines of a long run, the first and the last among them', () => {
    const lines = due(2000);
    expect(lines[0]).toBe(1);
    expect(lines.at(-1)).toBe(2000);
    expect(lines.length).toBeGreaterThanOrEqual(50);
    expect(lines.length).toBeLessThanOrEqual(52);
    expect(due(101)).toEqual([1, ...Array.from({ length: 33 }, (_, i) => 3 * (i + 1)), 101]);
  });
});
