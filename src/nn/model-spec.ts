// The --model syntax. "mlp:128,64" is shorthand for dense blocks; the general form is a comma list
// of blocks: dense:N, conv:FxK[:sS][:same], pool:S (max), avgpool:S, bn (batch normalisation of the
// block before it), dropout:RATE, flatten. Presets: lenet5. Each conv and dense block is followed by
// its activation (after its batch normalisation); the output layer is added by the trainer.
import { UsageError } from '../errors.js';

export class ModelSpecError extends UsageError {}

export type BlockSpec =
  | { kind: 'dense'; units: number; batchNorm: boolean }
  | { kind: 'conv'; filters: number; kernel: number; stride: number; padding: 'valid' | 'same'; batchNorm: boolean }
  | { kind: 'maxpool' | 'avgpool'; size: number }
  | { kind: 'dropout'; rate: number }
  | { kind: 'flatten' };

/**
 * LeNet-5 as the adaptive-activation paper describes it (two 5×5 convolutions each followed by 2×2
 * max-pooling, one hidden dense layer of 1000, batch normalisation), with the classic Caffe filter
 * counts 20 and 50 (the paper gives none).
 */
export const PRESETS: Record<string, string> = {
  lenet5: 'conv:20x5,bn,pool:2,conv:50x5,bn,pool:2,dense:1000,bn',
  'lenet5-classic': 'conv:20x5,pool:2,conv:50x5,pool:2,dense:500',
};

function positiveInteger(text: string, what: string, spec: string): number {
  const v = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(v) || v < 1 || v > 1e6) {
    throw new ModelSpecError(`--model '${spec}': ${what} '${text}' is not a whole number from 1 to 1000000`);
  }
  return v;
}

const SYNTAX = 'expected mlp:N,N,..., a preset (lenet5, lenet5-classic), or blocks dense:N, conv:FxK[:sS][:same], pool:S, avgpool:S, bn, dropout:RATE, flatten separated by commas';

/** The comma-separated items of `list`; an empty one (a doubled or trailing comma) is an error naming its position. */
function listItems(list: string, spec: string): string[] {
  const items = list.split(',').map((s) => s.trim());
  const empty = items.findIndex((s) => s === '');
  if (empty >= 0) throw new ModelSpecError(`--model '${spec}': item ${empty + 1} of '${list}' is empty (a doubled or trailing comma?)`);
  return items;
}

/** Parses a --model string into hidden blocks (the output layer is not part of it). */
export function parseModelSpec(spec: string): BlockSpec[] {
  const text = (PRESETS[spec.trim()] ?? spec).trim();
  if (text.startsWith('mlp:') || text === 'mlp') {
    const sizes = text === 'mlp' || text === 'mlp:' ? [] : listItems(text.slice(4), spec);
    return sizes.map((s) => ({ kind: 'dense', units: positiveInteger(s, 'layer size', spec), batchNorm: false }));
  }
  if (text === 'linear' || text === 'softmax-regression') return [];
  const blocks: BlockSpec[] = [];
  for (const token of listItems(text, spec)) {
    const [kind, ...args] = token.trim().split(':');
    switch (kind) {
      case 'dense':
        blocks.push({ kind: 'dense', units: positiveInteger(args[0] ?? '', 'dense size', spec), batchNorm: false });
        break;
      case 'conv': {
        const m = /^(\d+)x(\d+)$/.exec(args[0] ?? '');
        if (m === null) throw new ModelSpecError(`--model '${spec}': conv block '${token.trim()}' needs FILTERSxKERNEL, e.g. conv:20x5`);
        let stride = 1;
        let padding: 'valid' | 'same' = 'valid';
        for (const opt of args.slice(1)) {
          if (opt === 'same' || opt === 'valid') padding = opt;
          else if (/^s\d+$/.test(opt)) stride = positiveInteger(opt.slice(1), 'conv stride', spec);
          else throw new ModelSpecError(`--model '${spec}': conv option '${opt}' is not sN, same or valid`);
        }
        blocks.push({ kind: 'conv', filters: positiveInteger(m[1], 'filters', spec), kernel: positiveInteger(m[2], 'kernel size', spec), stride, padding, batchNorm: false });
        break;
      }
      case 'pool':
      case 'maxpool':
      case 'avgpool':
        blocks.push({ kind: kind === 'avgpool' ? 'avgpool' : 'maxpool', size: positiveInteger(args[0] ?? '', 'pool size', spec) });
        break;
      case 'bn': {
        const last = blocks.at(-1);
        if (last === undefined || (last.kind !== 'dense' && last.kind !== 'conv') || last.batchNorm) {
          throw new ModelSpecError(`--model '${spec}': bn must follow a dense or conv block`);
        }
        last.batchNorm = true;
        break;
      }
      case 'dropout': {
        const rate = Number(args[0]);
        if (!(rate >= 0 && rate < 1)) throw new ModelSpecError(`--model '${spec}': dropout rate '${args[0] ?? ''}' is not in [0, 1)`);
        blocks.push({ kind: 'dropout', rate });
        break;
      }
      case 'flatten':
        blocks.push({ kind: 'flatten' });
        break;
      default:
        throw new ModelSpecError(`--model '${spec}': unknown block '${token.trim()}'; ${SYNTAX}`);
    }
  }
  return blocks;
}

/** A block as --model writes it (conv:20x5:s2:same, pool:2, ...), for messages. */
export function blockText(b: BlockSpec): string {
  switch (b.kind) {
    case 'dense':
      return `dense:${b.units}${b.batchNorm ? ',bn' : ''}`;
    case 'conv':
      return `conv:${b.filters}x${b.kernel}${b.stride === 1 ? '' : `:s${b.stride}`}${b.padding === 'same' ? ':same' : ''}${b.batchNorm ? ',bn' : ''}`;
    case 'maxpool':
      return `pool:${b.size}`;
    case 'avgpool':
      return `avgpool:${b.size}`;
    case 'dropout':
      return `dropout:${b.rate}`;
    case 'flatten':
      return 'flatten';
  }
}

/** Inserts dropout at `rate` after every dense block (the --dropout option); 0 leaves the blocks as they are. */
export function withDropout(blocks: readonly BlockSpec[], rate: number): BlockSpec[] {
  if (rate === 0) return [...blocks];
  return blocks.flatMap((b): BlockSpec[] => (b.kind === 'dense' ? [b, { kind: 'dropout', rate }] : [b]));
}
