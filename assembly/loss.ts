// Softmax cross-entropy, forward and backward fused: one pass per row gives the loss and dlogits.

/**
 * For each row r of rows×cols logits z with integer label y_r (int32 array):
 * losses[r] = logΣ_j exp(z_rj) − z_{r,y_r} and dlogits[r, j] = (softmax(z_r)_j − [j = y_r]) · gradScale
 * (gradScale = 1/batch gives the gradient of the mean loss). Returns Σ_r losses[r]. dlogits may alias logits.
 */
export function softmax_xent(logits: usize, labels: usize, dlogits: usize, losses: usize, rows: i32, cols: i32, gradScale: f32): f64 {
  const ld = <usize>cols << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const z = logits + <usize>r * ld, d = dlogits + <usize>r * ld;
    let zmax = load<f32>(z);
    for (let j = 1; j < cols; j++) zmax = max(zmax, load<f32>(z + (<usize>j << 2)));
    // Read before the exps overwrite z when dlogits aliases logits.
    const label = load<i32>(labels + (<usize>r << 2));
    const zLabel = load<f32>(z + (<usize>label << 2));
    // Shifting by the max keeps every exp ≤ 1, so the sum cannot overflow.
    let sum: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const e = expNonPositive(load<f32>(z + (<usize>j << 2)) - zmax);
      store<f32>(d + (<usize>j << 2), e);
      sum += e;
    }
    const loss = <f32>logAtLeastOne(<f64>sum) - (zLabel - zmax);
    store<f32>(losses + (<usize>r << 2), loss);
    total += loss;
    const s = gradScale / sum;
    for (let j = 0; j < cols; j++) store<f32>(d + (<usize>j << 2), load<f32>(d + (<usize>j << 2)) * s);
    const dl = d + (<usize>label << 2);
    store<f32>(dl, load<f32>(dl) - gradScale);
  }
  return total;
}

// The std library's exp and log read lookup tables from static data, which every instance would rewrite
// into the shared memory on start; these table-free versions keep the module free of data segments.

/** exp(x) for x ≤ 0 (Cephes expf: x = n·ln2 + r, |r| ≤ ln2/2, degree-6 polynomial); relative error ~1e-7. */
function expNonPositive(x: f32): f32 {
  if (x < -87.0) return 0; // below 2^-125 the term cannot change a sum that holds exp(0) = 1
  const n = nearest<f32>(x * 1.44269504088896341);
  const r = x - n * 0.693359375 + n * 2.12194440e-4;
  let p: f32 = 1.9875691500e-4;
  p = p * r + 1.3981999507e-3;
  p = p * r + 8.3334519073e-3;
  p = p * r + 4.1665795894e-2;
  p = p * r + 1.6666665459e-1;
  p = p * r + 5.0000001201e-1;
  const e = p * r * r + r + 1;
  return e * reinterpret<f32>((<i32>n + 127) << 23);
}

/** log(x) for x ≥ 1: x = m·2^e with m ∈ [√½, √2), log m = 2·atanh((m−1)/(m+1)) by its series; error ~1e-13. */
function logAtLeastOne(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let e = <i32>(bits >> 52) - 1023;
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  const t = (m - 1) / (m + 1), t2 = t * t;
  const series = t * (2 + t2 * (2.0 / 3 + t2 * (2.0 / 5 + t2 * (2.0 / 7 + t2 * (2.0 / 9 + t2 * (2.0 / 11 + t2 * (2.0 / 13)))))));
  return <f64>e * 0.6931471805599453 + series;
}
