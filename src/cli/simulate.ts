// `actlab simulate`: a data set from a random teacher network (Farhadi et al. 2019, section 4.1),
// written as CSV (features x0… and label) with a JSON sidecar recording every option and the teacher.
import { basename } from 'node:path';
import { writeCsv } from '../data/csv-file.js';
import {
  LABEL_RULES,
  SPREADS,
  TEACHER_DEFAULTS,
  TEACHER_LIMITS,
  resolveTeacherOptions,
  simulateTeacher,
  teacherTable,
  type TeacherData,
  type TeacherOptions,
} from '../data/teacher.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs.js';
import { VERSION } from '../version.js';
import { leafCommand, parseFlags } from './command.js';

const d = TEACHER_DEFAULTS;

/** The majority-class share from which the labels are called (nearly) one class. */
const NEARLY_ONE_CLASS = 0.9;

const HELP = `Usage: actlab simulate --out FILE.csv [options]

Draws a random teacher network as in Farhadi, Partovi Nia & Lodi (2019), section 4.1: inputs
x ~ N(0, 1), hidden layers of the given activation, biases N(0, 0.5), weights from the equal
mixture of N(1, 0.5) and N(−1, 0.5), one linear output o, and a binary label from o.
Writes FILE.csv (columns x0, x1, …, label) and FILE.json (every option, the teacher's weight
statistics, the output's spread and the class balance with its majority-class rate, the accuracy
of a model that always answers the commoner label). The majority-class rate is printed too.

Options:
  --out FILE.csv       where to write (required); the sidecar is FILE.json
  --layers N           hidden layers; the paper uses 1 and 8 [${d.hiddenLayers}]
  --activation NAME    hidden activation, any elementwise catalog entry at its defaults;
                       the paper uses sigmoid and relu [${d.activation}]
  --examples N         examples [${d.examples}]
  --features N         input features [${d.features}]
  --width N            neurons per hidden layer [${d.width}]
  --spread MODE        the paper's 0.5 read as a variance (σ = 0.707) or std (σ = 0.5) [${d.spread}]
  --labels RULE        median: y = [o > median o], balanced classes; threshold: y = [o > 0];
                       bernoulli: y ~ Bernoulli(σ(o)) [${d.labels}]
  --seed N             integer in [0, 2^32) [${d.seed}]

The paper does not say how inputs were drawn, whether 0.5 is a variance or a standard deviation,
or how labels come from the output: these are the choices above.`;

const flagOptions = {
  out: { type: 'string' },
  layers: { type: 'string' },
  activation: { type: 'string' },
  examples: { type: 'string' },
  features: { type: 'string' },
  width: { type: 'string' },
  spread: { type: 'string' },
  labels: { type: 'string' },
  seed: { type: 'string' },
} as const;

/** Whole-number flags and the teacher option each sets. */
const WHOLE_FLAGS = { layers: 'hiddenLayers', examples: 'examples', features: 'features', width: 'width', seed: 'seed' } as const;

function wholeNumber(flag: string, text: string, [min, max]: readonly [number, number]): number {
  const v = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(v >= min && v <= max)) throw new UsageError(`--${flag}: '${text}' is not a whole number in [${min}, ${max}]`);
  return v;
}

function choice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${flag}: '${text}' is not one of ${choices.join(', ')}`);
  return text as T;
}

/** The JSON sidecar: the CSV's layout, then the teacher's metadata. */
function sidecar(csvPath: string, columns: readonly string[], data: TeacherData): string {
  const record = { actlabVersion: VERSION, csv: { file: basename(csvPath), columns, target: 'label' }, ...data.metadata };
  return `${JSON.stringify(record, null, 2)}\n`;
}

export const simulateCommand = leafCommand('simulate a data set from a random teacher network (CSV + JSON)', HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, flagOptions);
  if (positionals.length > 0) throw new UsageError(`'actlab simulate' takes no arguments, got '${positionals[0]}'`);
  const out = values.out;
  if (out === undefined) throw new UsageError("'actlab simulate' needs --out FILE.csv (see 'actlab simulate --help')");
  if (!/\.csv$/i.test(out) || basename(out).length <= 4) throw new UsageError(`--out: '${out}' must be a file name ending in .csv`);

  const given: Partial<TeacherOptions> = {};
  for (const [flag, key] of Object.entries(WHOLE_FLAGS) as [keyof typeof WHOLE_FLAGS, keyof typeof TEACHER_LIMITS][]) {
    const text = values[flag];
    if (text !== undefined) given[key] = wholeNumber(flag, text, TEACHER_LIMITS[key]);
  }
  if (values.spread !== undefined) given.spread = choice('spread', values.spread, SPREADS);
  if (values.labels !== undefined) given.labels = choice('labels', values.labels, LABEL_RULES);
  if (values.activation !== undefined) given.activation = values.activation;
  const options = resolveTeacherOptions(given); // every check before anything is written

  const data = simulateTeacher(options);
  const table = teacherTable(data);
  const columns = [...table.featureNames, 'label'];
  const f = data.featureCount;
  const rows = Array.from({ length: data.count }, (_, n) => [...data.features.subarray(n * f, (n + 1) * f), data.labels[n]]);
  const jsonPath = out.replace(/\.csv$/i, '.json');
  writeCsv(out, columns, rows);
  writeFileAtomic(jsonPath, sidecar(out, columns, data));

  const { classBalance, bayesAccuracy } = data.metadata;
  const ceiling = options.labels === 'bernoulli' ? `; best possible accuracy ${(100 * bayesAccuracy).toFixed(1)} %` : '';
  const majority = classBalance.majorityRate;
  io.stdout.write(
    `wrote ${out}: ${data.count} examples × ${f} features, label 1 for ${(100 * classBalance.positiveFraction).toFixed(1)} % ` +
      `(${options.labels} labels${ceiling}); majority class ${(100 * majority).toFixed(1)} % (the accuracy of always answering it); teacher and options in ${jsonPath}\n`,
  );
  if (majority >= NEARLY_ONE_CLASS) {
    const label = classBalance.positiveFraction >= 0.5 ? 1 : 0;
    io.stderr.write(
      `actlab: warning: ${(100 * majority).toFixed(1)} % of the labels are ${label}: a model that always answers ${label} scores ${(100 * majority).toFixed(1)} %, ` +
        'so accuracies on this data say little (--labels median gives balanced classes)\n',
    );
  }
  return 0;
});
