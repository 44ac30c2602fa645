// What the table kernels (s-shaped.ts, hinges.ts, rational.ts, basis.ts) share: they receive a table of pointers, one
// per parameter, each to `period` values (or one, when shared by the layer), and walk the slots four at a time from
// byte offset o with k live lanes.
import { loadPartial, storePartial } from './simd';

/** Parameter j of the table for the slots at byte offset o with k lanes (shared: its one value, splatted). */
// @ts-ignore: decorator
@inline export function parameter(table: usize, j: i32, o: usize, k: i32, shared: bool): v128 {
  const ptr = <usize>load<u32>(table + (<usize>j << 2));
  return shared ? f32x4.splat(load<f32>(ptr)) : loadPartial(ptr + o, k);
}

/**
 * Adds the per-slot sums in scratch (one vector per parameter) to each wanted gradient of dtable (a null pointer: not
 * wanted); a shared parameter gets the four lanes' total.
 */
// @ts-ignore: decorator
@inline export function addTableGradients(dtable: usize, scratch: usize, count: i32, o: usize, k: i32, shared: bool): void {
  for (let j = 0; j < count; j++) {
    const dp = <usize>load<u32>(dtable + (<usize>j << 2));
    if (dp == 0) continue;
    const acc = v128.load(scratch + (<usize>j << 4));
    if (shared) {
      const sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
      store<f32>(dp, load<f32>(dp) + sum);
    } else {
      storePartial(dp + o, f32x4.add(loadPartial(dp + o, k), acc), k);
    }
  }
}
