// actlab: activation functions for neural networks, above all learnable ones. The whole public surface of the core,
// which runs alike in Node and in browsers (no node: module is reachable from here); 'actlab/node' adds data sets on
// disk, run directories, checkpoint files and experiments.

// The catalog: every activation with its formula, parameters, float64 reference and float32 kernels.
export { getActivation, listActivations } from './activations/catalog.js';
export { evaluateActivation, type ActivationValues } from './activations/evaluate.js';
export type { Activation, ElementwiseActivation, ParamSpec } from './activations/types.js';

// Activations of one's own: in code (checked against central differences), or as a formula (differentiated
// symbolically), registered for the process under their name; and the check itself.
export { defineActivation, type ActivationDefinition, type UserParam } from './activations/user.js';
export { formulaActivation, FormulaError } from './activations/formula.js';
export { checkGradients, GradientCheckError, type GradientReport } from './activations/gradient-check.js';

// Training on examples in memory, and the trained model (predictions, learned parameters, checkpoint bytes).
export { train, type TrainOptions, type TrainResult } from './api/train.js';
export type { ExampleArrays } from './api/data.js';
export { loadModel, TrainedModel } from './api/model.js';
export { createTrainer, Trainer, type GradientSize } from './api/trainer.js';
export type { EpochMetrics, Summary, TrainHooks } from './train/trainer.js';

// The engine (WASM SIMD kernels, threads where memory can be shared), for those who drive layers themselves.
export { createEngine, type EngineOptions } from './engine/create.js';

// Data the seeds use: the adaptive-activation paper's teacher networks, and CSV text.
export { simulateTeacher } from './data/teacher.js';
export { parseCsv } from './data/csv.js';

// What is thrown at bad input (exit code 2 on the command line) and at a diverging run (3).
export { UsageError } from './errors.js';
export { DivergedError } from './train/trainer.js';
