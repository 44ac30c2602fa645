// Turns a family file's definition into a catalog entry, deriving float32 kernels from the
// float64 reference where the entry brings none of its own.
import type { ElementwiseActivation, ElementwiseDefinition, ElementwiseKernels, ScalarReference } from './types.js';

/**
 * Batched float32 kernels that evaluate the scalar reference per element. The arithmetic is
 * float64 (as all JS arithmetic is), rounded once on store; parameter values are read from
 * their slot once per element through a scratch buffer made here, so calls allocate nothing.
 */
export function kernelsFromReference(ref: ScalarReference, paramCount: number): ElementwiseKernels {
  const scratch = new Float64Array(paramCount);
  const dfdp = ref.dfdp;
  return {
    forward(x, y, p, period, n) {
      for (let row = 0; row < n; row += period) {
        const end = Math.min(period, n - row);
        for (let k = 0; k < end; k++) {
          for (let j = 0; j < paramCount; j++) scratch[j] = p[j][k];
          y[row + k] = ref.f(x[row + k], scratch);
        }
      }
    },
    backward(x, dy, dx, p, dp, period, n) {
      for (let row = 0; row < n; row += period) {
        const end = Math.min(period, n - row);
        for (let k = 0; k < end; k++) {
          for (let j = 0; j < paramCount; j++) scratch[j] = p[j][k];
          const i = row + k;
          const xi = x[i];
          const g = dy[i];
          dx[i] = g * ref.dfdx(xi, scratch);
          if (dp !== null) {
            for (let j = 0; j < paramCount; j++) {
              const acc = dp[j];
              // A zero upstream gradient contributes nothing, even where ∂f/∂p is infinite.
              if (acc !== null && g !== 0) acc[k] += g * dfdp[j](xi, scratch);
            }
          }
        }
      }
    },
  };
}

export function defineElementwise(def: ElementwiseDefinition): ElementwiseActivation {
  if (def.ref.dfdp.length !== def.params.length) {
    throw new Error(`${def.name}: ${def.params.length} parameters but ${def.ref.dfdp.length} dfdp functions`);
  }
  const names = new Set(def.params.map((s) => s.name));
  const clash = def.params.find((s) => s.group !== undefined && names.has(s.group));
  if (clash !== undefined) throw new Error(`${def.name}: group '${clash.group}' of ${clash.name} is also a parameter's name`);
  return { ...def, kind: 'elementwise', kernels: def.kernels ?? kernelsFromReference(def.ref, def.params.length) };
}
