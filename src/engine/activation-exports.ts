// Which catalog activations have WASM kernels (assembly/activations.ts), under which export stem, and the names
// of their row-range forms that GemmPool may split over threads.

/** Catalog name → export stem (leakyRelu is prelu with a fixed slope). */
export const ACTIVATION_EXPORT_STEMS = {
  relu: 'relu',
  leakyRelu: 'prelu',
  prelu: 'prelu',
  learnableLinear: 'learnable_linear',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  swish: 'swish',
  adaptiveRelu: 'adaptive_relu',
  adaptiveGumbel: 'adaptive_gumbel',
  softExponential: 'soft_exponential',
  pelu: 'pelu',
} as const;

type Stem = (typeof ACTIVATION_EXPORT_STEMS)[keyof typeof ACTIVATION_EXPORT_STEMS];

/** The forms that keep a training forward's parts for backward: adaptiveGumbel's (activation-kernels.ts, SavingKernels). */
const SAVING_ROW_KERNELS = ['activation_adaptive_gumbel_forward_saving_rows', 'activation_adaptive_gumbel_backward_saved_rows'] as const;

/**
 * activation_<stem>_forward_rows(x, y, p0, p1, period, r0, r1), ..._backward_rows(x, dy, dx, p0, p1, dp0, dp1, period,
 * blockRows, r0, r1), and the saving forms.
 */
export type ActivationRowKernel = `activation_${Stem}_${'forward' | 'backward'}_rows` | (typeof SAVING_ROW_KERNELS)[number];

export const ACTIVATION_ROW_KERNELS: readonly ActivationRowKernel[] = [
  ...[...new Set(Object.values(ACTIVATION_EXPORT_STEMS))].flatMap((stem): ActivationRowKernel[] => [`activation_${stem}_forward_rows`, `activation_${stem}_backward_rows`]),
  ...SAVING_ROW_KERNELS,
];
