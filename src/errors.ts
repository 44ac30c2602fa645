// Errors a user can cause. The CLI prints their message and exits with their exit code.

/** Bad input: an unknown name, an invalid value, a malformed file. Exit code 2. */
export class UsageError extends Error {
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
