// Numeric tables in CSV files: a strict reader (every bad cell named by file, line and column), the
// example source the trainer reads from a table, and an atomic writer.
import { UsageError } from '../errors.js';
import { batchLength, exampleIndex } from './batch.js';
import type { ExampleSource } from './source.js';

/** Examples as rows of numbers: features row-major, one target per row. */
export interface NumericTable {
  count: number;
  featureNames: string[];
  /** count × featureNames.length, row-major. */
  features: Float64Array;
  /** Class index (classification) or value (regression) per row. */
  targets: ArrayLike<number>;
  /** Number of classes K (targets in 0…K−1); 0 for regression. */
  classes: number;
}

/** A table read from a CSV file, with where it came from. */
export interface CsvTable extends NumericTable {
  path: string;
  /** Whether the first line was a header. */
  hasHeader: boolean;
  /** Every column's name: the header's, or "0", "1", … (the 0-based index) without one. */
  columns: string[];
  targetName: string;
  targetColumn: number;
  targets: Float64Array;
}

export interface CsvReadOptions {
  /**
   * The target column: a name, or a 0-based index (negative counts from the end, −1 = last) as a number
   * or a string of digits. A header name wins over an index when both match. Default −1, the last column.
   */
  target?: string | number;
  /** true: the first line names the columns; false: it is data; 'auto' (default): a header if any cell of the first line is text. */
  header?: boolean | 'auto';
  /** 'classification' (default): targets are integers 0…K−1. 'regression': any finite number. */
  task?: 'classification' | 'regression';
  /** K for classification; inferred as 1 + the largest target when absent. */
  classes?: number;
}

// Decimal or exponent notation only: no hex, no thousands separators, no words.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
// Features and targets reach the trainer as float32: a larger magnitude would silently become ±Infinity.
const FLOAT32_MAX = 3.4028234663852886e38;

/** Whether a cell is meant as a number (including NaN and infinities, which parseCell then rejects by name). */
function looksNumeric(cell: string): boolean {
  return NUMBER.test(cell) || /^[+-]?(nan|inf(inity)?)$/i.test(cell);
}

/** Where a cell is, for messages: `data.csv, line 7, column "x3"`. */
function place(path: string, line: number, column?: string): string {
  return `${path}, line ${line}${column === undefined ? '' : `, column ${column}`}`;
}

/** Splits one line into trimmed cells; "…" quotes (with "" for a quote) may hold commas but not line breaks. */
function splitCells(text: string, where: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    let cell: string;
    if (text[i] === '"') {
      cell = '';
      for (i++; ; i++) {
        if (i >= text.length) throw new UsageError(`${where}: unterminated quote (a quoted cell cannot span lines)`);
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          i++;
        }
        cell += text[i];
      }
      i++;
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (i < text.length && text[i] !== ',') throw new UsageError(`${where}: text after a closing quote`);
    } else {
      const end = text.indexOf(',', i);
      cell = text.slice(i, end < 0 ? text.length : end).trim();
      i = end < 0 ? text.length : end;
    }
    cells.push(cell);
    if (i >= text.length) return cells;
    i++; // the comma
  }
}

/** A cell as a float32-representable finite number, or a usage error saying what is wrong with it. */
function parseCell(cell: string, where: string): number {
  if (cell === '') throw new UsageError(`${where}: empty cell`);
  if (/^[+-]?nan$/i.test(cell)) throw new UsageError(`${where}: NaN is not allowed`);
  if (/^[+-]?inf(inity)?$/i.test(cell)) throw new UsageError(`${where}: infinite value '${cell}' is not allowed`);
  if (!NUMBER.test(cell)) throw new UsageError(`${where}: '${cell}' is not a number`);
  const v = Number(cell);
  if (!(Math.abs(v) <= FLOAT32_MAX)) throw new UsageError(`${where}: ${cell} is outside the float32 range (±3.4e38)`);
  return v;
}

/** The target's column index among `columns`, by name first, then as an index. */
function resolveTarget(target: string | number, columns: readonly string[], path: string): number {
  if (typeof target === 'string') {
    const byName = columns.indexOf(target);
    if (byName >= 0) return byName;
  }
  const index = typeof target === 'number' ? target : /^-?\d+$/.test(target.trim()) ? Number(target.trim()) : NaN;
  if (Number.isInteger(index) && index >= -columns.length && index < columns.length) return index < 0 ? columns.length + index : index;
  const shown = columns.length > 20 ? [...columns.slice(0, 20), '…'] : columns;
  throw new UsageError(
    `${path}: no target column '${target}'; columns are ${shown.join(', ')} (or an index 0–${columns.length - 1}, −1 for the last)`,
  );
}

/** Validates class targets: integers in 0…K−1, K given (≥ 2) or 1 + the largest. Returns K. */
function checkClasses(targets: Float64Array, lines: Uint32Array, given: number | undefined, path: string, column: string): number {
  if (given !== undefined && (!Number.isInteger(given) || given < 2)) throw new UsageError(`classes must be a whole number ≥ 2, got ${given}`);
  let largest = 0;
  for (let r = 0; r < targets.length; r++) {
    const y = targets[r];
    const where = place(path, lines[r], column);
    if (!Number.isInteger(y) || y < 0) {
      throw new UsageError(`${where}: class ${y} is not a whole number ≥ 0 (classes are 0…K−1; use regression for real-valued targets)`);
    }
    if (given !== undefined && y >= given) throw new UsageError(`${where}: class ${y} is not below the ${given} classes given`);
    largest = Math.max(largest, y);
  }
  if (given === undefined && largest === 0) {
    throw new UsageError(`${path}, column ${column}: every target is class 0; a classifier needs ≥ 2 classes (give the number of classes)`);
  }
  return given ?? largest + 1;
}

/** Parses CSV text (`path` names it in messages) into a numeric table; every other column than the target is a feature. */
export function parseCsv(text: string, path: string, options: CsvReadOptions = {}): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: { line: number; cells: string[] }[] = [];
  for (let l = 0; l < lines.length; l++) {
    if (lines[l].trim() !== '') rows.push({ line: l + 1, cells: splitCells(lines[l], place(path, l + 1)) });
  }
  if (rows.length === 0) throw new UsageError(`${path}: no rows (the file is empty)`);

  const header = options.header ?? 'auto';
  const first = rows[0];
  const hasHeader = header === 'auto' ? first.cells.some((c) => c !== '' && !looksNumeric(c)) : header;
  const width = first.cells.length;
  const columns = hasHeader ? first.cells : first.cells.map((_, i) => String(i));
  if (hasHeader) {
    columns.forEach((name, i) => {
      if (name === '') throw new UsageError(`${place(path, first.line)}: column ${i} of the header has no name`);
      if (columns.indexOf(name) !== i) throw new UsageError(`${place(path, first.line)}: column name "${name}" appears twice`);
    });
  }
  if (width < 2) throw new UsageError(`${place(path, first.line)}: one column; a table needs a target and at least one feature`);
  const label = (c: number) => (hasHeader ? `"${columns[c]}"` : String(c));
  const targetColumn = resolveTarget(options.target ?? -1, columns, path);

  const data = hasHeader ? rows.slice(1) : rows;
  if (data.length === 0) throw new UsageError(`${path}: a header but no data rows`);
  const featureCount = width - 1;
  const features = new Float64Array(data.length * featureCount);
  const targets = new Float64Array(data.length);
  const rowLines = new Uint32Array(data.length);
  data.forEach(({ line, cells }, r) => {
    if (cells.length !== width) {
      throw new UsageError(`${place(path, line)}: ${cells.length} cells, expected ${width} (as on line ${first.line})`);
    }
    rowLines[r] = line;
    let k = r * featureCount;
    for (let c = 0; c < width; c++) {
      const v = parseCell(cells[c], place(path, line, label(c)));
      if (c === targetColumn) targets[r] = v;
      else features[k++] = v;
    }
  });

  const task = options.task ?? 'classification';
  if (task !== 'classification' && task !== 'regression') throw new UsageError(`task must be classification or regression, got '${String(task)}'`);
  if (task === 'regression' && options.classes !== undefined) throw new UsageError('classes applies to classification, not regression');
  const classes = task === 'regression' ? 0 : checkClasses(targets, rowLines, options.classes, path, label(targetColumn));
  return {
    path,
    hasHeader,
    columns,
    targetName: columns[targetColumn],
    targetColumn,
    featureNames: columns.filter((_, c) => c !== targetColumn),
    count: data.length,
    features,
    targets,
    classes,
  };
}

/** A table as the trainer's example source: features copied to float32, targets as class index or value. */
export function csvSource(table: NumericTable): ExampleSource {
  const width = table.featureNames.length;
  const { count, features, targets } = table;
  return {
    count,
    sampleShape: [width],
    classes: table.classes,
    unit: 'rows',
    fillInputs(indices, offset, batch, out) {
      const n = batchLength(indices, offset, batch, out.length, width);
      for (let b = 0; b < n; b++) {
        const src = exampleIndex(indices, offset + b, count) * width;
        for (let k = 0; k < width; k++) out[b * width + k] = features[src + k];
      }
      return n;
    },
    fillTargets(indices, offset, batch, out) {
      const n = batchLength(indices, offset, batch, out.length, 1);
      for (let b = 0; b < n; b++) out[b] = targets[exampleIndex(indices, offset + b, count)];
      return n;
    },
  };
}

/** A header cell or string value, quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvText(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

