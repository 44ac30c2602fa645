// Activation layer: any elementwise catalog entry, its learnable parameters shared per layer,
// per neuron or per channel, with the entry's own analytic derivatives for backprop.
import type { ElementwiseActivation } from '../activations/types.js';
import type { ActivationOp, Tensor } from '../engine/engine.js';
import { newParam, sizeOf, type BuildContext, type Layer, type Param, type Shape } from './layer.js';

export type Sharing = 'layer' | 'neuron' | 'channel';

/** How many parameter slots a sharing mode gives for a per-sample shape (channels-last). */
export function slotCount(shape: Shape, sharing: Sharing): number {
  switch (sharing) {
    case 'layer':
      return 1;
    case 'neuron':
      return sizeOf(shape);
    case 'channel':
      return shape[shape.length - 1];
  }
}

interface ParamSlot {
  /** The trained tensor (θ when the parameter is trained as p = e^θ); null for a fixed parameter. */
  param: Param | null;
  exp: boolean;
  /** The natural values the kernels read (p, not θ), one per slot: the trained tensor itself unless exp. */
  natural: Tensor;
  /** ∂L/∂p the kernels add to during backward: the param's grad itself unless exp. */
  dNatural: Tensor | null;
}

/**
 * Activation(f). Args: activation (catalog entry), values (initial/fixed parameter values in
 * declaration order), sharing ('layer' | 'neuron' | 'channel'; channel = last axis).
 * Shape: output = input. Learnable parameters become Params named "<layer>.<param>"; those
 * declared with reparam 'exp' are trained as θ = ln p, with ∂L/∂θ = p·∂L/∂p.
 */
export class ActivationLayer implements Layer {
  readonly outputShape: Shape;
  readonly params: readonly Param[];
  readonly period: number;
  private readonly slots: ParamSlot[];
  private readonly naturals: Tensor[];
  private readonly dNaturals: (Tensor | null)[];
  private readonly y: Tensor;
  private readonly dx: Tensor;
  private x: Tensor | null = null;
  /** What the last training forward kept for backward (ops that can keep it), and whether it is current. */
  private saved: Tensor | null = null;
  private savedValid = false;
  /** The engine's work for this activation and period (its WASM kernels where it has them, else the entry's). */
  private readonly op: ActivationOp;

  /** Floats per value a training forward keeps for backward (allocated at the first one). */
  get savedPerValue(): number {
    return this.op.savedPerValue;
  }

  constructor(
    private readonly ctx: BuildContext,
    readonly name: string,
    readonly inputShape: Shape,
    readonly activation: ElementwiseActivation,
    values: readonly number[],
    readonly sharing: Sharing,
  ) {
    this.outputShape = inputShape;
    this.period = slotCount(inputShape, sharing);
    const e = ctx.engine;
    this.op = e.activation(activation.name, this.period);
    this.slots = activation.params.map((spec, j) => {
      const exp = spec.learnable && spec.reparam === 'exp';
      const param = spec.learnable ? newParam(ctx, `${name}.${spec.name}`, [this.period], 'activation') : null;
      const natural = param !== null && !exp ? param.value : e.alloc(this.period);
      const dNatural = param === null ? null : exp ? e.alloc(this.period) : param.grad;
      e.view(natural).fill(values[j]);
      if (param !== null) e.view(param.value).fill(exp ? Math.log(values[j]) : values[j]);
      return { param, exp, natural, dNatural };
    });
    this.params = this.slots.flatMap((s) => (s.param === null ? [] : [s.param]));
    this.naturals = this.slots.map((s) => s.natural);
    this.dNaturals = this.slots.map((s) => s.dNatural);
    const n = ctx.maxBatch * sizeOf(inputShape);
    this.y = e.alloc(n);
    this.dx = e.alloc(n);
  }

  /** Brings the natural values the kernels read up to the trained ones (p = e^θ). */
  private refreshNatural(): void {
    for (const s of this.slots) if (s.exp && s.param !== null) this.ctx.engine.exp(s.param.value, s.natural, this.period);
  }

  /** The current parameter values (natural scale, p not θ) per parameter name. */
  parameterValues(): Map<string, Float32Array> {
    this.refreshNatural();
    return new Map(this.activation.params.map((spec, j) => [spec.name, this.ctx.engine.view(this.naturals[j]).slice()]));
  }

  forward(x: Tensor, batch: number, training = false): Tensor {
    this.x = x;
    const n = batch * sizeOf(this.inputShape);
    // Sized by the first training batch (evaluation batches may be larger and keep nothing).
    const keep = training && this.op.savedPerValue > 0;
    if (keep && (this.saved === null || this.saved.length < this.op.savedPerValue * n)) this.saved = this.ctx.engine.alloc(this.op.savedPerValue * n);
    this.refreshNatural();
    this.savedValid = this.op.forward(x, this.y, this.naturals, n, keep ? this.saved : null);
    return this.y;
  }

  backward(dy: Tensor, batch: number): Tensor {
    const e = this.ctx.engine;
    if (this.x === null) throw new Error(`${this.name}: backward before forward`);
    const n = batch * sizeOf(this.inputShape);
    // The kernels add to ∂L/∂p.
    for (const d of this.dNaturals) if (d !== null) e.view(d).fill(0);
    this.op.backward(this.x, dy, this.dx, this.naturals, this.dNaturals, n, this.savedValid ? this.saved : null);
    // ∂L/∂θ = p·∂L/∂p for p = e^θ.
    for (const s of this.slots) if (s.exp && s.param !== null) e.multiply(s.dNatural as Tensor, s.natural, s.param.grad, this.period);
    return this.dx;
  }
}
