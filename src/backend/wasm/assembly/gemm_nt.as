// C ← A·Bᵀ (+ β·C) with A m × k and B n × k, both row-major: the product dZ·Wᵀ (∂cost/∂x) of a
// dense layer, read in place. Each C[i][j] is a dot product of two contiguous rows, so a 4 × 2 tile
// keeps eight vector accumulators running along k and sums their lanes once at the end.
import { hsum, madd } from "./simd";
import { chunkDone, claim, jobArgs, shareEnd, shareStart } from "./parallel";

/** rows of B per block, so that they stay in L1 while every row tile of A passes over them */
const NB: i32 = 16;

/** c ← s (+ c) */
// @ts-ignore: decorator
@inline function put(cp: usize, s: f32, acc: bool): void {
  store<f32>(cp, acc ? load<f32>(cp) + s : s);
}

/** Σ_p A[p]·B[p] over k floats */
function dot(a: usize, b: usize, k: i32): f32 {
  let s = f32x4.splat(0);
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const o = <usize>p << 2;
    s = madd(v128.load(a + o), v128.load(b + o), s);
  }
  let t = hsum(s);
  for (; p < k; p++) t += load<f32>(a + (<usize>p << 2)) * load<f32>(b + (<usize>p << 2));
  return t;
}

/** The 4 × 2 tile: C[i+r][j+q] = ⟨A row i+r, B row j+q⟩ for r < 4, q < 2. */
function tile4x2(a: usize, b: usize, k: i32, c: usize, ldc: usize, acc: bool): void {
  const lda = <usize>k << 2;
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0);
  let s10 = f32x4.splat(0), s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0), s21 = f32x4.splat(0);
  let s30 = f32x4.splat(0), s31 = f32x4.splat(0);
  const a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda;
  const b1 = b + lda;
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const o = <usize>p << 2;
    const y0 = v128.load(b + o);
    const y1 = v128.load(b1 + o);
    let x = v128.load(a + o);
    s00 = madd(x, y0, s00); s01 = madd(x, y1, s01);
    x = v128.load(a1 + o);
    s10 = madd(x, y0, s10); s11 = madd(x, y1, s11);
    x = v128.load(a2 + o);
    s20 = madd(x, y0, s20); s21 = madd(x, y1, s21);
    x = v128.load(a3 + o);
    s30 = madd(x, y0, s30); s31 = madd(x, y1, s31);
  }
  let t00 = hsum(s00), t01 = hsum(s01), t10 = hsum(s10), t11 = hsum(s11);
  let t20 = hsum(s20), t21 = hsum(s21), t30 = hsum(s30), t31 = hsum(s31);
  for (; p < k; p++) {
    const o = <usize>p << 2;
    const y0 = load<f32>(b + o), y1 = load<f32>(b1 + o);
    let x = load<f32>(a + o); t00 += x * y0; t01 += x * y1;
    x = load<f32>(a1 + o); t10 += x * y0; t11 += x * y1;
    x = load<f32>(a2 + o); t20 += x * y0; t21 += x * y1;
    x = load<f32>(a3 + o); t30 += x * y0; t31 += x * y1;
  }
  put(c, t00, acc); put(c + 4, t01, acc);
  c += ldc; put(c, t10, acc); put(c + 4, t11, acc);
  c += ldc; put(c, t20, acc); put(c + 4, t21, acc);
  c += ldc; put(c, t30, acc); put(c + 4, t31, acc);
}

/** C ← A·Bᵀ (+ C when beta = 1); chunk ci of nc is a share of the rows, or of the columns when m is short. */
function gemmNTChunk(self: i32, ci: i32, nc: i32, a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, beta: i32): void {
  let i0 = 0, i1 = m, j0 = 0, j1 = n;
  if (m >= 8 * nc) {
    i0 = shareStart(m, 4, ci, nc);
    i1 = shareEnd(m, 4, ci, nc);
  } else {
    j0 = shareStart(n, 2, ci, nc);
    j1 = shareEnd(n, 2, ci, nc);
  }
  if (i0 >= i1 || j0 >= j1) return;
  const acc = beta != 0;
  const lda: usize = <usize>k << 2;
  const ldc: usize = <usize>n << 2;
  for (let jb = j0; jb < j1; jb += NB) {
    const je = min(jb + NB, j1);
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      let j = jb;
      for (; j + 2 <= je; j += 2) tile4x2(a + <usize>i * lda, b + <usize>j * lda, k, c + <usize>i * ldc + (<usize>j << 2), ldc, acc);
      for (; j < je; j++) {
        for (let r = 0; r < 4; r++) put(c + <usize>(i + r) * ldc + (<usize>j << 2), dot(a + <usize>(i + r) * lda, b + <usize>j * lda, k), acc);
      }
    }
    for (; i < i1; i++) {
      for (let j = jb; j < je; j++) put(c + <usize>i * ldc + (<usize>j << 2), dot(a + <usize>i * lda, b + <usize>j * lda, k), acc);
    }
  }
}
/** Runs gemmNT on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function gemmNT(self: i32, nt: i32): void {
  const args = jobArgs();
  const a = <usize>load<f64>(args, 0);
  const b = <usize>load<f64>(args, 8);
  const c = <usize>load<f64>(args, 16);
  const m = <i32>load<f64>(args, 24);
  const n = <i32>load<f64>(args, 32);
  const k = <i32>load<f64>(args, 40);
  const beta = <i32>load<f64>(args, 48);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    gemmNTChunk(self, ch, nt, a, b, c, m, n, k, beta);
    chunkDone();
  }
}
