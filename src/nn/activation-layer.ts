// Activation layer: any elementwise catalog entry, its learnable parameters shared per layer,
// per neuron or per channel, with the entry's own analytic derivatives for backprop.
import { canSave, type ElementwiseActivation, type ElementwiseKernels } from '../activations/types.js';
import type { Tensor } from '../engine/engine.js';
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
  /** The natural values the kernels read (p, not θ), one per slot. */
  natural: Tensor;
  /** ∂L/∂p accumulated by the kernel during backward. */
  dNatural: Tensor;
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
  private readonly y: Tensor;
  private readonly dx: Tensor;
  private x: Tensor | null = null;
  /** What the last training forward kept for backward (kernels that can keep it), and whether it is current. */
  private saved: Tensor | null = null;
  private savedValid = false;
  /** The engine's kernels for this activation where it has them (WASM SIMD), else the entry's own. */
  private readonly kernels: ElementwiseKernels;
  // Kernel argument arrays, refilled with fresh views per call (memory may have grown).
  private readonly pViews: Float32Array[];
  private readonly dpViews: (Float32Array | null)[];

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
    this.kernels = e.elementwise?.(activation.name, this.period) ?? activation.kernels;
    this.slots = activation.params.map((spec, j) => {
      const exp = spec.learnable && spec.reparam === 'exp';
      const param = spec.learnable ? newParam(ctx, `${name}.${spec.name}`, [this.period], 'activation') : null;
      const slot: ParamSlot = { param, exp, natural: e.alloc(this.period), dNatural: e.alloc(this.period) };
      e.view(slot.natural).fill(values[j]);
      if (param !== null) e.view(param.value).fill(exp ? Math.log(values[j]) : values[j]);
      return slot;
    });
    this.params = this.slots.flatMap((s) => (s.param === null ? [] : [s.param]));
    const n = ctx.maxBatch * sizeOf(inputShape);
    this.y = e.alloc(n);
    this.dx = e.alloc(n);
    this.pViews = this.slots.map(() => new Float32Array(0));
    this.dpViews = this.slots.map(() => null);
  }

  /** Copies trained values into the natural-value tensors the kernels read, and takes fresh views of them. */
  private refreshNatural(): void {
    const e = this.ctx.engine;
    for (let j = 0; j < this.slots.length; j++) {
      const s = this.slots[j];
      const natural = e.view(s.natural);
      if (s.param !== null) {
        const v = e.view(s.param.value);
        for (let k = 0; k < natural.length; k++) natural[k] = s.exp ? Math.exp(v[k]) : v[k];
      }
      this.pViews[j] = natural;
    }
  }

  /** Fresh views of the natural values forward computed (the parameters do not change between forward and backward). */
  private naturalViews(): void {
    for (let j = 0; j < this.slots.length; j++) this.pViews[j] = this.ctx.engine.view(this.slots[j].natural);
  }

  /** The current parameter values (natural scale, p not θ) per parameter name. */
  parameterValues(): Map<string, Float32Array> {
    this.refreshNatural();
    return new Map(this.activation.params.map((spec, j) => [spec.name, this.pViews[j].slice()]));
  }

  forward(x: Tensor, batch: number, training = false): Tensor {
    const e = this.ctx.engine;
    this.x = x;
    const n = batch * sizeOf(this.inputShape);
    this.savedValid = false;
    const kernels = this.kernels;
    const saving = training && canSave(kernels);
    // Sized by the first training batch (evaluation batches may be larger and keep nothing); allocated before
    // any view is taken, since allocating may grow the memory.
    const need = saving ? kernels.savedPerValue * n : 0;
    if (saving && (this.saved === null || this.saved.length < need)) this.saved = e.alloc(need);
    this.refreshNatural();
    if (saving && this.saved !== null) {
      this.savedValid = kernels.forwardSaving(e.view(x, n), e.view(this.y, n), e.view(this.saved, need), this.pViews, this.period, n);
    } else {
      kernels.forward(e.view(x, n), e.view(this.y, n), this.pViews, this.period, n);
    }
    return this.y;
  }

  backward(dy: Tensor, batch: number): Tensor {
    const e = this.ctx.engine;
    if (this.x === null) throw new Error(`${this.name}: backward before forward`);
    const n = batch * sizeOf(this.inputShape);
    this.naturalViews();
    for (let j = 0; j < this.slots.length; j++) {
      const s = this.slots[j];
      if (s.param === null) {
        this.dpViews[j] = null;
        continue;
      }
      const d = e.view(s.dNatural);
      d.fill(0);
      this.dpViews[j] = d;
    }
    if (this.savedValid && this.saved !== null && canSave(this.kernels)) {
      const kept = e.view(this.saved, this.kernels.savedPerValue * n);
      this.kernels.backwardSaved(e.view(this.x, n), e.view(dy, n), e.view(this.dx, n), kept, this.pViews, this.dpViews, this.period, n);
    } else {
      this.kernels.backward(e.view(this.x, n), e.view(dy, n), e.view(this.dx, n), this.pViews, this.dpViews, this.period, n);
    }
    for (let j = 0; j < this.slots.length; j++) {
      const s = this.slots[j];
      if (s.param === null) continue;
      const grad = e.view(s.param.grad);
      const d = this.dpViews[j] as Float32Array;
      const p = this.pViews[j];
      // ∂L/∂θ = p·∂L/∂p for p = e^θ.
      if (s.exp) for (let k = 0; k < grad.length; k++) grad[k] = d[k] * p[k];
      else grad.set(d);
    }
    return this.dx;
  }
}
