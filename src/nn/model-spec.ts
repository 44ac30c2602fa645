// The --model syntax: "mlp:128,64" or a comma list of blocks such as "dense:128,dropout:0.2,dense:64".
// Each dense block is followed by the hidden activation; the output layer is added by the trainer.
import { UsageError } from '../errors.js';

export class ModelSpecError extends UsageError {}

export type BlockSpec = { kind: 'dense'; units: number } | { kind: 'dropout'; rate: number };

function positiveInteger(text: string, what: string, spec: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1 || v > 1e6) {
    throw new ModelSpecError(`--model '${spec}': ${what} '${text}' is not a whole number from 1 to 1000000`);
  }
  return v;
}

/** Parses a --model string into hidden blocks (the output layer is not part of it). */
export function parseModelSpec(spec: string): BlockSpec[] {
  const text = spec.trim();
  if (text.startsWith('mlp:') || text === 'mlp') {
    const sizes = text.slice(4).split(',').map((s) => s.trim()).filter((s) => s !== '');
    return sizes.map((s) => ({ kind: 'dense', units: positiveInteger(s, 'layer size', spec) }));
  }
  if (text === 'linear' || text === 'softmax-regression') return [];
  return text.split(',').map((token) => {
    const [kind, arg = ''] = token.trim().split(':');
    switch (kind) {
      case 'dense':
        return { kind: 'dense', units: positiveInteger(arg, 'dense size', spec) };
      case 'dropout': {
        const rate = Number(arg);
        if (!(rate >= 0 && rate < 1)) throw new ModelSpecError(`--model '${spec}': dropout rate '${arg}' is not in [0, 1)`);
        return { kind: 'dropout', rate };
      }
      default:
        throw new ModelSpecError(
          `--model '${spec}': unknown block '${token.trim()}'; expected mlp:N,N,..., or blocks dense:N and dropout:RATE separated by commas`,
        );
    }
  });
}

/** Inserts dropout at `rate` after every dense block (the --dropout option); 0 leaves the blocks as they are. */
export function withDropout(blocks: readonly BlockSpec[], rate: number): BlockSpec[] {
  if (rate === 0) return [...blocks];
  return blocks.flatMap((b): BlockSpec[] => (b.kind === 'dense' ? [b, { kind: 'dropout', rate }] : [b]));
}
