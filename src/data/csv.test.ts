// The CSV reader: headers, target choice, every rejected cell named by file, line and column; the
// example source it feeds the trainer; the writer round-trips exactly.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileAccessError, UsageError } from '../errors.js';
import { csvSource, parseCsv } from './csv.js';
import { readCsv, writeCsv } from './csv-file.js';

const dir = mkdtempSync(join(tmpdir(), 'actlab-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a fresh file in the temp directory and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const TABLE = 'a,b,label\n1,2.5,0\n-3,4e-1,1\n0.5,.25,2\n';

describe('parseCsv', () => {
  it('reads a header, takes the last column as the target by default, and infers the classes', () => {
    const t = parseCsv(TABLE, 'in.csv');
    expect(t.hasHeader).toBe(true);
    expect(t.columns).toEqual(['a', 'b', 'label']);
    expect(t.featureNames).toEqual(['a', 'b']);
    expect(t.targetName).toBe('label');
    expect(t.count).toBe(3);
    expect(Array.from(t.features)).toEqual([1, 2.5, -3, 0.4, 0.5, 0.25]);
    expect(Array.from(t.targets)).toEqual([0, 1, 2]);
    expect(t.classes).toBe(3);
  });

  it('picks the target by name or by 0-based index, negative from the end; the name wins', () => {
    expect(parseCsv(TABLE, 'in.csv', { target: 'a', task: 'regression' }).featureNames).toEqual(['b', 'label']);
    const byIndex = parseCsv(TABLE, 'in.csv', { target: 1, task: 'regression' });
    expect(byIndex.targetName).toBe('b');
    expect(Array.from(byIndex.targets)).toEqual([2.5, 0.4, 0.25]);
    expect(Array.from(byIndex.features)).toEqual([1, 0, -3, 1, 0.5, 2]);
    expect(parseCsv(TABLE, 'in.csv', { target: '0', task: 'regression' }).targetName).toBe('a');
    expect(parseCsv(TABLE, 'in.csv', { target: '-3', task: 'regression' }).targetName).toBe('a');
    const numbered = parseCsv('x,1,0\n5,0,1\n6,1,0\n', 'in.csv', { target: '1' });
    expect(numbered.targetName).toBe('1');
    expect(numbered.targetColumn).toBe(1);
  });

  it('detects a header, or its absence, and obeys header: true/false', () => {
    const plain = parseCsv('1,2,0\n3,4,1\n', 'in.csv');
    expect(plain.hasHeader).toBe(false);
    expect(plain.columns).toEqual(['0', '1', '2']);
    expect(plain.count).toBe(2);
    expect(parseCsv('1,2,0\n3,4,1\n', 'in.csv', { header: true }).featureNames).toEqual(['1', '2']);
    expect(() => parseCsv(TABLE, 'in.csv', { header: false })).toThrow(new UsageError(`in.csv, line 1, column 0: 'a' is not a number`));
  });

  it('accepts CRLF, a BOM, spaces around cells, quoted cells and blank lines', () => {
    const t = parseCsv('\uFEFF"x, y", z ,label\r\n\r\n "1" , 2 ,1\r\n3,4,0\r\n\r\n', 'in.csv');
    expect(t.columns).toEqual(['x, y', 'z', 'label']);
    expect(Array.from(t.features)).toEqual([1, 2, 3, 4]);
    expect(Array.from(t.targets)).toEqual([1, 0]);
  });

  it('rejects each bad cell naming file, line and column', () => {
    const cases: [string, string][] = [
      ['a,b,label\n1,2,0\n1,x1,1\n', `bad.csv, line 3, column "b": 'x1' is not a number`],
      ['a,b,label\n1,NaN,0\n', 'bad.csv, line 2, column "b": NaN is not allowed'],
      ['a,b,label\n1,2,0\n-inf,2,1\n', `bad.csv, line 3, column "a": infinite value '-inf' is not allowed`],
      ['a,b,label\n1,,0\n', 'bad.csv, line 2, column "b": empty cell'],
      ['a,b,label\n1,2,0\n\n3,4\n', 'bad.csv, line 4: 2 cells, expected 3 (as on line 1)'],
      ['a,b,label\n1,2,0,7\n', 'bad.csv, line 2: 4 cells, expected 3 (as on line 1)'],
      ['a,b,label\n1,2,0\n1,2,0.5\n', 'bad.csv, line 3, column "label": class 0.5 is not a whole number ≥ 0 (classes are 0…K−1; use regression for real-valued targets)'],
      ['a,b,label\n1,2,-1\n', 'bad.csv, line 2, column "label": class -1 is not a whole number ≥ 0 (classes are 0…K−1; use regression for real-valued targets)'],
      ['a,b,label\n1,1e39,0\n', 'bad.csv, line 2, column "b": 1e39 is outside the float32 range (±3.4e38)'],
      ['a,b,label\n1,0x10,0\n', `bad.csv, line 2, column "b": '0x10' is not a number`],
      ['1,2,0\n1,2,x\n', `bad.csv, line 2, column 2: 'x' is not a number`],
      ['a,b,label\n1,"2,0\n', 'bad.csv, line 2: unterminated quote (a quoted cell cannot span lines)'],
      ['a,"b"c,label\n1,2,0\n', 'bad.csv, line 1: text after a closing quote'],
      ['a,,label\n1,2,0\n', 'bad.csv, line 1: column 1 of the header has no name'],
      ['a,a,label\n1,2,0\n', 'bad.csv, line 1: column name "a" appears twice'],
      ['label\n1\n', 'bad.csv, line 1: one column; a table needs a target and at least one feature'],
      ['a,b,label\n', 'bad.csv: a header but no data rows'],
      ['\n\n', 'bad.csv: no rows (the file is empty)'],
      ['a,b,label\n1,2,0\n3,4,0\n', 'bad.csv, column "label": every target is class 0; a classifier needs ≥ 2 classes (give the number of classes)'],
    ];
    for (const [text, message] of cases) expect(() => parseCsv(text, 'bad.csv'), message).toThrow(new UsageError(message));
  });

  it('rejects an unknown target column, listing the columns', () => {
    expect(() => parseCsv(TABLE, 'in.csv', { target: 'y' })).toThrow(
      new UsageError("in.csv: no target column 'y'; columns are a, b, label (or an index 0–2, −1 for the last)"),
    );
    expect(() => parseCsv(TABLE, 'in.csv', { target: 3 })).toThrow(/no target column '3'/);
    expect(() => parseCsv(TABLE, 'in.csv', { target: -4 })).toThrow(/no target column '-4'/);
  });

  it('checks targets against a given number of classes, and allows absent classes', () => {
    expect(parseCsv(TABLE, 'in.csv', { classes: 5 }).classes).toBe(5);
    expect(() => parseCsv(TABLE, 'in.csv', { classes: 2 })).toThrow(
      new UsageError('in.csv, line 4, column "label": class 2 is not below the 2 classes given'),
    );
    expect(() => parseCsv(TABLE, 'in.csv', { classes: 1 })).toThrow(/classes must be a whole number ≥ 2, got 1/);
    expect(parseCsv('a,y\n1,0\n2,0\n', 'in.csv', { classes: 2 }).classes).toBe(2);
  });

  it('reads real-valued targets for regression', () => {
    const t = parseCsv('a,y\n1,0.25\n2,-7.5\n', 'in.csv', { task: 'regression' });
    expect(t.classes).toBe(0);
    expect(Array.from(t.targets)).toEqual([0.25, -7.5]);
    expect(() => parseCsv('a,y\n1,0.25\n', 'in.csv', { task: 'regression', classes: 3 })).toThrow(/classes applies to classification/);
    expect(() => parseCsv('a,y\n1,NaN\n', 'in.csv', { task: 'regression' })).toThrow(new UsageError('in.csv, line 2, column "y": NaN is not allowed'));
  });
});

describe('readCsv', () => {
  it('reads a file and names it in errors', () => {
    expect(readCsv(file('ok.csv', TABLE)).count).toBe(3);
    const bad = file('bad.csv', 'a,b,label\n1,2,0\n1,oops,1\n');
    expect(() => readCsv(bad)).toThrow(new UsageError(`${bad}, line 3, column "b": 'oops' is not a number`));
  });

  it('reports a missing file and a directory as usage errors', () => {
    const missing = join(dir, 'nope.csv');
    expect(() => readCsv(missing)).toThrow(new FileAccessError(`cannot read ${missing}: no such file or folder (ENOENT)`));
    const sub = join(dir, 'sub.csv');
    mkdirSync(sub);
    expect(() => readCsv(sub)).toThrow(new FileAccessError(`cannot read ${sub}: it is a folder, expected a regular file`));
    expect(() => readCsv('/dev/zero')).toThrow(new FileAccessError('cannot read /dev/zero: it is a character device, expected a regular file'));
  });
});

describe('csvSource', () => {
  const table = parseCsv('a,b,label\n1,2,0\n3,4,1\n0.1,6,1\n', 'in.csv');
  const source = csvSource(table);

  it('describes the table and fills batches by index, features as float32', () => {
    expect(source.count).toBe(3);
    expect(source.sampleShape).toEqual([2]);
    expect(source.classes).toBe(2);
    const inputs = new Float32Array(4);
    const targets = new Float32Array(2);
    const order = [2, 0, 1];
    expect(source.fillInputs(order, 0, 2, inputs)).toBe(2);
    expect(Array.from(inputs)).toEqual([Math.fround(0.1), 6, 1, 2]);
    expect(source.fillTargets(order, 0, 2, targets)).toBe(2);
    expect(Array.from(targets)).toEqual([1, 0]);
    // The last, short batch.
    expect(source.fillInputs(order, 2, 2, inputs)).toBe(1);
    expect(Array.from(inputs.subarray(0, 2))).toEqual([3, 4]);
    expect(source.fillTargets(order, 2, 2, targets)).toBe(1);
    expect(targets[0]).toBe(1);
  });

  it('rejects bad indices and too small buffers', () => {
    expect(() => source.fillInputs([0, 3], 0, 2, new Float32Array(4))).toThrow(/index 3 at position 1 is not an example of a data set of 3/);
    expect(() => source.fillInputs([0, 1], 0, 2, new Float32Array(3))).toThrow(/output holds 3 values, the batch needs 2×2 = 4/);
    expect(() => source.fillTargets([0, 1], 3, 2, new Float32Array(2))).toThrow(/offset must be in 0–2, got 3/);
  });
});

describe('writeCsv', () => {
  it('writes a table that parseCsv reads back exactly, quoting text that needs it', () => {
    const path = join(dir, 'out', 'rt.csv');
    const values = [0.1, -1e-300, 123456789.123, 1 / 3, 0];
    writeCsv(path, ['x, first', 'x"2"', 'y'], [[values[0], values[1], 0], [values[2], values[3], 1], [values[4], 2.5e-8, 1]]);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe('"x, first","x""2""",y');
    const t = readCsv(path);
    expect(t.columns).toEqual(['x, first', 'x"2"', 'y']);
    expect(Array.from(t.features)).toEqual([0.1, -1e-300, 123456789.123, 1 / 3, 0, 2.5e-8]);
    expect(Array.from(t.targets)).toEqual([0, 1, 1]);
  });

  it('refuses rows of the wrong length and non-finite values', () => {
    expect(() => writeCsv(join(dir, 'w.csv'), ['a', 'b'], [[1]])).toThrow(/row 0 has 1 values, the header 2/);
    expect(() => writeCsv(join(dir, 'w.csv'), ['a', 'b'], [[1, 2], [NaN, 1]])).toThrow(/row 1, column a: NaN cannot be written/);
  });
});
