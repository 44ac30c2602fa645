// `actlab activations ...`: list the catalog, evaluate an entry with its float32 kernels, plot
// entries from their float64 references, check their derivatives, and write the README's catalog section.
// Every command takes formula activations ("formula:EXPR;p=VALUE") wherever it takes a name.
import {
  InvalidParameterError,
  activations,
  getActivation,
  getElementwise,
  parseParamAssignments,
  resolveParams,
  splitActivationSpec,
} from '../activations/catalog.js';
import { buildFormulaActivation, FORMULA_PREFIX } from '../activations/formula.js';
import { ABSOLUTE_BELOW, CHECK_X_TEXT, checkGradients, describeDerivative, GRADIENT_TOLERANCE, type DerivativeCheck, type GradientReport } from '../activations/gradient-check.js';
import { evaluate, type Evaluation } from '../activations/evaluate.js';
import type { Activation, ElementwiseActivation } from '../activations/types.js';
import { UsageError } from '../errors.js';
import { readTextFile, writeFileAtomic } from '../fs.js';
import { activationChartSpec } from '../report/activation-chart.js';
import { catalogSection, replaceCatalogSection } from '../report/catalog-markdown.js';
import { activationLabel, formatNumber, formatRange, formatTable, shortestFloat32 } from '../report/format.js';
import { chartFormat, writeChart } from '../report/render.js';
import { commandGroup, leafCommand, parseFlags, parseNumber, parseNumberList, type Io } from './command.js';

/** JSON has no NaN or ±Infinity: those become the strings "NaN", "Infinity", "-Infinity". */
function jsonNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** A float32 kernel output for JSON: its shortest float32 decimal, or the string for NaN/±Infinity. */
function jsonFloat32(v: number): number | string {
  return jsonNumber(Number(shortestFloat32(v)));
}

function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function rejectPositionals(positionals: readonly string[], command: string): void {
  if (positionals.length > 0) throw new UsageError(`'${command}' takes no arguments, got '${positionals[0]}'`);
}

// ---- list

const LIST_HELP = `Usage: actlab activations list [--json]

Lists every activation with its parameters: default, valid range ([ ] includes an end,
( ) excludes it), and * after the default of a learnable parameter.

  --json   print an array of {name, aliases, learnable, params: [{name, default, min, max,
           learnable}], formula}; learnable is true when any parameter is. JSON cannot hold
           Infinity, so infinite bounds are the strings "Infinity" and "-Infinity".`;

function listJson(entries: readonly Activation[]): unknown[] {
  return entries.map((a) => ({
    name: a.name,
    aliases: a.aliases,
    learnable: a.params.some((s) => s.learnable),
    params: a.params.map((s) => ({
      name: s.name,
      default: jsonNumber(s.default),
      min: jsonNumber(s.min),
      max: jsonNumber(s.max),
      learnable: s.learnable,
    })),
    formula: a.formula,
  }));
}

function listTable(entries: readonly Activation[]): string {
  const rows = entries.map((a) => [
    a.name,
    a.params.map((s) => `${s.name}=${formatNumber(s.default)}${s.learnable ? '*' : ''} ${formatRange(s)}`).join(', ') || '-',
    a.kind === 'vector' ? `${a.formula} (row-wise)` : a.formula,
  ]);
  return `${formatTable([['NAME', 'PARAMETERS', 'FORMULA'], ...rows])}\n\n* learnable. --json adds the aliases; README.md has notes and references.`;
}

const list = leafCommand('every activation with its parameters and defaults', LIST_HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } });
  rejectPositionals(positionals, 'actlab activations list');
  if (values.json) printJson(io, listJson(activations));
  else io.stdout.write(`${listTable(activations)}\n`);
  return 0;
});

// ---- choosing entries and parameters (eval and plot)

interface Choice {
  activation: Activation;
  params: number[];
}

/** "NAME" or "NAME:p=v,q=w" (or a formula spec) → the entry and the assignments written with it. */
function parseNameSpec(spec: string, lookup: (name: string) => Activation): { activation: Activation; own: Record<string, number> } {
  const { name, pairs } = splitActivationSpec(spec);
  return { activation: lookup(name), own: parseParamAssignments(pairs) };
}

/**
 * Entries with resolved parameters. `--param P=V` sets P on every entry that has it (on the only
 * entry, whatever it has, so its own error names its parameters), `--param NAME.P=V` on NAME only,
 * and NAME:P=V on that one spec; the more specific wins.
 */
function resolveChoices(specs: readonly string[], paramFlags: readonly string[], lookup = getActivation): Choice[] {
  const entries = specs.map((spec) => parseNameSpec(spec, lookup));
  const names = entries.map((e) => e.activation.name).join(', ');
  const general: Record<string, number> = {};
  const targeted = new Map<Activation, Record<string, number>>();
  const given = new Map<string, number>();
  for (const flag of paramFlags) {
    const [[key, value]] = Object.entries(parseParamAssignments([flag]));
    if (given.has(key)) throw new InvalidParameterError(`--param ${key} is given twice (${given.get(key)} and ${value}): give it once`);
    given.set(key, value);
    const dot = key.indexOf('.');
    if (dot < 0) {
      general[key] = value;
      continue;
    }
    const target = getActivation(key.slice(0, dot));
    if (!entries.some((e) => e.activation === target)) {
      throw new UsageError(`--param ${flag}: ${target.name} is not among the activations given (${names})`);
    }
    targeted.set(target, { ...targeted.get(target), [key.slice(dot + 1)]: value });
  }
  const has = (a: Activation, key: string) => a.params.some((s) => s.name === key);
  if (entries.length > 1) {
    for (const key of Object.keys(general)) {
      if (!entries.some((e) => has(e.activation, key))) {
        throw new InvalidParameterError(`--param ${key}=${general[key]}: none of ${names} has a parameter '${key}'`);
      }
    }
  }
  return entries.map(({ activation, own }) => {
    const shared = Object.entries(general).filter(([key]) => entries.length === 1 || has(activation, key));
    const given = { ...Object.fromEntries(shared), ...targeted.get(activation), ...own };
    return { activation, params: resolveParams(activation, given) };
  });
}

// ---- eval

const EVAL_HELP = `Usage: actlab activations eval NAME (--x LIST | --x-file FILE) [--param P=V ...] [--json]

Evaluates NAME with its float32 kernels (one shared parameter set, period 1) at each x, with
dy/dx and, element by element, the derivative of y with respect to each parameter. NAME may be
a formula activation: "formula:x*sigmoid(b*x);b=1" (see README.md).

  --x LIST        numbers separated by commas or spaces: --x 0.5,-1,2 (also inf, -inf, nan)
  --x-file FILE   the same, read from FILE
  --param P=V     set parameter P (repeatable); NAME:P=V,... works too
  --json          print {name, params, x, y, dydx, dparams: {P: [...]}}

Numbers print as the shortest decimals that read back as the same float32 (x is rounded to
float32 first). JSON cannot hold NaN or Infinity: those are the strings "NaN", "Infinity",
"-Infinity". dparams are derivatives with respect to the parameter itself, also for one learned
as e^θ (multiply by the parameter for d/dθ). A row-wise (vector) entry such as softmax takes all
x as one row: y = f(x), and dydx and dparams are omitted (its Jacobian is not diagonal).`;

function readXs(inline: string | undefined, file: string | undefined): number[] {
  if (inline !== undefined && file !== undefined) throw new UsageError('give --x or --x-file, not both');
  if (inline !== undefined) return parseNumberList(inline, '--x');
  if (file === undefined) throw new UsageError("eval needs inputs: --x 0.5,-1,2 or --x-file FILE (see 'actlab activations eval --help')");
  return parseNumberList(readTextFile(file, `--x-file ${file}`), `--x-file ${file}`);
}

function evalJson({ activation, params }: Choice, { x, y, dydx, dparams }: Evaluation): unknown {
  const values = (arr: Float32Array) => Array.from(arr, jsonFloat32);
  return {
    name: activation.name,
    params: Object.fromEntries(activation.params.map((s, j) => [s.name, jsonNumber(params[j])])),
    x: values(x),
    y: values(y),
    ...(dydx === undefined ? {} : { dydx: values(dydx) }),
    ...(dparams === undefined ? {} : { dparams: Object.fromEntries(activation.params.map((s, j) => [s.name, values(dparams[j])])) }),
  };
}

function evalTable({ activation, params }: Choice, r: Evaluation): string {
  const columns: [string, Float32Array][] = [['x', r.x], ['y', r.y]];
  if (r.dydx !== undefined) columns.push(['dy/dx', r.dydx]);
  r.dparams?.forEach((d, j) => columns.push([`dy/d${activation.params[j].name}`, d]));
  const rows = Array.from(r.x, (_, i) => columns.map(([, arr]) => shortestFloat32(arr[i])));
  const what = activation.kind === 'vector' ? `, one row of ${r.x.length}` : '';
  const title = `${activationLabel(activation, params)}${what}, float32 kernels`;
  return `${title}\n${formatTable([columns.map(([header]) => header), ...rows], columns.map(() => true))}`;
}

const evaluateCommand = leafCommand('evaluate one activation and its derivatives at given inputs', EVAL_HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, {
    x: { type: 'string' },
    'x-file': { type: 'string' },
    param: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) {
    const got = positionals.length === 0 ? 'none' : positionals.join(' ');
    // `--x -1 0 2` leaves 0 and 2 behind as positionals.
    const hint = positionals.slice(1).some((p) => parseNumber(p) !== undefined) ? ' (separate several x with commas: --x -1,0,2)' : '';
    throw new UsageError(`eval takes exactly one activation name, got ${got}${hint}`);
  }
  const xs = readXs(values.x, values['x-file']);
  const [choice] = resolveChoices(positionals, values.param ?? []);
  const result = evaluate(choice.activation, choice.params, xs);
  if (values.json) printJson(io, evalJson(choice, result));
  else io.stdout.write(`${evalTable(choice, result)}\n`);
  return 0;
});

// ---- plot

const PLOT_HELP = `Usage: actlab activations plot NAME... --out FILE.svg|FILE.png [--derivative] [--range LO,HI] [--param ...]

Plots each NAME from its float64 reference: 400 intervals across the range, plus its kinks.
A NAME may be a formula activation: "formula:x*sigmoid(b*x);b=1" (see README.md).
The y-range follows the curves, not their spikes: what runs off it is named above the chart.
Where an entry is undefined (outside its domain, or where f is NaN) the chart is shaded.

  --out FILE         where to write; SVG or PNG by the extension
  --derivative       also draw each df/dx, dashed
  --range LO,HI      x range; default [-5, 5] times the largest length scale of the entries;
                     bounds within ±1e6, HI − LO at least 1e-6 × max(1, |LO|, |HI|)
  --param P=V        set P on every plotted entry that has a parameter P (repeatable)
  --param NAME.P=V   set P on NAME only

NAME:P=V,... sets parameters of that one curve, so an entry can be drawn at several settings
('plot prelu:a=0.1 prelu:a=1'); it wins over --param NAME.P=V, which wins over --param P=V.
The legend names each curve "name (parameters)".`;

/** Largest |bound| --range takes: beyond it every entry is a flat line or an overflow. */
const MAX_RANGE_BOUND = 1e6;
/** Narrowest --range relative to its magnitude (max(1, |LO|, |HI|)): narrower ones show rounding, not a curve. */
const MIN_RANGE_WIDTH = 1e-6;

function parseRange(text: string): [number, number] {
  const v = parseNumberList(text, '--range');
  if (v.length !== 2 || !v.every(Number.isFinite) || !(v[0] < v[1])) {
    throw new UsageError(`--range ${text}: expected two finite numbers LO,HI with LO < HI, e.g. --range -5,5`);
  }
  const [lo, hi] = v;
  if (Math.max(Math.abs(lo), Math.abs(hi)) > MAX_RANGE_BOUND) {
    throw new UsageError(`--range ${text}: bounds must lie within ±${MAX_RANGE_BOUND} (beyond it the curves are flat lines or overflow)`);
  }
  const magnitude = Math.max(1, Math.abs(lo), Math.abs(hi));
  if (hi - lo < MIN_RANGE_WIDTH * magnitude) {
    throw new UsageError(
      `--range ${text}: too narrow to show anything; HI − LO must be at least ${MIN_RANGE_WIDTH} × max(1, |LO|, |HI|) = ${Number((MIN_RANGE_WIDTH * magnitude).toPrecision(3))}`,
    );
  }
  return [lo, hi];
}

const plot = leafCommand('plot activations (and derivatives) to an SVG or PNG file', PLOT_HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, {
    out: { type: 'string' },
    derivative: { type: 'boolean' },
    range: { type: 'string' },
    param: { type: 'string', multiple: true },
  });
  if (values.out === undefined) throw new UsageError('plot needs --out FILE.svg or --out FILE.png');
  chartFormat(values.out);
  if (positionals.length === 0) throw new UsageError("plot needs at least one activation name (see 'actlab activations list')");
  const range = values.range === undefined ? undefined : parseRange(values.range);
  const curves = resolveChoices(positionals, values.param ?? []).map((c) => ({
    activation: getElementwise(c.activation.name),
    params: c.params,
  }));
  await writeChart(activationChartSpec(curves, { range, derivative: values.derivative }), values.out);
  io.stdout.write(`wrote ${values.out}\n`);
  return 0;
});

// ---- check

const CHECK_HELP = `Usage: actlab activations check NAME|FORMULA [--param P=V ...] [--json]

Checks the derivatives of NAME's float64 reference, ∂f/∂x and each ∂f/∂p, against central
differences of f at its default parameters (or --param), at x in
${CHECK_X_TEXT}.
A formula ("formula:x*sigmoid(b*x);b=1") is checked with the derivatives derived from it,
which are printed.

For each derivative it prints the largest relative error, the input where it occurs with the
derivative and the central difference there, the inputs where the derivative is NaN while f is
finite, and the inputs skipped: kinks and jumps (told apart from a wrong derivative by one-sided
differences), domain edges and infinite slopes. A derivative fails when its relative error
exceeds ${GRADIENT_TOLERANCE.toExponential()} or it is NaN anywhere f is finite; derivatives smaller than ${ABSOLUTE_BELOW.toExponential()} in
magnitude are compared absolutely against ${ABSOLUTE_BELOW.toExponential()}, a difference float32 training cannot see.

  --param P=V   set parameter P (repeatable); NAME:P=V,... works too
  --json        print {name, params, tolerance, absoluteBelow, points, undefinedPoints, passed,
                derivatives: [{variable, maxRelError, worst: {x, analytic, numeric}, checked, nan,
                skipped, passed}]}

Exit code: 0 when every derivative passes, 1 when one fails (the check ran: a finding about
the activation, not bad input), 2 for bad input (an unknown name, a formula that does not parse).`;

/** An entry by name; a formula is built without being registered, so a failing derivative is reported, not refused. */
function lookupForCheck(name: string): Activation {
  return name.toLowerCase().startsWith(FORMULA_PREFIX) ? buildFormulaActivation(name) : getActivation(name);
}

/** 3.6e-18; 1e-6 for a power of ten. */
const formatError = (v: number) => (v === 0 ? '0' : v.toExponential(1).replace('.0e', 'e'));

function derivativeRow(c: DerivativeCheck): string[] {
  const w = c.worst;
  return [
    `∂f/∂${c.variable}`,
    formatError(c.maxRelError),
    w === null ? '-' : `x = ${formatNumber(w.x)}`,
    w === null ? '-' : String(w.analytic),
    w === null ? '-' : String(w.numeric),
    String(c.nan),
    String(c.skipped),
    c.passed ? 'pass' : 'FAIL',
  ];
}

function checkTable(a: ElementwiseActivation, r: GradientReport): string {
  const header = ['DERIVATIVE', 'MAX REL. ERROR', 'WORST AT', 'DERIVATIVE THERE', 'CENTRAL DIFFERENCE', 'NaN', 'SKIPPED', 'RESULT'];
  const table = formatTable([header, ...r.derivatives.map(derivativeRow)], [false, true, false, true, true, true, true]);
  const title = `gradient check of ${activationLabel(a, r.params)}: ${r.points} inputs where f is finite, ${r.undefinedPoints} where it is not`;
  const derived = a.family === 'formula' ? `\n${a.notes}` : '';
  const failures = r.derivatives.filter((c) => !c.passed).map((c) => `\nFAIL: ${describeDerivative(a, r, c)}`).join('');
  const tolerance =
    `errors are beyond the differences' own rounding (0: equal to rounding); tolerance ${formatError(r.tolerance)} ` +
    `(absolute below ${formatError(r.absoluteBelow)} in magnitude)`;
  return `${title}${derived}\n${table}\n${tolerance}; ${r.passed ? 'every derivative passes' : 'FAILED'}${failures}`;
}

function checkJson(r: GradientReport): unknown {
  return {
    name: r.activation,
    params: r.params,
    tolerance: r.tolerance,
    absoluteBelow: r.absoluteBelow,
    points: r.points,
    undefinedPoints: r.undefinedPoints,
    passed: r.passed,
    derivatives: r.derivatives.map((c) => ({
      variable: c.variable,
      maxRelError: c.maxRelError,
      worst: c.worst === null ? null : { x: jsonNumber(c.worst.x), analytic: jsonNumber(c.worst.analytic), numeric: jsonNumber(c.worst.numeric) },
      checked: c.checked,
      nan: c.nan,
      skipped: c.skipped,
      passed: c.passed,
    })),
  };
}

const check = leafCommand('check an activation\'s derivatives against central differences', CHECK_HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, { param: { type: 'string', multiple: true }, json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError(`check takes exactly one activation name or formula, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  const [choice] = resolveChoices(positionals, values.param ?? [], lookupForCheck);
  if (choice.activation.kind !== 'elementwise') throw new UsageError(`'${choice.activation.name}' is a row-wise (vector) function: check takes elementwise activations`);
  const report = checkGradients(choice.activation, { params: choice.params });
  if (values.json) printJson(io, checkJson(report));
  else io.stdout.write(`${checkTable(choice.activation, report)}\n`);
  return report.passed ? 0 : 1;
});

// ---- readme

const README_HELP = `Usage: actlab activations readme [--write FILE | --check FILE]

Generates the README's catalog section (a table per family) from the catalog metadata and
prints it.

  --write FILE   replace the section between <!-- catalog:start --> and <!-- catalog:end -->
                 in FILE with the generated one
  --check FILE   exit 0 if FILE's section is current, 1 if it is stale (for CI)`;

function readReadme(path: string, flag: string): string {
  return readTextFile(path, `${flag} ${path}`);
}

const readme = leafCommand("generate the README's catalog section", README_HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, { write: { type: 'string' }, check: { type: 'string' } });
  rejectPositionals(positionals, 'actlab activations readme');
  if (values.write !== undefined && values.check !== undefined) throw new UsageError('give --write or --check, not both');
  const section = catalogSection(activations);
  if (values.check !== undefined) {
    const text = readReadme(values.check, '--check');
    if (replaceCatalogSection(text, section) === text) {
      io.stdout.write(`${values.check}: catalog section is up to date\n`);
      return 0;
    }
    io.stderr.write(`actlab: ${values.check}: catalog section is stale; run 'actlab activations readme --write ${values.check}'\n`);
    return 1;
  }
  if (values.write !== undefined) {
    const text = readReadme(values.write, '--write');
    const updated = replaceCatalogSection(text, section);
    if (updated !== text) writeFileAtomic(values.write, updated);
    io.stdout.write(`${values.write}: catalog section ${updated === text ? 'was already up to date' : 'updated'}\n`);
    return 0;
  }
  io.stdout.write(`${section}\n`);
  return 0;
});

/** `actlab activations <list|eval|plot|check|readme>`. */
export const activationsCommand = commandGroup('actlab activations', 'list, evaluate, plot and check the activation catalog', {
  list,
  eval: evaluateCommand,
  plot,
  check,
  readme,
});
