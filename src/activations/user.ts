// Activations users define in code: a name, parameters declared once, a float64 f with its derivatives. Checked
// against central differences, then registered for the process like a catalog entry (so `activation: 'myName'`
// trains it, with float32 kernels derived from the reference).
import { UsageError } from '../errors.js';
import { getActivation, registerActivation } from './catalog.js';
import { defineElementwise } from './define.js';
import { assertGradients, type GradientCheckOptions } from './gradient-check.js';
import type { ElementwiseActivation, ParamSpec, Params } from './types.js';

/** One parameter of a user activation. */
export interface UserParam {
  name: string;
  /** The value when none is given; for a learnable parameter its initial value. */
  default: number;
  /** Valid range, open at both ends (default: all reals); the value e^θ of `reparam: 'exp'` is always > 0. */
  min?: number;
  max?: number;
  /** Trained by backprop in a network (default true). */
  learnable?: boolean;
  /** 'exp': trained as θ with the parameter e^θ, which keeps it positive. */
  reparam?: 'exp';
  description?: string;
}

/** What defineActivation takes. Functions get the parameters in declaration order. */
export interface ActivationDefinition {
  /** A new name (letters, digits, _ and -), not taken by the catalog or an earlier definition. */
  name: string;
  params?: readonly UserParam[];
  /** The activation, in float64. */
  f(x: number, p: Params): number;
  /** ∂f/∂x. */
  dfdx(x: number, p: Params): number;
  /** ∂f/∂p for each parameter, in declaration order. */
  dfdp?: readonly ((x: number, p: Params) => number)[];
  /** x positions where f (or a derivative) is not differentiable: the check skips them. */
  kinks?(p: Params): number[];
  /** A formula for people ("x·σ(βx)"), and notes (kink conventions, numerics). */
  formula?: string;
  /** The formula as TeX, for the explorer. */
  tex?: string;
  notes?: string;
  /** How the check compares (default: the gradient checker's). */
  check?: GradientCheckOptions;
}

function paramSpec(p: UserParam, owner: string): ParamSpec {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) throw new UsageError(`${owner}: parameter name '${p.name}' must be letters, digits and _ (not starting with a digit)`);
  if (!Number.isFinite(p.default)) throw new UsageError(`${owner}: parameter ${p.name} has default ${p.default}, expected a finite number`);
  const min = p.min ?? (p.reparam === 'exp' ? 0 : -Infinity);
  const max = p.max ?? Infinity;
  if (!(min < max) || p.default <= min || p.default >= max) {
    throw new UsageError(`${owner}: parameter ${p.name}'s default ${p.default} is not inside its range (${min}, ${max})`);
  }
  if (p.reparam === 'exp' && min < 0) throw new UsageError(`${owner}: parameter ${p.name} is learnable as e^θ, so its range must lie above 0 (min ${min})`);
  const learnable = p.learnable ?? true;
  return {
    name: p.name,
    description: p.description ?? `${p.name} (user-defined)`,
    default: p.default,
    min,
    max,
    minOpen: true,
    maxOpen: true,
    learnable,
    ...(p.reparam === undefined ? {} : { reparam: p.reparam }),
    testValues: [p.default],
  };
}

/** The entry of a definition, not yet checked or registered. */
function entryOf(def: ActivationDefinition): ElementwiseActivation {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(def.name)) throw new UsageError(`defineActivation: name '${def.name}' must start with a letter and hold letters, digits, _ and - only`);
  const params = (def.params ?? []).map((p) => paramSpec(p, def.name));
  const names = new Set<string>();
  for (const p of params) {
    if (names.has(p.name)) throw new UsageError(`${def.name}: parameter ${p.name} is declared twice`);
    names.add(p.name);
  }
  const dfdp = def.dfdp ?? [];
  if (dfdp.length !== params.length) throw new UsageError(`${def.name}: ${params.length} parameters but ${dfdp.length} dfdp functions (one per parameter, in order)`);
  return defineElementwise({
    name: def.name,
    aliases: [],
    description: 'A user-defined activation',
    formula: def.formula ?? def.name,
    ...(def.tex === undefined ? {} : { tex: def.tex }),
    reference: 'user definition',
    family: 'user',
    params,
    notes: def.notes ?? '',
    kinks: def.kinks ?? (() => []),
    ref: { f: def.f, dfdx: def.dfdx, dfdp },
  });
}

/**
 * Defines an activation in code: checks its derivatives against central differences of f (a wrong one is refused
 * with the worst point and both values), then registers it for the rest of the process under its name, where
 * train({ activation: name }), evaluateActivation and the plots find it. Returns the entry.
 */
export function defineActivation(def: ActivationDefinition): ElementwiseActivation {
  let taken: string | null = null;
  try {
    taken = getActivation(def.name).name;
  } catch {
    // Unknown: free to define.
  }
  if (taken !== null) throw new UsageError(`defineActivation: the name '${def.name}' is taken (by ${taken}); choose another`);
  const entry = entryOf(def);
  assertGradients(entry, def.check);
  registerActivation(entry);
  return entry;
}
