// Optimizers over a model's params, with parameter groups: activation parameters may have their
// own learning rate and L1/L2 penalty, as the adaptive-activation paper allows.
import type { Engine, Tensor } from '../engine/engine.js';
import type { Param, ParamGroup } from '../nn/layer.js';

/** Per-group settings. Penalty l1·Σ|w| + l2·Σw² (Keras convention): gradient l1·sign(w) + 2·l2·w. */
export interface GroupSettings {
  lr: number;
  l1: number;
  l2: number;
}

export type Groups = Record<ParamGroup, GroupSettings>;

export type OptimizerSpec =
  | { kind: 'adam'; beta1: number; beta2: number; eps: number }
  | { kind: 'sgd'; momentum: number; nesterov: boolean };

export const ADAM_DEFAULTS = { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-7 } as const;

/** Named optimizer state tensors (for checkpoints), in a stable order. */
export type StateTensors = Map<string, Tensor>;

export class Optimizer {
  /** Steps taken (Adam's bias correction uses it). */
  step = 0;
  /** Multiplies every group's learning rate (a schedule sets it before each update). */
  lrScale = 1;
  private readonly slots: { param: Param; settings: GroupSettings; m: Tensor; v: Tensor | null }[];
  /** SGD: one prepared step per parameter group (its params share lr, l1 and l2). */
  private readonly sgdSteps: { settings: GroupSettings; step: ReturnType<Engine['sgdGroup']> }[];

  constructor(
    private readonly engine: Engine,
    params: readonly Param[],
    readonly spec: OptimizerSpec,
    readonly groups: Groups,
  ) {
    this.slots = params.map((param) => ({
      param,
      settings: groups[param.group],
      m: engine.alloc(param.value.length),
      v: spec.kind === 'adam' ? engine.alloc(param.value.length) : null,
    }));
    const groupSettings = spec.kind === 'sgd' ? [...new Set(this.slots.map((s) => s.settings))] : [];
    this.sgdSteps = groupSettings.map((settings) => ({
      settings,
      step: engine.sgdGroup(this.slots.filter((s) => s.settings === settings).map((s) => ({ w: s.param.value, g: s.param.grad, vel: s.m, n: s.param.value.length }))),
    }));
  }

  /** Applies one update from the params' current grads. */
  update(): void {
    this.step++;
    const e = this.engine;
    if (this.spec.kind === 'sgd') {
      for (const { settings, step } of this.sgdSteps) step(settings.lr * this.lrScale, this.spec.momentum, this.spec.nesterov, settings.l1, settings.l2);
      return;
    }
    for (const { param, settings, m, v } of this.slots) {
      const n = param.value.length;
      const lr = settings.lr * this.lrScale;
      if (settings.l1 !== 0 || settings.l2 !== 0) {
        const w = e.view(param.value), g = e.view(param.grad);
        for (let i = 0; i < n; i++) g[i] += settings.l1 * Math.sign(w[i]) + 2 * settings.l2 * w[i];
      }
      e.adam(param.value, param.grad, m, v as Tensor, n, lr, this.spec.beta1, this.spec.beta2, this.spec.eps, this.step);
    }
  }

  /** State tensors by name ("<param>.m", "<param>.v"), for checkpoints. */
  state(): StateTensors {
    const out: StateTensors = new Map();
    for (const s of this.slots) {
      out.set(`${s.param.name}.m`, s.m);
      if (s.v !== null) out.set(`${s.param.name}.v`, s.v);
    }
    return out;
  }
}
