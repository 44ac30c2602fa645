// GEMM kernels over raw float32 matrices in linear memory: C[m0:m1, :] = β·C + op(A)·op(B), all row-major.
// Pointers are byte offsets, sizes are element counts, β ∈ {0, 1} (0 overwrites C without reading it).
// The row range m0..m1 lets threads split one product; each call writes only its own rows of C.
import { hsum4, loadPartial, storePartial } from './simd';

/** Depth of one K block: a 256×8 panel of B (8 KiB) stays in L1 while the row tiles stream past it. */
const KC: i32 = 256;

/** C = βC + A·B with A M×K, B K×N, C M×N; rows m0..m1 of C. */
export function gemm_nn(a: usize, b: usize, c: usize, M: i32, N: i32, K: i32, beta: f32, m0: i32, m1: i32): void {
  gemmStrided(a, <usize>K << 2, 4, b, c, N, K, beta, m0, m1, 0);
}

/**
 * C = A·B + bias (a bias row of N added to every row of the product after it, in float32: the bits of a GEMM then a bias add)
 * with A M×K, B K×N, C M×N; rows m0..m1 of C. A dense or convolution layer's forward in one call.
 */
export function gemm_nn_bias(a: usize, b: usize, c: usize, M: i32, N: i32, K: i32, bias: usize, m0: i32, m1: i32): void {
  gemmStrided(a, <usize>K << 2, 4, b, c, N, K, 0, m0, m1, bias);
}

/** C = βC + Aᵀ·B with A stored K×M, B K×N, C M×N; rows m0..m1 of C (columns of the stored A). */
export function gemm_tn(a: usize, b: usize, c: usize, M: i32, N: i32, K: i32, beta: f32, m0: i32, m1: i32): void {
  gemmStrided(a, 4, <usize>M << 2, b, c, N, K, beta, m0, m1, 0);
}

/** C = βC + A·Bᵀ with A M×K, B stored N×K, C M×N; rows m0..m1 of C. Dot products run along contiguous K. */
export function gemm_nt(a: usize, b: usize, c: usize, M: i32, N: i32, K: i32, beta: f32, m0: i32, m1: i32): void {
  const lda = <usize>K << 2, ldc = <usize>N << 2;
  for (let j = 0; j < N; j += 4) {
    const nt = min(4, N - j);
    let i = m0;
    for (; i + 2 <= m1; i += 2) {
      dot2x4(a + <usize>i * lda, lda, b + <usize>j * lda, K, nt, c + <usize>i * ldc + (<usize>j << 2), ldc, beta);
    }
    if (i < m1) dot1x4(a + <usize>i * lda, b + <usize>j * lda, lda, K, nt, c + <usize>i * ldc + (<usize>j << 2), beta);
  }
}

/**
 * Shared driver of gemm_nn and gemm_tn: element (i, k) of op(A) sits at a + i·ars + k·aks (byte strides),
 * B is K×N row-major. Register tiles are 4×8, with 1-row and ≤4-column tiles for the edges. A bias row (pointer,
 * 0 for none) is added as each tile of the last K block is stored.
 */
// @ts-ignore: decorator
@inline function gemmStrided(a: usize, ars: usize, aks: usize, b: usize, c: usize, N: i32, K: i32, beta: f32, m0: i32, m1: i32, bias: usize): void {
  const ldb = <usize>N << 2, ldc = <usize>N << 2;
  if (K == 0 && beta == 0) {
    for (let i = m0; i < m1; i++) {
      if (bias != 0) memory.copy(c + <usize>i * ldc, bias, ldc);
      else memory.fill(c + <usize>i * ldc, 0, ldc);
    }
  }
  for (let p = 0; p < K; p += KC) {
    const kc = min(KC, K - p);
    const ap = a + <usize>p * aks, bp = b + <usize>p * ldb;
    // Later K blocks add to what the first one wrote; the bias comes after the last.
    const bet: f32 = p == 0 ? beta : 1;
    const bi: usize = p + kc == K ? bias : 0;
    let j = 0;
    for (; j + 8 <= N; j += 8) {
      const bj = bp + (<usize>j << 2), cj = c + (<usize>j << 2), biasj = offset(bi, j);
      let i = m0;
      for (; i + 4 <= m1; i += 4) tile4x8(kc, ap + <usize>i * ars, ars, aks, bj, ldb, cj + <usize>i * ldc, ldc, bet, biasj);
      for (; i < m1; i++) tile1x8(kc, ap + <usize>i * ars, aks, bj, ldb, cj + <usize>i * ldc, bet, biasj);
    }
    // Columns left over after the 8-wide tiles: a whole 4-wide block, then the last 1..3 (a constant
    // width of 4 lets the compiler turn the partial loads of tile4x4 into plain ones).
    if (j + 4 <= N) {
      columnBlock4(kc, ap, ars, aks, bp + (<usize>j << 2), ldb, 4, c + (<usize>j << 2), ldc, bet, m0, m1, offset(bi, j));
      j += 4;
    }
    if (j < N) columnBlock4(kc, ap, ars, aks, bp + (<usize>j << 2), ldb, N - j, c + (<usize>j << 2), ldc, bet, m0, m1, offset(bi, j));
  }
}

/** Column j's place in the bias row, or 0 for no bias. */
// @ts-ignore: decorator
@inline function offset(bias: usize, j: i32): usize {
  return bias == 0 ? 0 : bias + (<usize>j << 2);
}

/** Rows m0..m1 of a block of nt ≤ 4 columns. */
// @ts-ignore: decorator
@inline function columnBlock4(kc: i32, a: usize, ars: usize, aks: usize, b: usize, ldb: usize, nt: i32, c: usize, ldc: usize, beta: f32, m0: i32, m1: i32, bias: usize): void {
  let i = m0;
  for (; i + 4 <= m1; i += 4) tile4x4(kc, a + <usize>i * ars, ars, aks, b, ldb, nt, c + <usize>i * ldc, ldc, beta, bias);
  for (; i < m1; i++) tile1x4(kc, a + <usize>i * ars, aks, b, ldb, nt, c + <usize>i * ldc, beta, bias);
}

/** Adds C's old value when β = 1, then the bias (pointer 0: none), then stores. */
// @ts-ignore: decorator
@inline function put(c: usize, acc: v128, beta: f32, bias: usize): void {
  const sum = beta != 0 ? f32x4.add(acc, v128.load(c)) : acc;
  v128.store(c, bias != 0 ? f32x4.add(sum, v128.load(bias)) : sum);
}

// @ts-ignore: decorator
@inline function putPartial(c: usize, acc: v128, nt: i32, beta: f32, bias: usize): void {
  const sum = beta != 0 ? f32x4.add(acc, loadPartial(c, nt)) : acc;
  storePartial(c, bias != 0 ? f32x4.add(sum, loadPartial(bias, nt)) : sum, nt);
}

/** 4×8 register tile: 8 accumulators, 2 B vectors and 1 broadcast fit V8's 16 xmm registers without spills. */
// @ts-ignore: decorator
@inline function tile4x8(kc: i32, a: usize, ars: usize, aks: usize, b: usize, ldb: usize, c: usize, ldc: usize, beta: f32, bias: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const s0 = v128.load32_splat(a0);
    c00 = f32x4.add(c00, f32x4.mul(s0, b0));
    c01 = f32x4.add(c01, f32x4.mul(s0, b1));
    const s1 = v128.load32_splat(a1);
    c10 = f32x4.add(c10, f32x4.mul(s1, b0));
    c11 = f32x4.add(c11, f32x4.mul(s1, b1));
    const s2 = v128.load32_splat(a2);
    c20 = f32x4.add(c20, f32x4.mul(s2, b0));
    c21 = f32x4.add(c21, f32x4.mul(s2, b1));
    const s3 = v128.load32_splat(a3);
    c30 = f32x4.add(c30, f32x4.mul(s3, b0));
    c31 = f32x4.add(c31, f32x4.mul(s3, b1));
    a0 += aks; a1 += aks; a2 += aks; a3 += aks;
    b += ldb;
  }
  const bias1 = offset(bias, 4);
  put(c, c00, beta, bias); put(c + 16, c01, beta, bias1); c += ldc;
  put(c, c10, beta, bias); put(c + 16, c11, beta, bias1); c += ldc;
  put(c, c20, beta, bias); put(c + 16, c21, beta, bias1); c += ldc;
  put(c, c30, beta, bias); put(c + 16, c31, beta, bias1);
}

/** 1×8 tile for the last rows. */
// @ts-ignore: decorator
@inline function tile1x8(kc: i32, a: usize, aks: usize, b: usize, ldb: usize, c: usize, beta: f32, bias: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const s = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(s, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(s, v128.load(b, 16)));
    a += aks;
    b += ldb;
  }
  put(c, c0, beta, bias); put(c + 16, c1, beta, offset(bias, 4));
}

/** 4×nt tile (nt ≤ 4) for the last columns: lanes past nt are read as 0 and never stored. */
// @ts-ignore: decorator
@inline function tile4x4(kc: i32, a: usize, ars: usize, aks: usize, b: usize, ldb: usize, nt: i32, c: usize, ldc: usize, beta: f32, bias: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars;
  for (let k = 0; k < kc; k++) {
    const bv = loadPartial(b, nt);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a0), bv));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(a1), bv));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(a2), bv));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(a3), bv));
    a0 += aks; a1 += aks; a2 += aks; a3 += aks;
    b += ldb;
  }
  putPartial(c, c0, nt, beta, bias); c += ldc;
  putPartial(c, c1, nt, beta, bias); c += ldc;
  putPartial(c, c2, nt, beta, bias); c += ldc;
  putPartial(c, c3, nt, beta, bias);
}

/** 1×nt tile (nt ≤ 4): the bottom-right corner. */
// @ts-ignore: decorator
@inline function tile1x4(kc: i32, a: usize, aks: usize, b: usize, ldb: usize, nt: i32, c: usize, beta: f32, bias: usize): void {
  let c0 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), loadPartial(b, nt)));
    a += aks;
    b += ldb;
  }
  putPartial(c, c0, nt, beta, bias);
}

/**
 * A·Bᵀ tile of 2 rows × nt (≤ 4) columns: 8 dot products along K, 4 floats at a time; the K % 4 tail repeats
 * the step on zero-padded vectors (a branch per load inside the main loop halves its speed).
 * Columns past nt re-read B's first row (always valid memory) and are never stored.
 */
// @ts-ignore: decorator
@inline function dot2x4(a: usize, lda: usize, b: usize, K: i32, nt: i32, c: usize, ldc: usize, beta: f32): void {
  const a1 = a + lda;
  const b1 = nt > 1 ? b + lda : b, b2 = nt > 2 ? b + 2 * lda : b, b3 = nt > 3 ? b + 3 * lda : b;
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
  let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= K; k += 4) {
    const off = <usize>k << 2;
    const x0 = v128.load(a + off), x1 = v128.load(a1 + off);
    let y = v128.load(b + off);
    s00 = f32x4.add(s00, f32x4.mul(x0, y)); s10 = f32x4.add(s10, f32x4.mul(x1, y));
    y = v128.load(b1 + off);
    s01 = f32x4.add(s01, f32x4.mul(x0, y)); s11 = f32x4.add(s11, f32x4.mul(x1, y));
    y = v128.load(b2 + off);
    s02 = f32x4.add(s02, f32x4.mul(x0, y)); s12 = f32x4.add(s12, f32x4.mul(x1, y));
    y = v128.load(b3 + off);
    s03 = f32x4.add(s03, f32x4.mul(x0, y)); s13 = f32x4.add(s13, f32x4.mul(x1, y));
  }
  if (k < K) {
    const n = K - k, off = <usize>k << 2;
    const x0 = loadPartial(a + off, n), x1 = loadPartial(a1 + off, n);
    let y = loadPartial(b + off, n);
    s00 = f32x4.add(s00, f32x4.mul(x0, y)); s10 = f32x4.add(s10, f32x4.mul(x1, y));
    y = loadPartial(b1 + off, n);
    s01 = f32x4.add(s01, f32x4.mul(x0, y)); s11 = f32x4.add(s11, f32x4.mul(x1, y));
    y = loadPartial(b2 + off, n);
    s02 = f32x4.add(s02, f32x4.mul(x0, y)); s12 = f32x4.add(s12, f32x4.mul(x1, y));
    y = loadPartial(b3 + off, n);
    s03 = f32x4.add(s03, f32x4.mul(x0, y)); s13 = f32x4.add(s13, f32x4.mul(x1, y));
  }
  putPartial(c, hsum4(s00, s01, s02, s03), nt, beta, 0);
  putPartial(c + ldc, hsum4(s10, s11, s12, s13), nt, beta, 0);
}

/** A·Bᵀ tile of 1 row × nt (≤ 4) columns, for an odd last row. */
// @ts-ignore: decorator
@inline function dot1x4(a: usize, b: usize, ldb: usize, K: i32, nt: i32, c: usize, beta: f32): void {
  const b1 = nt > 1 ? b + ldb : b, b2 = nt > 2 ? b + 2 * ldb : b, b3 = nt > 3 ? b + 3 * ldb : b;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= K; k += 4) {
    const off = <usize>k << 2;
    const x = v128.load(a + off);
    s0 = f32x4.add(s0, f32x4.mul(x, v128.load(b + off)));
    s1 = f32x4.add(s1, f32x4.mul(x, v128.load(b1 + off)));
    s2 = f32x4.add(s2, f32x4.mul(x, v128.load(b2 + off)));
    s3 = f32x4.add(s3, f32x4.mul(x, v128.load(b3 + off)));
  }
  if (k < K) {
    const n = K - k, off = <usize>k << 2;
    const x = loadPartial(a + off, n);
    s0 = f32x4.add(s0, f32x4.mul(x, loadPartial(b + off, n)));
    s1 = f32x4.add(s1, f32x4.mul(x, loadPartial(b1 + off, n)));
    s2 = f32x4.add(s2, f32x4.mul(x, loadPartial(b2 + off, n)));
    s3 = f32x4.add(s3, f32x4.mul(x, loadPartial(b3 + off, n)));
  }
  putPartial(c, hsum4(s0, s1, s2, s3), nt, beta, 0);
}
