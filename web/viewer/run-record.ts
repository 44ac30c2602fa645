// A run directory's records read from the files the user gave, in the browser: config.json, metrics.jsonl,
// summary.json, activations.json, failure.json (an experiment cell that failed) and the checkpoint. What cannot be
// read is said per file; the rest is still shown.
import type { EpochMetrics, Summary, TrainedModel } from 'actlab';
import type { Folder } from './run-files.js';

/** Initial and learned parameters of one activation layer, one value per slot (activations.json, the checkpoint). */
export type ActivationRecord = ReturnType<TrainedModel['activations']>[number];

export interface Run {
  /** The folder's path inside what was given ('' for loose files). */
  path: string;
  config: Record<string, unknown> | null;
  metrics: EpochMetrics[];
  summary: Summary | null;
  activations: ActivationRecord[] | null;
  checkpoint: File | null;
  /** Why an experiment cell failed (failure.json). */
  failure: string | null;
  /** What could not be read, file by file. */
  problems: string[];
}

/** The files that make a folder an actlab run (`actlab train --out`, or a cell of `actlab experiment`). */
export const RUN_FILES = ['config.json', 'metrics.jsonl', 'summary.json', 'checkpoint.safetensors'] as const;

export const isRunFolder = (f: Folder) => RUN_FILES.some((name) => f.files.has(name));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON object in `name`, or null with a problem said (missing files are not problems: a run may be partial). */
async function readObject(f: Folder, name: string, problems: string[], expect: (v: Record<string, unknown>) => string | null): Promise<Record<string, unknown> | null> {
  const file = f.files.get(name);
  if (file === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(await file.text());
  } catch (err) {
    problems.push(`${name} is not valid JSON (${(err as Error).message})`);
    return null;
  }
  const wrong = isObject(value) ? expect(value) : 'it is not a JSON object';
  if (wrong === null) return value as Record<string, unknown>;
  problems.push(`${name} is not what actlab writes: ${wrong}`);
  return null;
}

const needs = (...keys: string[]) => (v: Record<string, unknown>) => {
  const missing = keys.filter((k) => !(k in v));
  return missing.length === 0 ? null : `no ${missing.join(', ')}`;
};

/** Epochs 1, 2, … in order up to the first line that is not the next epoch's record (a run killed mid-append). */
async function readMetrics(f: Folder, problems: string[]): Promise<EpochMetrics[]> {
  const file = f.files.get('metrics.jsonl');
  if (file === undefined) return [];
  const lines = (await file.text()).split('\n').filter((l) => l.trim() !== '');
  const out: EpochMetrics[] = [];
  for (const [i, line] of lines.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = null;
    }
    if (!isObject(value) || value.epoch !== out.length + 1 || typeof value.trainLoss !== 'number') {
      problems.push(`metrics.jsonl line ${i + 1} is not epoch ${out.length + 1}'s record: it and the ${lines.length - i - 1} line(s) after it are left out`);
      break;
    }
    out.push(value as unknown as EpochMetrics);
  }
  return out;
}

async function readActivations(f: Folder, problems: string[]): Promise<ActivationRecord[] | null> {
  const file = f.files.get('activations.json');
  if (file === undefined) return null;
  try {
    const value: unknown = JSON.parse(await file.text());
    if (Array.isArray(value) && value.every((r) => isObject(r) && typeof r.activation === 'string' && isObject(r.learned) && isObject(r.initial))) return value as ActivationRecord[];
    problems.push('activations.json is not what actlab writes: expected a list of {layer, activation, initial, learned}');
  } catch (err) {
    problems.push(`activations.json is not valid JSON (${(err as Error).message})`);
  }
  return null;
}

export async function readRun(f: Folder): Promise<Run> {
  const problems: string[] = [];
  const config = await readObject(f, 'config.json', problems, needs('model', 'activation', 'epochs'));
  const summary = (await readObject(f, 'summary.json', problems, needs('status', 'epochs', 'final'))) as Summary | null;
  const failure = await readObject(f, 'failure.json', problems, needs('error'));
  return {
    path: f.path,
    config,
    metrics: await readMetrics(f, problems),
    summary,
    activations: await readActivations(f, problems),
    checkpoint: f.files.get('checkpoint.safetensors') ?? null,
    failure: failure === null ? null : String(failure.error),
    problems,
  };
}
