// Sliders for every catalog parameter: a finite window inside the valid range holding the default, open bounds kept
// out, widened for a value set from outside the window.
import { describe, expect, it } from 'vitest';
import { listActivations } from '../../src/index.js';
import type { ParamSpec } from '../../src/index.js';
import { inValidRange, rangeText, sliderRange } from './slider-range.js';

const spec = (over: Partial<ParamSpec>): ParamSpec => ({ name: 'p', description: '', default: 1, min: -Infinity, max: Infinity, learnable: true, testValues: [], ...over });

describe('sliderRange', () => {
  const params = listActivations().flatMap((a) => a.params.map((p) => [`${a.name}.${p.name}`, p] as const));

  it.each(params)('%s: a finite window in the valid range, holding the default', (_name, p) => {
    const r = sliderRange(p);
    expect(Number.isFinite(r.lo) && Number.isFinite(r.hi)).toBe(true);
    expect(r.lo).toBeLessThanOrEqual(p.default);
    expect(r.hi).toBeGreaterThanOrEqual(p.default);
    expect(inValidRange(p, r.lo) && inValidRange(p, r.hi)).toBe(true);
    expect(r.step).toBeGreaterThan(0);
  });

  it('keeps open bounds out by a step, and makes windows around defaults for infinite bounds', () => {
    expect(sliderRange(spec({ default: 1, min: 0, minOpen: true }))).toEqual({ lo: 0.005, hi: 5, step: 0.005 });
    expect(sliderRange(spec({ default: 0.25 }))).toEqual({ lo: -2, hi: 3, step: 0.005 });
    expect(sliderRange(spec({ default: -1, max: 0 }))).toEqual({ lo: -5, hi: 0, step: 0.005 });
    expect(sliderRange(spec({ default: 0.5, min: 0, max: 1 }))).toEqual({ lo: 0, hi: 1, step: 0.001 });
  });

  it('widens the window to hold a value set outside it', () => {
    const r = sliderRange(spec({ default: 1, min: 0, minOpen: true }), 50);
    expect(r.hi).toBe(50);
  });

  it('states the range with open and infinite bounds', () => {
    expect(rangeText(spec({ min: 0, minOpen: true }))).toBe('(0, ∞)');
    expect(rangeText(spec({ min: 0, max: 1 }))).toBe('[0, 1]');
    expect(inValidRange(spec({ min: 0, minOpen: true }), 0)).toBe(false);
    expect(inValidRange(spec({ min: 0 }), 0)).toBe(true);
  });
});
