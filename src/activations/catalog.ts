// The catalog: every activation by name and alias, with lookup, parameter parsing and validation.
import { UsageError } from '../errors.js';
import type { Activation, ElementwiseActivation, ParamSpec } from './types.js';
import * as piecewise from './piecewise.js';
import * as smoothRectifiers from './smooth-rectifiers.js';
import * as sigmoidal from './sigmoidal.js';
import * as exponentialLinear from './exponential-linear.js';
import * as linear from './linear.js';
import * as periodic from './periodic.js';
import * as vector from './vector.js';
import * as softExponential from './soft-exponential.js';
import * as adaptive from './adaptive.js';
import * as parametricElu from './parametric-elu.js';
import * as sShapedRelu from './s-shaped-relu.js';
import * as adaptivePiecewiseLinear from './adaptive-piecewise-linear.js';
import { aplActivation } from './adaptive-piecewise-linear.js';
import * as rational from './rational.js';
import { pauActivation } from './rational.js';
import { FIT_TARGETS } from './rational-fit.js';
import type { SafeVersion } from './rational-math.js';
import * as rbfBasis from './rbf-basis.js';
import { rbfActivation } from './rbf-basis.js';

const families: Record<string, unknown>[] = [piecewise, sigmoidal, exponentialLinear, linear, periodic, vector, smoothRectifiers, softExponential, adaptive, parametricElu, sShapedRelu, adaptivePiecewiseLinear, rational, rbfBasis];

function isActivation(v: unknown): v is Activation {
  return typeof v === 'object' && v !== null && 'kind' in v && 'name' in v && 'ref' in v;
}

/**
 * Every activation: family files in the order above, entries by name within each (a module
 * namespace lists its exports alphabetically under Node, so declaration order is not kept).
 */
export const activations: readonly Activation[] = families.flatMap((m) =>
  Object.values(m)
    .filter(isActivation)
    .sort((a, b) => (a.name < b.name ? -1 : 1)),
);

const byName = new Map<string, Activation>();

/** Adds `a` under its name and aliases (case-insensitive); a name taken by another entry is an error. */
function index(a: Activation): void {
  for (const key of [a.name, ...a.aliases]) {
    const clash = byName.get(key.toLowerCase());
    if (clash !== undefined && clash !== a) throw new UsageError(`activation name clash: '${key}' is already ${clash.name}`);
  }
  for (const key of [a.name, ...a.aliases]) byName.set(key.toLowerCase(), a);
}
activations.forEach(index);

/** Activations defined by the user for this process (defineActivation, formula activations), in order of definition. */
const defined: Activation[] = [];

/** Makes `a` known by name for the rest of the process, as a catalog entry is. */
export function registerActivation(a: Activation): void {
  index(a);
  defined.push(a);
}

/** The catalog and the activations defined in this process. */
export function listActivations(): readonly Activation[] {
  return [...activations, ...defined];
}

/**
 * Makes activation specs of a prefix known ("formula:" for formula activations): `resolve` builds the entry for a
 * spec that starts with `prefix` the first time it is asked for. Lets a module that is heavy to load plug in.
 */
const resolvers = new Map<string, (spec: string) => Activation>();
export function registerSpecResolver(prefix: string, resolve: (spec: string) => Activation): void {
  resolvers.set(prefix.toLowerCase(), resolve);
}

/**
 * Entries whose size is in their name (apl-3: APL with 3 hinges), built on demand. Unlike a prefix spec the name
 * takes parameters as any other (apl-3:a=0.1).
 */
const SIZED_FAMILIES: readonly { pattern: RegExp; build: (match: RegExpMatchArray) => Activation }[] = [
  { pattern: /^apl-(\d+)$/i, build: (m) => aplActivation(sizeFromName(m[0], m[1], 'hinges S', 64), `apl-${Number(m[1])}`) },
  { pattern: /^pau-(\d+)-(\d+)-([^-]*)-(.*)$/i, build: buildPau },
  { pattern: /^rbfBasis-(\d+)$/i, build: (m) => rbfActivation(sizeFromName(m[0], m[1], 'grid points G', 64, 2), `rbfBasis-${Number(m[1])}`) },
];

/** pau-M-N-V-INIT: degrees M and N, safe denominator version V (A, B or C), initial fit to INIT. */
function buildPau(match: RegExpMatchArray): Activation {
  const [name, mText, nText, versionText, initText] = match;
  const numeratorDegree = sizeFromName(name, mText, 'numerator degree M', 8);
  const denominatorDegree = sizeFromName(name, nText, 'denominator degree N', 8);
  const version = versionText.toUpperCase();
  if (!['A', 'B', 'C'].includes(version)) throw new UsageError(`${name}: version '${versionText}' must be A, B or C`);
  const init = Object.keys(FIT_TARGETS).find((t) => t.toLowerCase() === initText.toLowerCase());
  if (init === undefined) throw new UsageError(`${name}: start '${initText}' must be one of ${Object.keys(FIT_TARGETS).join(', ')}`);
  const options = { numeratorDegree, denominatorDegree, version: version as SafeVersion, init };
  return pauActivation(options, `pau-${numeratorDegree}-${denominatorDegree}-${version}-${init}`);
}

/** The size written in a sized family's name, an integer in [1, max]. */
export function sizeFromName(name: string, text: string, what: string, max: number, min = 1): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${name}: ${what} = ${text} must be an integer from ${min} to ${max}`);
  return v;
}

/** An entry for a spec with a registered prefix or of a sized family, built once and then known by the spec. */
function resolveBySpec(name: string): Activation | undefined {
  for (const [prefix, resolve] of resolvers) {
    if (!name.toLowerCase().startsWith(prefix)) continue;
    const a = resolve(name);
    if (!byName.has(a.name.toLowerCase())) registerActivation(a);
    return a;
  }
  for (const { pattern, build } of SIZED_FAMILIES) {
    const match = pattern.exec(name.trim());
    if (match === null) continue;
    const a = build(match);
    return byName.get(a.name.toLowerCase()) ?? (registerActivation(a), a);
  }
  return undefined;
}

export class UnknownActivationError extends UsageError {}
export class InvalidParameterError extends UsageError {}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The closest catalog names to `name`, best first. */
export function suggestNames(name: string, count = 3): string[] {
  const q = name.toLowerCase();
  return listActivations()
    .map((a) => ({
      name: a.name,
      d: Math.min(...[a.name, ...a.aliases].map((k) => editDistance(q, k.toLowerCase()) - (k.toLowerCase().includes(q) ? 2 : 0))),
    }))
    .sort((u, v) => u.d - v.d)
    .slice(0, count)
    .map((s) => s.name);
}

/** Looks an activation up by name or alias (case-insensitive); unknown names get suggestions. */
export function getActivation(name: string): Activation {
  const found = byName.get(name.toLowerCase()) ?? resolveBySpec(name);
  if (found === undefined) {
    throw new UnknownActivationError(
      `unknown activation '${name}'; closest: ${suggestNames(name).join(', ')} (see 'actlab activations list')`,
    );
  }
  return found;
}

export function getElementwise(name: string): ElementwiseActivation {
  const a = getActivation(name);
  if (a.kind !== 'elementwise') throw new UsageError(`'${a.name}' is a row-wise (vector) function, not an elementwise activation`);
  return a;
}

function describeRange(s: ParamSpec): string {
  return `${s.minOpen ? '(' : '['}${s.min}, ${s.max}${s.maxOpen ? ')' : ']'}`;
}

/** Whether v is a valid value of s: finite (a value that overflowed to ±Infinity is out of range) and within its bounds. */
export function inRange(s: ParamSpec, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  const aboveMin = s.minOpen ? v > s.min : v >= s.min;
  const belowMax = s.maxOpen ? v < s.max : v <= s.max;
  return aboveMin && belowMax;
}

/** The names `given` may use: each parameter's, and each group's (a vector parameter: a1..aS are group a). */
function paramNamesOf(a: Activation): string[] {
  return [...new Set(a.params.flatMap((s) => (s.group === undefined ? [s.name] : [s.group, s.name])))];
}

/** `given` by parameter name, a group's value copied to each of its members; a member given as well is an error. */
function broadcastGroups(a: Activation, given: Readonly<Record<string, number>>): Record<string, number> {
  const names = paramNamesOf(a);
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(given)) {
    if (!names.includes(key)) {
      throw new InvalidParameterError(
        `${a.name} has no parameter '${key}'; ${names.length ? `its parameters are: ${names.join(', ')}` : 'it takes no parameters'}`,
      );
    }
    // A group's name is never a parameter's (defineElementwise checks), so a key names one or the other.
    const members = a.params.filter((s) => s.name === key || s.group === key);
    for (const s of members) {
      if (Object.hasOwn(out, s.name)) throw new InvalidParameterError(`${a.name}: ${s.name} is given twice (as ${s.group} and as ${s.name}): give it once`);
      out[s.name] = value;
    }
  }
  return out;
}

/**
 * Parameter values in declaration order: defaults, overridden by `given` (by name or group), each
 * checked against its range and the entry's cross-parameter constraint.
 */
export function resolveParams(a: Activation, given: Readonly<Record<string, number>> = {}): number[] {
  const byMember = broadcastGroups(a, given);
  const values = a.params.map((s) => {
    const v = byMember[s.name] ?? s.default;
    if (v === Infinity || v === -Infinity) {
      throw new InvalidParameterError(`${a.name}: ${s.name} = ${v} is not a finite number (a value this large overflows to ±Infinity); its valid range is ${describeRange(s)}`);
    }
    if (!inRange(s, v)) {
      throw new InvalidParameterError(`${a.name}: ${s.name} = ${v} is outside its valid range ${describeRange(s)}`);
    }
    return v;
  });
  const problem = a.validate?.(values) ?? null;
  if (problem !== null) throw new InvalidParameterError(`${a.name}: ${problem}`);
  return values;
}

/** Parses "name=value" pairs (e.g. ["alpha=0.3"]) into an object; values must be numbers, each name given once. */
export function parseParamAssignments(pairs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1).trim();
    const value = Number(text);
    if (eq <= 0 || text === '' || Number.isNaN(value)) {
      throw new InvalidParameterError(`parameter '${pair}' is not of the form name=number`);
    }
    if (Object.hasOwn(out, key)) throw new InvalidParameterError(`parameter ${key} is given twice (${out[key]} and ${text}): give it once`);
    out[key] = value;
  }
  return out;
}

/**
 * "adaptiveRelu:alpha=2,..." → the name and its "p=v" pairs. A spec with a registered prefix ("formula:...") is a
 * name as a whole: its parameter values are written inside it.
 */
export function splitActivationSpec(spec: string): { name: string; pairs: string[] } {
  const trimmed = spec.trim();
  if ([...resolvers.keys()].some((prefix) => trimmed.toLowerCase().startsWith(prefix))) return { name: trimmed, pairs: [] };
  const [name, rest] = trimmed.split(/:(.*)/s, 2);
  return { name: name.trim(), pairs: rest === undefined || rest.trim() === '' ? [] : rest.split(',') };
}

/** "adaptiveRelu:alpha=2,..." → the entry and its resolved parameter values. */
export function parseActivationSpec(spec: string): { activation: Activation; params: number[] } {
  const { name, pairs } = splitActivationSpec(spec);
  const activation = getActivation(name);
  return { activation, params: resolveParams(activation, parseParamAssignments(pairs)) };
}
