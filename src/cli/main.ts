#!/usr/bin/env node
// The `actlab` command line: `actlab <command> <subcommand> ...`. Usage errors print as
// "actlab: message" and exit with their code (2); anything unexpected exits 1.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// Formula activations ("formula:EXPR;p=VALUE") are names every command takes; mathjs loads only when one is used.
import '../activations/formula.js';
import { systemErrorCode, systemReason, UsageError } from '../errors.js';
import { activationsCommand } from './activations.js';
import { commandGroup, type Io } from './command.js';
import { experimentCommand } from './experiment.js';
import { simulateCommand } from './simulate.js';
import { trainCommand } from './train.js';

const actlab = commandGroup('actlab', 'actlab: activation functions for neural networks, above all learnable ones.', {
  activations: activationsCommand,
  train: trainCommand,
  experiment: experimentCommand,
  simulate: simulateCommand,
});

/** Runs one command line (arguments after the program name) against `io`; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await actlab.run([...argv], io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`actlab: ${err.message}\n`);
      return err.exitCode;
    }
    // A system error on a path (EACCES, ENOSPC, ...) comes from the user's files or disk: bad input. Anything
    // else is a bug: show where.
    const path = (err as { path?: unknown }).path;
    if (systemErrorCode(err) !== undefined && typeof path === 'string') {
      io.stderr.write(`actlab: cannot ${(err as { syscall?: string }).syscall ?? 'use'} ${path}: ${systemReason(err)}\n`);
      return 2;
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    io.stderr.write(`actlab: unexpected error: ${detail}\n`);
    return 1;
  }
}

/** True when this file is the program node was started with (also through npm's bin symlink). */
function invokedAsProgram(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedAsProgram()) {
  // `actlab activations list | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
  process.exitCode = await runCli(process.argv.slice(2), process);
}
