// Files as a user's work needs them: writes that never leave a half-written file or a temporary one behind,
// reads that refuse devices and pipes (which never end), and failures that name the path and the reason.
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileAccessError, FileAccessError } from './errors.js';

/** Where writeFileAtomic puts a file's next version before renaming it over the file. */
export const tempPath = (path: string) => `${path}.tmp-${process.pid}`;

/** True for a temporary file that writeFileAtomic of some process left (a process killed mid-write). */
export const isTempName = (name: string) => /\.tmp-\d+$/.test(name);

/**
 * Writes `data` to `path` atomically: a crash leaves the old file or the new one, never a mix. A failed write
 * (a full disk, no permission) removes its temporary file, keeps the old file, and throws a FileAccessError.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = tempPath(path);
  makeDirectory(dirname(path));
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw fileAccessError(err, 'write', path);
  }
}

/** Appends `text` to `path`; a failure names the path. (A torn append is what readers of appended files recover from.) */
export function appendFileChecked(path: string, text: string): void {
  try {
    appendFileSync(path, text);
  } catch (err) {
    throw fileAccessError(err, 'write', path);
  }
}

/**
 * Creates folder `dir` and its missing parents, one at a time: Node's recursive mkdir spins forever on /proc, where
 * mkdir fails with ENOENT although the parent exists. A failure names the folder and the reason.
 */
export function makeDirectory(dir: string, what = 'create the folder'): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as { code?: string }).code === 'EEXIST') continue;
      const refused = (err as { code?: string }).code === 'ENOENT' && existsSync(dirname(d));
      if (refused) throw new FileAccessError(`cannot ${what} ${dir}: the file system at ${dirname(d)} does not allow new folders (a pseudo-file system such as /proc?)`);
      throw fileAccessError(err, what, dir);
    }
  }
}

/** What kind of thing stands at `path`, for messages: "a folder", "a character device", ... */
function kindOf(path: string): string {
  const s = statSync(path);
  if (s.isDirectory()) return 'a folder';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a pipe';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of the regular file at `path`, which `what` names in errors ("--data teacher.csv"). Devices, pipes and
 * folders are refused before reading (/dev/zero would never end); a file that does not end is cut at `maxBytes`.
 */
export function readRegularFile(path: string, what: string, maxBytes = 4 * 2 ** 30): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw fileAccessError(err, 'read', what);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileAccessError(`cannot read ${what}: it is ${kindOf(path)}, expected a regular file`);
    if (stat.size > maxBytes) throw new FileAccessError(`cannot read ${what}: it holds ${stat.size} bytes, more than the ${maxBytes} accepted`);
    // /proc files report size 0 and are read to their end; every other file to its stated size.
    if (stat.size > 0) return readFileSync(fd);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(65536);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new FileAccessError(`cannot read ${what}: it does not end within ${maxBytes} bytes`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks);
  } catch (err) {
    throw fileAccessError(err, 'read', what);
  } finally {
    closeSync(fd);
  }
}

/** readRegularFile as UTF-8 text. */
export function readTextFile(path: string, what: string): string {
  return readRegularFile(path, what).toString('utf8');
}
