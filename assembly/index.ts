// The kernels module: every export takes byte-offset pointers into the imported memory and sizes.
// No managed objects and no static data, so many instances (one per thread) can share one memory.
export * from './gemm';
export * from './elementwise';
export * from './activations';
export * from './conv';
export * from './hinges';
export * from './rational';
export * from './s-shaped';
export * from './basis';
