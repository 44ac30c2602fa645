// CSV files on disk: read and parsed (see parseCsv), written atomically in a form parseCsv reads back exactly.
import { readTextFile, writeFileAtomic } from '../fs.js';
import { csvText, parseCsv, type CsvReadOptions, type CsvTable } from './csv.js';

/** Reads and parses a CSV file (see parseCsv); a missing file or a directory is a usage error. */
export function readCsv(path: string, options: CsvReadOptions = {}): CsvTable {
  return parseCsv(readTextFile(path, path), path, options);
}

/** Writes `header` and `rows` as CSV atomically; numbers in shortest round-trip form, which parseCsv reads back exactly. */
export function writeCsv(path: string, header: readonly string[], rows: Iterable<ArrayLike<number | string>>): void {
  const out = [header.map(csvText).join(',')];
  let r = 0;
  for (const row of rows) {
    if (row.length !== header.length) throw new RangeError(`row ${r} has ${row.length} values, the header ${header.length}`);
    const cells: string[] = [];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === 'string') cells.push(csvText(v));
      else if (Number.isFinite(v)) cells.push(String(v));
      else throw new RangeError(`row ${r}, column ${header[c]}: ${v} cannot be written (the reader rejects non-finite values)`);
    }
    out.push(cells.join(','));
    r++;
  }
  writeFileAtomic(path, `${out.join('\n')}\n`);
}
