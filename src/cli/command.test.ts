import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { commandGroup, leafCommand, parseFlags, parseNumber, parseNumberList } from './command.js';

describe('parseNumber and parseNumberList', () => {
  it('accepts decimals, exponents, inf and nan, and nothing else', () => {
    expect(['1', '-2.5', '+.5', '3.', '1e-3', '-1E+30', 'inf', '-Infinity', 'NaN'].map(parseNumber)).toEqual([
      1, -2.5, 0.5, 3, 1e-3, -1e30, Infinity, -Infinity, NaN,
    ]);
    for (const bad of ['', ' 1', '0x10', '1_000', '1e', '.', '-', 'infinit', '1,2']) expect(parseNumber(bad), bad).toBeUndefined();
  });

  it('splits on commas and whitespace, and names a bad token, its position and line', () => {
    expect(parseNumberList(' 1, 2\t3 ,4\n5,\n6 ', 'src')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => parseNumberList('1 2\n3 z', 'f.txt')).toThrow(new UsageError("f.txt: 'z' is not a number (position 4, line 2)"));
    expect(() => parseNumberList('1,,2', '--x')).toThrow(new UsageError('--x: empty value (position 2)'));
    expect(() => parseNumberList(' \n', '--x')).toThrow(new UsageError('--x: no numbers given'));
  });
});

describe('parseFlags', () => {
  const options = { range: { type: 'string' }, json: { type: 'boolean' } } as const;

  it('takes a negative number after a string flag as its value', () => {
    expect(parseFlags(['--range', '-5,5', 'a'], options)).toEqual({ values: { range: '-5,5' }, positionals: ['a'] });
    expect(parseFlags(['--range', '-inf,0'], options).values.range).toBe('-inf,0');
  });

  it('turns parseArgs errors into usage errors that list the options', () => {
    expect(() => parseFlags(['--rnge', '1'], options)).toThrow(new UsageError("unknown option '--rnge'; options here: --range, --json, --help"));
    expect(() => parseFlags(['--range', '--json'], options)).toThrow(UsageError);
    expect(() => parseFlags(['--json=1'], options)).toThrow(/does not take an argument/);
  });

  it('refuses an option given twice, unless it may repeat', () => {
    expect(() => parseFlags(['--range', '0,1', '--range', '-1,1'], options)).toThrow(new UsageError("--range is given twice ('0,1' and '-1,1'): give it once"));
    expect(() => parseFlags(['--json', '--json'], options)).toThrow(new UsageError('--json is given twice: give it once'));
    expect(parseFlags(['--p', 'a=1', '--p', 'b=2'], { p: { type: 'string', multiple: true } }).values.p).toEqual(['a=1', 'b=2']);
  });
});

describe('commandGroup', () => {
  const out: string[] = [];
  const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };
  const group = commandGroup('tool', 'A tool.', {
    echo: leafCommand('echo the arguments', 'Usage: tool echo ARGS', async (args, sink) => {
      sink.stdout.write(args.join(' '));
      return 3;
    }),
  });

  it('runs the named subcommand, prints help, rejects unknown names', async () => {
    expect(await group.run(['echo', 'a', 'b'], io)).toBe(3);
    expect(out.pop()).toBe('a b');
    expect(await group.run(['echo', 'x', '--help'], io)).toBe(0);
    expect(out.pop()).toBe('Usage: tool echo ARGS\n');
    expect(await group.run(['echo', '--', '--help'], io)).toBe(3);
    expect(await group.run(['--help'], io)).toBe(0);
    expect(out.pop()).toMatch(/^A tool\.\n\nUsage: tool <command> \[options\]\n\n {2}echo {2}echo the arguments\n/);
    await expect(group.run(['ech'], io)).rejects.toThrow(new UsageError("'tool' has no command 'ech'; expected one of: echo"));
    await expect(group.run([], io)).rejects.toThrow(/'tool' needs one of: echo/);
  });
});
