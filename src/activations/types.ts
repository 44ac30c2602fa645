// The shape of a catalog entry: metadata, a float64 scalar oracle, and float32 batched kernels.

/** One parameter of an activation, declared once: the CLI, the layers, the plots and the tests read it. */
export interface ParamSpec {
  name: string;
  description: string;
  /** The value used when none is given; for a learnable parameter also its initial value. */
  default: number;
  /** Valid range; `minOpen`/`maxOpen` make a bound exclusive. Infinite bounds are allowed. */
  min: number;
  max: number;
  minOpen?: boolean;
  maxOpen?: boolean;
  /** Trained by backprop when the activation is placed in a network. */
  learnable: boolean;
  /** 'exp': trained as θ with p = e^θ, which keeps p > 0 (the paper's α = e^θ). */
  reparam?: 'exp';
  /** At least five values, some near the edges of the range: the tests check every one. */
  testValues: number[];
  /**
   * The vector parameter this value belongs to, e.g. 'a' for APL's a1..aS: several values per slot are declared as
   * that many scalar parameters (each one `period` values in the kernels, one tensor in the layer and the checkpoint,
   * one histogram) sharing a group name, which `--param a=v` sets all at once.
   */
  group?: string;
}

/** Parameter values in declaration order. */
export type Params = ArrayLike<number>;

/** Float64 scalar reference: the oracle for tests and plots. */
export interface ScalarReference {
  f(x: number, p: Params): number;
  dfdx(x: number, p: Params): number;
  /** ∂f/∂p for each parameter, in declaration order. */
  dfdp: ReadonlyArray<(x: number, p: Params) => number>;
}

/**
 * Float32 batched kernels. Element i uses parameter slot k = i % period:
 * period 1 shares one value per layer, period = features per sample gives one per neuron,
 * period = channels (channels-last) one per channel. `p[j]` holds parameter j, length `period`.
 * Neither kernel allocates.
 */
export interface ElementwiseKernels {
  /** y[i] = f(x[i]; p[·][i % period]) for i < n. */
  forward(x: Float32Array, y: Float32Array, p: readonly Float32Array[], period: number, n: number): void;
  /**
   * dx[i] = dy[i]·∂f/∂x, and for each j with dp[j] non-null: dp[j][k] += Σ_{i % period = k} dy[i]·∂f/∂p_j.
   * dp may be null (no parameter gradients wanted).
   */
  backward(
    x: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    p: readonly Float32Array[],
    dp: readonly (Float32Array | null)[] | null,
    period: number,
    n: number,
  ): void;
}

interface EntryMetadata {
  /** lowerCamelCase, unique across names and aliases. */
  name: string;
  aliases: string[];
  /** One line. */
  description: string;
  /** Plain-text formula, e.g. "x·σ(βx)". */
  formula: string;
  /** The formula as TeX (KaTeX renders it on the explorer's catalog page); every catalog entry has one. */
  tex?: string;
  /** Paper or source it comes from. */
  reference: string;
  /** Family, for grouping in docs ("rectifier", "sigmoidal", "learnable", ...). */
  family: string;
  params: ParamSpec[];
  /** Derivative conventions at kinks and numerics worth knowing (one or two sentences). */
  notes: string;
  /** A constraint between parameters (e.g. min < max): returns what is wrong, or null. */
  validate?(p: Params): string | null;
}

export interface ElementwiseActivation extends EntryMetadata {
  kind: 'elementwise';
  /** x positions where f is not differentiable (in x or in a parameter); finite differences skip them. */
  kinks(p: Params): number[];
  /** Characteristic input scale (1/β, 1/ω₀, ...): finite-difference steps and plot ranges use it. Default 1. */
  lengthScale?(p: Params): number;
  /**
   * The open interval (lo, hi) of x where f is mathematically defined, for an entry defined on part
   * of the axis only (the reference may clamp or return NaN outside it). Absent: defined everywhere.
   */
  domain?(p: Params): [number, number];
  /** True when f has no limit at ±∞ (periodic functions): NaN there is the honest value. */
  noLimitAtInfinity?: boolean;
  /** f is affine in x (k0 + k1·x): a network whose activations are all affine is a linear model. */
  affine?: true;
  /**
   * f grows exponentially, so large inputs overflow float32: what keeps them in range. A network that uses the entry
   * without batch normalisation before it is warned, and a divergence in its layer repeats the advice.
   */
  overflowAdvice?: string;
  ref: ScalarReference;
  kernels: ElementwiseKernels;
}

/** Row-wise functions of a vector (softmax and kin). Rows are contiguous, of length `rowLength`. */
export interface VectorActivation extends EntryMetadata {
  kind: 'vector';
  ref: {
    f(row: readonly number[]): number[];
    /** Vector-Jacobian product: dyᵀ·J at `row`. */
    vjp(row: readonly number[], dy: readonly number[]): number[];
  };
  kernels: {
    forward(x: Float32Array, y: Float32Array, rowLength: number, n: number): void;
    /** dx = dyᵀ·J per row; uses the forward output y. */
    backward(y: Float32Array, dy: Float32Array, dx: Float32Array, rowLength: number, n: number): void;
  };
}

export type Activation = ElementwiseActivation | VectorActivation;

/** An elementwise entry before its kernels are derived: what a family file writes. */
export type ElementwiseDefinition = Omit<ElementwiseActivation, 'kind' | 'kernels'> & {
  kernels?: ElementwiseKernels;
};
