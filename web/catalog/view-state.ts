// The catalog page's view as a URL hash, so a view can be shared and restored: the functions shown (up to four), each
// with the parameters moved from their defaults, and the x range.
// "#f=swish|beta=1.5&f=formula:x*sigmoid(b*x);b=1|b=2&x=-5,5": '|' never occurs in a name or a formula.

export interface Shown {
  /** A catalog name or a formula spec ("formula:EXPR;p=v"). */
  name: string;
  /** Parameters set by the user, by name; the others keep their defaults. */
  params: Record<string, number>;
}

export interface ViewState {
  shown: Shown[];
  xRange: [number, number];
}

export const MAX_SHOWN = 4;
export const DEFAULT_X_RANGE: [number, number] = [-5, 5];
export const DEFAULT_VIEW: ViewState = { shown: [{ name: 'swish', params: {} }, { name: 'relu', params: {} }], xRange: DEFAULT_X_RANGE };

/**
 * Percent-encodes `text` for the hash but for the characters that read well there and are safe in a fragment
 * ('|', ',', ':', ';', '='). A '+' stays encoded: unlike a query string, the hash is read without taking '+' for a
 * space, so a link typed by hand with 'x+1' works too.
 */
const encode = (text: string) => encodeURIComponent(text).replace(/%(7C|2C|3A|3B|3D)/gi, (m) => decodeURIComponent(m));

/** The hash for `view` (without '#'). */
export function encodeView(view: ViewState): string {
  const items = view.shown.map((s) => `f=${encode([s.name, ...Object.entries(s.params).map(([k, v]) => `${k}=${v}`)].join('|'))}`);
  return [...items, `x=${view.xRange.join(',')}`].join('&');
}

/** The hash's key=value pairs in order, decoded; a piece that cannot be decoded is kept as it is. */
function pairs(hash: string): [string, string][] {
  const decode = (t: string) => {
    try {
      return decodeURIComponent(t);
    } catch {
      return t;
    }
  };
  return hash
    .replace(/^#/, '')
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decode(p), ''] : [decode(p.slice(0, eq)), decode(p.slice(eq + 1))];
    });
}

/** The view a hash describes, and what in it could not be read (said on the page; the rest is shown). */
export function decodeView(hash: string): { view: ViewState; problems: string[] } {
  const q = pairs(hash);
  const problems: string[] = [];
  const shown: Shown[] = [];
  for (const [, item] of q.filter(([k]) => k === 'f')) {
    const [name, ...assignments] = item.split('|');
    const params: Record<string, number> = {};
    for (const a of assignments) {
      const [key, text] = a.split('=');
      const value = Number(text);
      if (key === '' || text === undefined || text.trim() === '' || !Number.isFinite(value)) problems.push(`link: '${a}' in '${item}' is not a parameter=number`);
      else params[key] = value;
    }
    if (name.trim() === '') problems.push(`link: an empty function name in '${item}'`);
    else if (shown.length >= MAX_SHOWN) problems.push(`link: more than ${MAX_SHOWN} functions; '${name}' is left out`);
    else shown.push({ name, params });
  }
  const x = q.find(([k]) => k === 'x');
  const xRange = x === undefined ? DEFAULT_X_RANGE : parseXRange(x[1], problems);
  return { view: { shown: q.some(([k]) => k === 'f') ? shown : DEFAULT_VIEW.shown, xRange }, problems };
}

function parseXRange(text: string, problems: string[]): [number, number] {
  const [lo, hi] = text.split(',').map(Number);
  if (Number.isFinite(lo) && Number.isFinite(hi) && lo < hi) return [lo, hi];
  problems.push(`link: x=${text} is not a range lo,hi with lo < hi`);
  return DEFAULT_X_RANGE;
}
