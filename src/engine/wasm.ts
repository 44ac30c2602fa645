// Loads the compiled kernels (build/kernels*.wasm, from assembly/): a file read in Node, a fetch in browsers.
import type { ActivationRowKernel } from './activation-exports.js';
import { nodeModule } from '../platform.js';

/**
 * The kernel exports. Pointers are byte offsets into the memory, sizes are element counts, β ∈ {0, 1}. The
 * activation kernels' row-range forms are typed by name pattern (activation-exports.ts).
 */
export interface Kernels extends Record<ActivationRowKernel, (...args: number[]) => void> {
  /** C[m0:m1] = βC + A·B; A M×K, B K×N, C M×N. */
  gemm_nn(a: number, b: number, c: number, M: number, N: number, K: number, beta: number, m0: number, m1: number): void;
  /** C[m0:m1] = A·B + bias (a row of N added to each row, after the product). */
  gemm_nn_bias(a: number, b: number, c: number, M: number, N: number, K: number, bias: number, m0: number, m1: number): void;
  /** C[m0:m1] = βC + Aᵀ·B; A stored K×M. */
  gemm_tn(a: number, b: number, c: number, M: number, N: number, K: number, beta: number, m0: number, m1: number): void;
  /** C[m0:m1] = βC + A·Bᵀ; B stored N×K. */
  gemm_nt(a: number, b: number, c: number, M: number, N: number, K: number, beta: number, m0: number, m1: number): void;
  /** out[j] (+)= Σ_r x[r, j]: accumulate 1 adds to out, 0 overwrites it. */
  col_sums(x: number, out: number, rows: number, cols: number, accumulate: number): void;
  /** y = eˣ (float32, Cephes). */
  exp_values(x: number, y: number, n: number): void;
  /** out = a·b. */
  multiply(a: number, b: number, out: number, n: number): void;
  /** One Adam step (PyTorch's formula) with bias corrections bc1 = 1−β1ᵗ, bc2 = 1−β2ᵗ. */
  adam(w: number, g: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, eps: number, bc1: number, bc2: number): void;
  /**
   * One SGD step (PyTorch's formula, dampening 0, the penalty l1·sign(w) + 2·l2·w added to the gradient) over each
   * row (w, g, vel, n as four int32s) of a table of `count` rows.
   */
  sgd_table(table: number, count: number, lr: number, momentum: number, nesterov: number, l1: number, l2: number): void;
  /** out[k] += Σ_b partials[b·period + k], blocks added in order (the activation kernels' per-block parameter sums). */
  sum_blocks(partials: number, out: number, blocks: number, period: number): void;
  // Image layers (assembly/conv.ts): x [batch, inH, inW, inC] channels-last, 'valid' windows for the pools. The
  // last two arguments are a range, images b0..b1 or rows r0..r1: a call writes that range's outputs only.
  /** cols[(b, oy, ox), (ky, kx, c)] = x[b, oy·s − padTop + ky, ox·s − padLeft + kx, c], 0 on padding. */
  im2col(x: number, cols: number, inH: number, inW: number, inC: number, kernel: number, stride: number, padTop: number, padLeft: number, outH: number, outW: number, b0: number, b1: number): void;
  /** dx = col2im(cols), the adjoint of im2col (overwrites dx). */
  col2im(cols: number, dx: number, inH: number, inW: number, inC: number, kernel: number, stride: number, padTop: number, padLeft: number, outH: number, outW: number, b0: number, b1: number): void;
  /** y = window maxima, argmax (int32) = their flat indices into x; first maximum on ties, NaN wins. */
  max_pool(x: number, y: number, argmax: number, inH: number, inW: number, inC: number, kernel: number, stride: number, outH: number, outW: number, b0: number, b1: number): void;
  /** dx = 0, dx[argmax[i]] += dy[i] (the adjoint of max_pool). */
  max_pool_backward(dy: number, argmax: number, dx: number, inH: number, inW: number, inC: number, kernel: number, stride: number, outH: number, outW: number, b0: number, b1: number): void;
  /** y = window means. */
  avg_pool(x: number, y: number, inH: number, inW: number, inC: number, kernel: number, stride: number, outH: number, outW: number, b0: number, b1: number): void;
  /** dx = 0, then dy/kernel² added over each window. */
  avg_pool_backward(dy: number, dx: number, inH: number, inW: number, inC: number, kernel: number, stride: number, outH: number, outW: number, b0: number, b1: number): void;
  /** float64 per-channel mean and biased variance of a rows×C matrix. */
  channel_mean_variance(x: number, rows: number, C: number, mean: number, variance: number): void;
  /** float64 per-channel Σ dy and Σ dy·x̂. */
  channel_grad_sums(dy: number, xHat: number, rows: number, C: number, sumDy: number, sumDyXHat: number): void;
  /** x̂ = (x − (meanHi + meanLo))·invStd, y = γ·x̂ + β per channel (float32 vectors of C). */
  channel_normalize(x: number, xHat: number, y: number, C: number, meanHi: number, meanLo: number, invStd: number, gamma: number, beta: number, r0: number, r1: number): void;
  /** dx = a·dy + b + k·x̂ per channel (float32 vectors of C). */
  channel_affine_grad(dy: number, xHat: number, dx: number, C: number, a: number, b: number, k: number, r0: number, r1: number): void;
}

/**
 * The build outputs, relative to this file in src/engine/ and dist/engine/ alike; scripts/build-browser.mjs points the
 * browser bundle's beside it. Each is a literal new URL(…, import.meta.url), the form bundlers (Vite, webpack) copy.
 */
const kernelUrl = (shared: boolean): URL =>
  shared ? new URL('../../build/kernels.wasm', import.meta.url) : new URL('../../build/kernels-unshared.wasm', import.meta.url);

const compiled = new Map<boolean, Promise<WebAssembly.Module>>();

/** The compiled kernels for a shared or an unshared imported memory; compiled once per thread and cached. */
export function kernelModule(shared: boolean): Promise<WebAssembly.Module> {
  let module = compiled.get(shared);
  if (module === undefined) {
    module = readKernelBytes(kernelUrl(shared)).then((bytes) => WebAssembly.compile(bytes));
    // A failed load is not cached, so a later call (e.g. after `npm run build:wasm`) can succeed.
    module.catch(() => compiled.delete(shared));
    compiled.set(shared, module);
  }
  return module;
}

/** Instantiates `module` over `memory`, which must be shared exactly when the module was built for sharing. */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as Kernels;
}

async function readKernelBytes(url: URL): Promise<ArrayBuffer | Uint8Array<ArrayBuffer>> {
  try {
    if (url.protocol === 'file:') {
      // From Node's built-ins at run time: no node: import reaches browser bundles.
      const fs = nodeModule('node:fs/promises');
      if (fs === undefined) throw new Error('file: URLs need Node');
      // readFile's Buffer owns a plain (never shared) ArrayBuffer.
      return (await fs.readFile(url)) as Uint8Array<ArrayBuffer>;
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.arrayBuffer();
  } catch (cause) {
    throw new Error(`cannot load the WASM kernels from ${url.href} (run \`npm run build:wasm\` first)`, { cause });
  }
}
