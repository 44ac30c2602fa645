// The catalog's view in the URL hash: written and read back the same, with what cannot be read said.
import { describe, expect, it } from 'vitest';
import { decodeView, DEFAULT_VIEW, encodeView, type ViewState } from './view-state.js';

describe('the view in the URL hash', () => {
  it('reads back what it writes, formulas and parameters included', () => {
    const view: ViewState = {
      shown: [
        { name: 'swish', params: { beta: 1.5 } },
        { name: 'formula:x*sigmoid(b*x) + (x > 0 ? x : 0);b=1', params: { b: -0.25 } },
        { name: 'relu', params: {} },
      ],
      xRange: [-2, 7.5],
    };
    const hash = encodeView(view);
    expect(decodeView(`#${hash}`)).toEqual({ view, problems: [] });
    expect(hash).toBe('f=swish|beta=1.5&f=formula:x*sigmoid(b*x)%20%2B%20(x%20%3E%200%20%3F%20x%20:%200);b=1|b=-0.25&f=relu&x=-2,7.5');
  });

  it("reads a '+' typed into a link as a plus, not a space", () => {
    expect(decodeView('#f=formula:x+sin(x)&x=-1,1').view.shown).toEqual([{ name: 'formula:x+sin(x)', params: {} }]);
  });

  it('shows the default view for an empty hash', () => {
    expect(decodeView('')).toEqual({ view: DEFAULT_VIEW, problems: [] });
  });

  it('says what it cannot read and keeps the rest', () => {
    const { view, problems } = decodeView('#f=swish|beta=abc&f=elu|alpha=2&f=a&f=b&f=c&f=d&x=3,1');
    expect(view.shown).toEqual([
      { name: 'swish', params: {} },
      { name: 'elu', params: { alpha: 2 } },
      { name: 'a', params: {} },
      { name: 'b', params: {} },
    ]);
    expect(view.xRange).toEqual([-5, 5]);
    expect(problems).toEqual([
      "link: 'beta=abc' in 'swish|beta=abc' is not a parameter=number",
      "link: more than 4 functions; 'c' is left out",
      "link: more than 4 functions; 'd' is left out",
      'link: x=3,1 is not a range lo,hi with lo < hi',
    ]);
  });
});
