// Files: a failed write (a full disk) leaves the old file and no temporary one; reads refuse devices and pipes;
// folders on pseudo-file systems fail at once instead of spinning.
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileAccessError } from './errors.js';
import { makeDirectory, readRegularFile, writeFileAtomic } from './fs.js';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, writeFileSync: vi.fn(real.writeFileSync) };
});

const tmp = () => mkdtempSync(join(tmpdir(), 'actlab-fs-'));

describe('writeFileAtomic', () => {
  afterEach(() => vi.mocked(fs.writeFileSync).mockRestore());

  it('keeps the old file and leaves no temporary file when the disk fills mid-write', () => {
    const dir = tmp();
    const path = join(dir, 'checkpoint.safetensors');
    writeFileAtomic(path, 'epoch 1');
    const real = vi.mocked(fs.writeFileSync).getMockImplementation()!;
    vi.mocked(fs.writeFileSync).mockImplementationOnce((file, data) => {
      real(file, String(data).slice(0, 3)); // half of it reaches the disk
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    });
    expect(() => writeFileAtomic(path, 'epoch 2')).toThrow(FileAccessError);
    expect(readFileSync(path, 'utf8')).toBe('epoch 1');
    expect(readdirSync(dir)).toEqual(['checkpoint.safetensors']);
    vi.mocked(fs.writeFileSync).mockImplementationOnce(() => {
      throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', syscall: 'write' });
    });
    expect(() => writeFileAtomic(path, 'epoch 2')).toThrow(`cannot write ${path}: no space left on the device (ENOSPC)`);
  });
});

describe('readRegularFile', () => {
  it('reads files, /proc files (size 0) to their end, and refuses devices, folders and missing files', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.txt'), 'hello');
    expect(readRegularFile(join(dir, 'a.txt'), 'a.txt').toString()).toBe('hello');
    expect(readRegularFile('/proc/self/status', 'status').toString()).toMatch(/^Name:/);
    expect(() => readRegularFile('/dev/zero', '--data /dev/zero')).toThrow('cannot read --data /dev/zero: it is a character device, expected a regular file');
    expect(() => readRegularFile(dir, '--data dir')).toThrow('cannot read --data dir: it is a folder, expected a regular file');
    expect(() => readRegularFile(join(dir, 'none'), 'none')).toThrow('cannot read none: no such file or folder (ENOENT)');
  });
});

describe('makeDirectory', () => {
  it('makes missing parents, and fails at once where folders cannot be made', () => {
    const dir = join(tmp(), 'a', 'b', 'c');
    makeDirectory(dir);
    expect(readdirSync(join(dir, '..'))).toEqual(['c']);
    expect(() => makeDirectory('/proc/actlab/x')).toThrow(FileAccessError);
    expect(() => makeDirectory(`/tmp/${'n'.repeat(300)}`)).toThrow(/the name is too long \(ENAMETOOLONG\)/);
  });
});
