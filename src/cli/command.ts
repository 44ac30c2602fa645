// What every CLI command shares: injected output streams, commands grouped under a name with
// their help, flag parsing that turns mistakes into usage errors, and the number-list syntax.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { formatTable } from '../report/format.js';

/** Where a command writes; `process` fits, and tests pass collectors. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface Command {
  /** One line, for the parent's help. */
  summary: string;
  /** Runs with the arguments after the command's name; returns the exit code. */
  run(args: string[], io: Io): Promise<number>;
}

function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** A command that prints `help` for --help/-h anywhere in its arguments, and runs `run` otherwise. */
export function leafCommand(summary: string, help: string, run: (args: string[], io: Io) => Promise<number>): Command {
  return {
    summary,
    async run(args, io) {
      if (!wantsHelp(args)) return run(args, io);
      io.stdout.write(`${help}\n`);
      return 0;
    },
  };
}

/** A command made of subcommands (`name sub ...`): runs the one named first; --help lists them. */
export function commandGroup(name: string, intro: string, subcommands: Readonly<Record<string, Command>>): Command {
  const names = Object.keys(subcommands);
  const help = [
    intro,
    '',
    `Usage: ${name} <command> [options]`,
    '',
    formatTable(names.map((n) => [`  ${n}`, subcommands[n].summary])),
    '',
    `Run '${name} <command> --help' for details.`,
  ].join('\n');
  return {
    summary: intro,
    async run(args, io) {
      const [first, ...rest] = args;
      if (first === '--help' || first === '-h' || first === 'help') {
        io.stdout.write(`${help}\n`);
        return 0;
      }
      if (first === undefined) throw new UsageError(`'${name}' needs one of: ${names.join(', ')} (see '${name} --help')`);
      if (!Object.hasOwn(subcommands, first)) {
        throw new UsageError(`'${name}' has no ${first.startsWith('-') ? 'option' : 'command'} '${first}'; expected one of: ${names.join(', ')}`);
      }
      return subcommands[first].run(rest, io);
    },
  };
}

/**
 * One number as written on a command line or in a file: decimal or exponent notation,
 * Infinity/inf with an optional sign, or NaN. Anything else (including hex and '') is undefined.
 */
export function parseNumber(token: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(token)) return Number(token);
  if (/^[+-]?inf(inity)?$/i.test(token)) return token.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(token)) return NaN;
  return undefined;
}

/**
 * Numbers separated by commas and/or whitespace. A bad token is named with its position (1-based,
 * and its line when the text has several) under `source`, e.g. "--x-file data.txt".
 */
export function parseNumberList(text: string, source: string): number[] {
  const lead = text.length - text.trimStart().length;
  const body = text.trim();
  if (body === '') throw new UsageError(`${source}: no numbers given`);
  const separators = [...body.matchAll(/\s*,\s*|\s+/g)];
  const starts = [0, ...separators.map((m) => m.index + m[0].length)];
  const ends = [...separators.map((m) => m.index), body.length];
  const multiline = body.includes('\n');
  return starts.map((start, i) => {
    const token = body.slice(start, ends[i]);
    const value = parseNumber(token);
    if (value !== undefined) return value;
    const line = multiline ? `, line ${text.slice(0, lead + start).split('\n').length}` : '';
    const what = token === '' ? 'empty value' : `'${token}' is not a number`;
    throw new UsageError(`${source}: ${what} (position ${i + 1}${line})`);
  });
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * `--flag -1,2` → `--flag=-1,2` for string flags whose value starts with a negative number, which
 * parseArgs would otherwise reject as a possible flag (`--range -5,5`, `--x -1`).
 */
function attachNegativeValues(args: readonly string[], options: OptionsConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : undefined;
    const next = args[i + 1];
    const isString = name !== undefined && Object.hasOwn(options, name) && options[name].type === 'string';
    if (isString && next !== undefined && next.startsWith('-') && parseNumber(next.split(/[\s,]/)[0]) !== undefined) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else {
      out.push(args[i]);
    }
  }
  return out;
}

type FlagValue<D> = D extends { type: 'boolean' }
  ? D extends { multiple: true } ? boolean[] : boolean
  : D extends { multiple: true } ? string[] : string;

/** What parseFlags returns: each option's value (undefined when absent), and the positionals. */
export interface ParsedFlags<O extends OptionsConfig> {
  values: { [K in keyof O]?: FlagValue<O[K]> };
  positionals: string[];
}

/** Refuses an option given twice (parseArgs keeps the last silently); options declared `multiple` may repeat. */
function refuseRepeats(tokens: readonly { kind: string; name?: string; value?: string | undefined }[], options: OptionsConfig): void {
  const seen = new Map<string, string | undefined>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name === undefined || options[t.name]?.multiple) continue;
    if (seen.has(t.name)) {
      const values = [seen.get(t.name), t.value].filter((v) => v !== undefined).map((v) => `'${v}'`);
      throw new UsageError(`--${t.name} is given twice${values.length === 2 ? ` (${values.join(' and ')})` : ''}: give it once`);
    }
    seen.set(t.name, t.value);
  }
}

/** node:util parseArgs (strict, positionals allowed) whose errors become usage errors; an option given twice is one. */
export function parseFlags<O extends OptionsConfig>(args: readonly string[], options: O): ParsedFlags<O> {
  try {
    const { values, positionals, tokens } = parseArgs({ args: attachNegativeValues(args, options), options, strict: true, allowPositionals: true, tokens: true });
    refuseRepeats(tokens, options);
    return { values: values as ParsedFlags<O>['values'], positionals };
  } catch (err) {
    // parseArgs reports bad input as TypeErrors with ERR_PARSE_ARGS_* codes.
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw err;
    const message = (err as Error).message.replace(/\s+/g, ' ');
    const unknown = /^Unknown option '([^']*)'/.exec(message);
    if (unknown === null) throw new UsageError(message);
    const known = Object.keys(options).map((name) => `--${name}`);
    throw new UsageError(`unknown option '${unknown[1]}'; ${known.length ? `options here: ${known.join(', ')}, --help` : 'only --help is accepted here'}`);
  }
}
