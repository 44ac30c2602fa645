// Errors a user can cause. The CLI prints their message and exits with their exit code.

/** Bad input: an unknown name, an invalid value, a malformed file. Exit code 2. */
export class UsageError extends Error {
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A path the user gave cannot be read or written (permissions, a full disk, a file where a folder belongs). Exit code 2. */
export class FileAccessError extends UsageError {}

/** What a system error code means, in words (the codes a user's paths and disks cause). */
const SYSTEM_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  EEXIST: 'it already exists',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  EFBIG: 'the file is too large',
  EINVAL: 'invalid argument',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EBUSY: 'the resource is busy',
};

/** The system error code of `err` (ENOENT, ...), or undefined when it is not a system error. */
export function systemErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** "permission denied (EACCES)" for a system error, else the error's message. */
export function systemReason(err: unknown): string {
  const code = systemErrorCode(err);
  if (code === undefined) return err instanceof Error ? err.message : String(err);
  return `${SYSTEM_REASONS[code] ?? (err as Error).message} (${code})`;
}

/** A FileAccessError "cannot <action> <path>: <reason>" for a system error; anything else is returned as it is. */
export function fileAccessError(err: unknown, action: string, path: string): unknown {
  if (err instanceof UsageError || systemErrorCode(err) === undefined) return err;
  return new FileAccessError(`cannot ${action} ${path}: ${systemReason(err)}`);
}
