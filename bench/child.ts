// The parent/child protocol of the suite: each benchmark is a compiled script run in a fresh Node process
// (so heap, JIT state and worker threads never carry over), given JSON arguments in argv[2] and answering
// with one JSON line on stdout; its progress goes to stderr, which the parent passes through.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a benchmark child reports: one value per run, and a note on how it was measured. */
export interface ChildResult {
  values: number[];
  /** The reference measured just before each value (actlab-epoch.ts with pairWith), same length as values. */
  paired?: number[];
  note: string;
}

/** Runs the compiled benchmark `script` (a file beside this one, e.g. 'actlab-epoch.js') with `args`. */
export function runChild(script: string, args: object): Promise<ChildResult> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`${script} ${JSON.stringify(args)} exited with code ${code}`));
      else resolve(JSON.parse(last) as ChildResult);
    });
  });
}

/** In a child: its JSON arguments. */
export function childArgs<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

/** In a child: reports the result to the parent (the last line of stdout). */
export function reportToParent(result: ChildResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
