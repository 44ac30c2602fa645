// libm.ts reproduces fdlibm bit for bit: on arguments that reach each branch (the expected bits are Node 20's Math.exp,
// Math.log and Math.log1p, which are fdlibm's; printed with Buffer.writeDoubleBE), and, where this engine's Math is
// fdlibm's, on a million arguments of every size. Browsers whose Math differs still agree with libm.ts: it is plain
// arithmetic (test/browser/train.test.ts compares losses between Node and Chromium).
import { describe, expect, it } from 'vitest';
import { exp, log, log1p } from './libm.js';

const hex = (v: number) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
};

/** [x, f(x)'s bits]: each function's branches (reductions, tiny |x|, subnormal results and arguments, k = 1024). */
const EXPECTED: Record<'exp' | 'log' | 'log1p', [number, string][]> = {
  exp: [
    [0.1, '3ff1aec7b35a00d4'], [0.5, '3ffa61298e1e069c'], [-0.5, '3fe368b2fc6f960a'], [0.3466, '3ff6a0c5906bc779'], [3.7, '4044394144eeec81'],
    [-20.25, '3e1b93de1e27ca3b'], [700, '7f0d945df4f8ec8e'], [709.7, '7fed75ae7a50ee14'], [-740, '0000000000000055'], [-745.1, '0000000000000001'],
    [1e-10, '3ff000000006df38'], [-3e-9, '3feffffffe63aee2'],
  ],
  log: [
    [1e-310, 'c0864e69394d9508'], [1.0000001, '3e7ad7f2847b6492'], [0.75, 'bfd269621134db92'], [3, '3ff193ea7aad030a'], [1e300, '4085963447f87fb5'],
    [0.1, 'c0026bb1bbb55515'], [2.5e-5, 'c025317a1b949c53'], [123456.789, '40277281cad8a844'],
  ],
  log1p: [
    [1e-20, '3bc79ca10c924223'], [1e-10, '3ddb7cdfd9d1d693'], [-0.2, 'bfcc8ff7c79a9a22'], [0.3, '3fd0ca937be1b9dc'], [-0.5, 'bfe62e42fefa39ef'],
    [2, '3ff193ea7aad030a'], [1e20, '4047069e2aa2aa5b'], [-0.9999, 'c0226bb1bbb55554'], [3e-6, '3ec92a70f7bfa12c'], [0.41, '3fd5fd5fabe64085'],
  ],
};
const FUNCTIONS = { exp: [exp, Math.exp], log: [log, Math.log], log1p: [log1p, Math.log1p] } as const;

/** Arguments of every size: random bit patterns of finite doubles, and uniform ones over ±40 and near the ends of log1p. */
function argumentsOfEverySize(count: number): Float64Array {
  const xs = new Float64Array(count);
  const words = new Uint32Array(xs.buffer);
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      words[2 * i] = next();
      words[2 * i + 1] = next();
      if (!Number.isFinite(xs[i])) xs[i] = i;
    } else {
      xs[i] = i % 3 === 0 ? (next() / 2 ** 32 - 0.5) * 80 : -1 + (next() / 2 ** 32) * 2 ** -(next() % 40);
    }
  }
  return xs;
}

describe('libm', () => {
  for (const [name, cases] of Object.entries(EXPECTED)) {
    it(`${name} gives fdlibm's bits on each branch`, () => {
      const [f] = FUNCTIONS[name as keyof typeof FUNCTIONS];
      expect(cases.map(([x]) => [x, hex(f(x))])).toEqual(cases);
    });
  }

  it('handles NaN, ±0, ±∞ and the ends of each domain as Math does', () => {
    for (const x of [NaN, 0, -0, Infinity, -Infinity, 1, -1, -2, 5e-324, -5e-324, Number.MAX_VALUE, 709.79, -745.14]) {
      for (const [ours, engine] of Object.values(FUNCTIONS)) expect(Object.is(ours(x), engine(x)), `${ours.name}(${x})`).toBe(true);
    }
  });

  const engineIsFdlibm = Object.entries(EXPECTED).every(([name, cases]) => cases.every(([x, bits]) => hex(FUNCTIONS[name as keyof typeof FUNCTIONS][1](x)) === bits));
  it.skipIf(!engineIsFdlibm)('agrees with this engine’s fdlibm Math on a million arguments', () => {
    const xs = argumentsOfEverySize(1_000_000);
    for (const [ours, engine] of Object.values(FUNCTIONS)) {
      const arg = ours === log ? Math.abs : (x: number) => x;
      const differ = xs.filter((x) => !Object.is(ours(arg(x)), engine(arg(x))));
      expect(differ.length, `${ours.name} differs at ${differ.slice(0, 3).join(', ')}`).toBe(0);
    }
  });
});
