// The float64 products of a dense layer, on two-lane f64x2 vectors: the same blocking as the float32
// kernels (gemm.as, gemm_nt.as) with half the lanes. x·W and xᵀ·dZ use a 4 × 4 register tile (eight
// f64x2 accumulators) over B packed into k × 4 panels (32 bytes a row, as the float32 k × 8 panels,
// so the packing scratch is the same); dZ·Wᵀ uses a 4 × 2 tile of dot products along k.
// Sums are carried in float64 (fused multiply-add where the relaxed-SIMD build has it).
import { chunkDone, claim, jobArgs, shareEnd, shareStart } from "./parallel";
import { ACT_LEAKY_RELU, ACT_RELU } from "./epilogue";
import { KC, PACK_BYTES } from "./gemm";

/** rows of A per i block */
const MC: i32 = 128;
/** rows of B per block in the dot-product kernel */
const NB: i32 = 16;

/** c + a·b on two f64 lanes */
// @ts-ignore: decorator
@inline function madd2(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/** Σ of the two lanes */
// @ts-ignore: decorator
@inline function hsum2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** c ← v (+ c when acc) (+ bias);  out ← φ(c) for the fused φ (identity, relu, leakyRelu), 2 lanes */
// @ts-ignore: decorator
@inline function store2(cp: usize, op: usize, v: v128, acc: bool, bp: usize, act: i32, alpha: f64): void {
  if (acc) v = f64x2.add(v, v128.load(cp));
  if (bp != 0) v = f64x2.add(v, v128.load(bp));
  v128.store(cp, v);
  if (act == ACT_RELU) {
    // relu(z) = z > 0 ? z : 0
    v128.store(op, v128.bitselect(v, f64x2.splat(0), f64x2.gt(v, f64x2.splat(0))));
  } else if (act == ACT_LEAKY_RELU) {
    // leakyRelu(z) = z > 0 ? z : αz
    v128.store(op, v128.bitselect(v, f64x2.mul(v, f64x2.splat(alpha)), f64x2.gt(v, f64x2.splat(0))));
  } else if (op != cp) {
    v128.store(op, v);
  }
}

/** The same store for one element. */
// @ts-ignore: decorator
@inline function store1(cp: usize, op: usize, v: f64, acc: bool, bp: usize, act: i32, alpha: f64): void {
  if (acc) v += load<f64>(cp);
  if (bp != 0) v += load<f64>(bp);
  store<f64>(cp, v);
  if (act == ACT_RELU) store<f64>(op, v > 0 ? v : 0);
  else if (act == ACT_LEAKY_RELU) store<f64>(op, v > 0 ? v : alpha * v);
  else if (op != cp) store<f64>(op, v);
}

/** pack[p][0..4) = B[p][0..4) for p < kc; B rows are ldb bytes apart */
function packPanel(b: usize, ldb: usize, kc: i32, pack: usize): void {
  for (let p = 0; p < kc; p++) {
    v128.store(pack, v128.load(b));
    v128.store(pack, v128.load(b, 16), 16);
    b += ldb;
    pack += 32;
  }
}

/** A 4 × 4 tile: C[i..i+4][j..j+4] = Σ_p op(A)[i+r][p] · B[p][j..j+4] (strides as in gemm.as's tile4x8). */
function tile4x4(
  pa: usize, ai: usize, ap: usize, pb: usize, ldb: usize, kc: i32,
  c: usize, out: usize, ldc: usize, acc: bool, bp: usize, act: i32, alpha: f64,
): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  let a0 = pa, a1 = pa + ai, a2 = pa + 2 * ai, a3 = pa + 3 * ai;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load64_splat(a0);
    c00 = madd2(x, b0, c00); c01 = madd2(x, b1, c01);
    x = v128.load64_splat(a1);
    c10 = madd2(x, b0, c10); c11 = madd2(x, b1, c11);
    x = v128.load64_splat(a2);
    c20 = madd2(x, b0, c20); c21 = madd2(x, b1, c21);
    x = v128.load64_splat(a3);
    c30 = madd2(x, b0, c30); c31 = madd2(x, b1, c31);
    a0 += ap; a1 += ap; a2 += ap; a3 += ap;
    pb += ldb;
  }
  const bp1 = bp == 0 ? 0 : bp + 16;
  store2(c, out, c00, acc, bp, act, alpha); store2(c + 16, out + 16, c01, acc, bp1, act, alpha);
  c += ldc; out += ldc;
  store2(c, out, c10, acc, bp, act, alpha); store2(c + 16, out + 16, c11, acc, bp1, act, alpha);
  c += ldc; out += ldc;
  store2(c, out, c20, acc, bp, act, alpha); store2(c + 16, out + 16, c21, acc, bp1, act, alpha);
  c += ldc; out += ldc;
  store2(c, out, c30, acc, bp, act, alpha); store2(c + 16, out + 16, c31, acc, bp1, act, alpha);
}

/** One row of C over columns [j0, j1), B unpacked: strips of 16 columns, then 2, then 1. */
function row1(
  pa: usize, ap: usize, b: usize, ldb: usize, kc: i32, j0: i32, j1: i32,
  c: usize, out: usize, acc: bool, bias: usize, act: i32, alpha: f64,
): void {
  let j = j0;
  for (; j + 16 <= j1; j += 16) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let s4 = f64x2.splat(0), s5 = f64x2.splat(0), s6 = f64x2.splat(0), s7 = f64x2.splat(0);
    let a = pa;
    let pb = b + (<usize>j << 3);
    for (let p = 0; p < kc; p++) {
      const x = v128.load64_splat(a);
      s0 = madd2(x, v128.load(pb), s0); s1 = madd2(x, v128.load(pb, 16), s1);
      s2 = madd2(x, v128.load(pb, 32), s2); s3 = madd2(x, v128.load(pb, 48), s3);
      s4 = madd2(x, v128.load(pb, 64), s4); s5 = madd2(x, v128.load(pb, 80), s5);
      s6 = madd2(x, v128.load(pb, 96), s6); s7 = madd2(x, v128.load(pb, 112), s7);
      a += ap;
      pb += ldb;
    }
    const o = <usize>j << 3;
    const bj: usize = bias == 0 ? 0 : bias + o;
    store2(c + o, out + o, s0, acc, bj, act, alpha);
    store2(c + o + 16, out + o + 16, s1, acc, bj == 0 ? 0 : bj + 16, act, alpha);
    store2(c + o + 32, out + o + 32, s2, acc, bj == 0 ? 0 : bj + 32, act, alpha);
    store2(c + o + 48, out + o + 48, s3, acc, bj == 0 ? 0 : bj + 48, act, alpha);
    store2(c + o + 64, out + o + 64, s4, acc, bj == 0 ? 0 : bj + 64, act, alpha);
    store2(c + o + 80, out + o + 80, s5, acc, bj == 0 ? 0 : bj + 80, act, alpha);
    store2(c + o + 96, out + o + 96, s6, acc, bj == 0 ? 0 : bj + 96, act, alpha);
    store2(c + o + 112, out + o + 112, s7, acc, bj == 0 ? 0 : bj + 112, act, alpha);
  }
  for (; j + 2 <= j1; j += 2) {
    let s = f64x2.splat(0);
    let a = pa;
    let pb = b + (<usize>j << 3);
    for (let p = 0; p < kc; p++) {
      s = madd2(v128.load64_splat(a), v128.load(pb), s);
      a += ap;
      pb += ldb;
    }
    const o = <usize>j << 3;
    store2(c + o, out + o, s, acc, bias == 0 ? 0 : bias + o, act, alpha);
  }
  for (; j < j1; j++) {
    let s: f64 = 0;
    let a = pa;
    let pb = b + (<usize>j << 3);
    let p = 0;
    if (ap == 8 && ldb == 8) {
      // n = 1 and A's row contiguous: a dot product of two contiguous vectors, two lanes at a time
      let v = f64x2.splat(0);
      for (; p + 2 <= kc; p += 2) {
        v = madd2(v128.load(a), v128.load(pb), v);
        a += 16;
        pb += 16;
      }
      s = hsum2(v);
    }
    for (; p < kc; p++) {
      s += load<f64>(a) * load<f64>(pb);
      a += ap;
      pb += ldb;
    }
    const o = <usize>j << 3;
    store1(c + o, out + o, s, acc, bias == 0 ? 0 : bias + o, act, alpha);
  }
}

/** gemm.as's gemmNNChunk in float64: C ← op(A)·B (+ C) (+ 1·biasᵀ), out ← φ(C); rows or columns split. */
function gemmNN64Chunk(self: i32, ci: i32, nc: i32, a: usize, b: usize, c: usize, m: i32, n: i32, k: i32,
  transA: i32, beta: i32, bias: usize, act: i32, alpha: f64, out: usize, pack: usize,
): void {
  let i0 = 0, i1 = m, j0 = 0, j1 = n;
  if (m >= 16 * nc && m >= n) {
    i0 = shareStart(m, 4, ci, nc);
    i1 = shareEnd(m, 4, ci, nc);
  } else {
    j0 = shareStart(n, 4, ci, nc);
    j1 = shareEnd(n, 4, ci, nc);
  }
  if (i0 >= i1 || j0 >= j1) return;
  pack += <usize>(self * PACK_BYTES);
  // byte strides of op(A): element (i, p) at a + i·ai + p·ap
  const ai: usize = transA ? 8 : <usize>k << 3;
  const ap: usize = transA ? <usize>m << 3 : 8;
  const ldb: usize = <usize>n << 3;
  const ldc: usize = <usize>n << 3;
  const jv = j0 + ((j1 - j0) & ~3);
  let p0 = 0;
  do {
    const kc = min(KC, k - p0);
    const last = p0 + kc >= k;
    const acc = p0 > 0 || beta != 0;
    const bp = last ? bias : 0;
    const fact = last ? act : 0;
    const fout = last ? out : c;
    for (let ib = i0; ib < i1; ib += MC) {
      const ie = min(ib + MC, i1);
      if (ie - ib < 4) {
        for (let i = ib; i < ie; i++) {
          const ci = <usize>i * ldc;
          row1(a + <usize>i * ai + <usize>p0 * ap, ap, b + <usize>p0 * ldb, ldb, kc, j0, j1, c + ci, fout + ci, acc, bp, fact, alpha);
        }
        continue;
      }
      const packed = ie - ib >= 8;
      for (let j = j0; j < jv; j += 4) {
        const bpj = b + <usize>p0 * ldb + (<usize>j << 3);
        let pb = bpj, lb = ldb;
        if (packed) {
          packPanel(bpj, ldb, kc, pack);
          pb = pack;
          lb = 32;
        }
        const cj: usize = <usize>j << 3;
        const biasj = bp == 0 ? 0 : bp + cj;
        let i = ib;
        for (; i + 4 <= ie; i += 4) {
          const ci = <usize>i * ldc + cj;
          tile4x4(a + <usize>i * ai + <usize>p0 * ap, ai, ap, pb, lb, kc, c + ci, fout + ci, ldc, acc, biasj, fact, alpha);
        }
        for (; i < ie; i++) {
          const ci = <usize>i * ldc;
          row1(a + <usize>i * ai + <usize>p0 * ap, ap, b + <usize>p0 * ldb, ldb, kc, j, j + 4, c + ci, fout + ci, acc, bp, fact, alpha);
        }
      }
      if (jv < j1) {
        for (let i = ib; i < ie; i++) {
          const ci = <usize>i * ldc;
          row1(a + <usize>i * ai + <usize>p0 * ap, ap, b + <usize>p0 * ldb, ldb, kc, jv, j1, c + ci, fout + ci, acc, bp, fact, alpha);
        }
      }
    }
    p0 += kc;
  } while (p0 < k);
}
/** Runs gemmNN64 on the arguments of the current job (gemmNN's argument list). */
export function gemmNN64(self: i32, nt: i32): void {
  const args = jobArgs();
  const a = <usize>load<f64>(args, 0);
  const b = <usize>load<f64>(args, 8);
  const c = <usize>load<f64>(args, 16);
  const m = <i32>load<f64>(args, 24);
  const n = <i32>load<f64>(args, 32);
  const k = <i32>load<f64>(args, 40);
  const transA = <i32>load<f64>(args, 48);
  const beta = <i32>load<f64>(args, 56);
  const bias = <usize>load<f64>(args, 64);
  const act = <i32>load<f64>(args, 72);
  const alpha = load<f64>(args, 80);
  const out = <usize>load<f64>(args, 88);
  const pack = <usize>load<f64>(args, 96);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    gemmNN64Chunk(self, ch, nt, a, b, c, m, n, k, transA, beta, bias, act, alpha, out, pack);
    chunkDone();
  }
}

/** c ← s (+ c) */
// @ts-ignore: decorator
@inline function put(cp: usize, s: f64, acc: bool): void {
  store<f64>(cp, acc ? load<f64>(cp) + s : s);
}

/** Σ_p A[p]·B[p] over k doubles */
function dot(a: usize, b: usize, k: i32): f64 {
  let s = f64x2.splat(0);
  let p = 0;
  for (; p + 2 <= k; p += 2) {
    const o = <usize>p << 3;
    s = madd2(v128.load(a + o), v128.load(b + o), s);
  }
  let t = hsum2(s);
  for (; p < k; p++) t += load<f64>(a + (<usize>p << 3)) * load<f64>(b + (<usize>p << 3));
  return t;
}

/** The 4 × 2 tile: C[i+r][j+q] = ⟨A row i+r, B row j+q⟩ for r < 4, q < 2. */
function tile4x2(a: usize, b: usize, k: i32, c: usize, ldc: usize, acc: bool): void {
  const lda = <usize>k << 3;
  let s00 = f64x2.splat(0), s01 = f64x2.splat(0);
  let s10 = f64x2.splat(0), s11 = f64x2.splat(0);
  let s20 = f64x2.splat(0), s21 = f64x2.splat(0);
  let s30 = f64x2.splat(0), s31 = f64x2.splat(0);
  const a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda;
  const b1 = b + lda;
  let p = 0;
  for (; p + 2 <= k; p += 2) {
    const o = <usize>p << 3;
    const y0 = v128.load(b + o);
    const y1 = v128.load(b1 + o);
    let x = v128.load(a + o);
    s00 = madd2(x, y0, s00); s01 = madd2(x, y1, s01);
    x = v128.load(a1 + o);
    s10 = madd2(x, y0, s10); s11 = madd2(x, y1, s11);
    x = v128.load(a2 + o);
    s20 = madd2(x, y0, s20); s21 = madd2(x, y1, s21);
    x = v128.load(a3 + o);
    s30 = madd2(x, y0, s30); s31 = madd2(x, y1, s31);
  }
  let t00 = hsum2(s00), t01 = hsum2(s01), t10 = hsum2(s10), t11 = hsum2(s11);
  let t20 = hsum2(s20), t21 = hsum2(s21), t30 = hsum2(s30), t31 = hsum2(s31);
  for (; p < k; p++) {
    const o = <usize>p << 3;
    const y0 = load<f64>(b + o), y1 = load<f64>(b1 + o);
    let x = load<f64>(a + o); t00 += x * y0; t01 += x * y1;
    x = load<f64>(a1 + o); t10 += x * y0; t11 += x * y1;
    x = load<f64>(a2 + o); t20 += x * y0; t21 += x * y1;
    x = load<f64>(a3 + o); t30 += x * y0; t31 += x * y1;
  }
  put(c, t00, acc); put(c + 8, t01, acc);
  c += ldc; put(c, t10, acc); put(c + 8, t11, acc);
  c += ldc; put(c, t20, acc); put(c + 8, t21, acc);
  c += ldc; put(c, t30, acc); put(c + 8, t31, acc);
}

/** C ← A·Bᵀ (+ C when beta = 1), A m × k, B n × k; chunk ci of nc is a share of the rows, or of the columns when m is short. */
function gemmNT64Chunk(self: i32, ci: i32, nc: i32, a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, beta: i32): void {
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
  const lda: usize = <usize>k << 3;
  const ldc: usize = <usize>n << 3;
  for (let jb = j0; jb < j1; jb += NB) {
    const je = min(jb + NB, j1);
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      let j = jb;
      for (; j + 2 <= je; j += 2) tile4x2(a + <usize>i * lda, b + <usize>j * lda, k, c + <usize>i * ldc + (<usize>j << 3), ldc, acc);
      for (; j < je; j++) {
        for (let r = 0; r < 4; r++) put(c + <usize>(i + r) * ldc + (<usize>j << 3), dot(a + <usize>(i + r) * lda, b + <usize>j * lda, k), acc);
      }
    }
    for (; i < i1; i++) {
      for (let j = jb; j < je; j++) put(c + <usize>i * ldc + (<usize>j << 3), dot(a + <usize>i * lda, b + <usize>j * lda, k), acc);
    }
  }
}
/** Runs gemmNT64 on the arguments of the current job (gemmNT's argument list). */
export function gemmNT64(self: i32, nt: i32): void {
  const args = jobArgs();
  const a = <usize>load<f64>(args, 0);
  const b = <usize>load<f64>(args, 8);
  const c = <usize>load<f64>(args, 16);
  const m = <i32>load<f64>(args, 24);
  const n = <i32>load<f64>(args, 32);
  const k = <i32>load<f64>(args, 40);
  const beta = <i32>load<f64>(args, 48);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    gemmNT64Chunk(self, ch, nt, a, b, c, m, n, k, beta);
    chunkDone();
  }
}

/** C ← Aᵀ·Bᵀ (+ C) in float64, plain loops (A k × m, B n × k). */
function gemmTT64Chunk(ci: i32, nc: i32, a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, beta: i32): void {
  const i0 = shareStart(m, 1, ci, nc);
  const i1 = shareEnd(m, 1, ci, nc);
  for (let i = i0; i < i1; i++) {
    for (let j = 0; j < n; j++) {
      let s: f64 = 0;
      for (let p = 0; p < k; p++) s += load<f64>(a + ((<usize>p * m + i) << 3)) * load<f64>(b + ((<usize>j * k + p) << 3));
      put(c + ((<usize>i * n + j) << 3), s, beta != 0);
    }
  }
}
/** Runs gemmTT64 on the arguments of the current job (gemmTT's argument list). */
export function gemmTT64(self: i32, nt: i32): void {
  const args = jobArgs();
  const a = <usize>load<f64>(args, 0);
  const b = <usize>load<f64>(args, 8);
  const c = <usize>load<f64>(args, 16);
  const m = <i32>load<f64>(args, 24);
  const n = <i32>load<f64>(args, 32);
  const k = <i32>load<f64>(args, 40);
  const beta = <i32>load<f64>(args, 48);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    gemmTT64Chunk(ch, nt, a, b, c, m, n, k, beta);
    chunkDone();
  }
}

/** db[j] = Σ_i dZ[i][j] (float64, two columns a vector); chunk ci of nc is a share of the columns. */
function sumRows64Chunk(ci: i32, nc: i32, dZ: usize, db: usize, rows: i32, cols: i32): void {
  let j = shareStart(cols, 2, ci, nc);
  const end = shareEnd(cols, 2, ci, nc);
  const ld: usize = <usize>cols << 3;
  for (; j + 2 <= end; j += 2) {
    let s = f64x2.splat(0);
    let p = dZ + (<usize>j << 3);
    for (let i = 0; i < rows; i++) {
      s = f64x2.add(s, v128.load(p));
      p += ld;
    }
    v128.store(db + (<usize>j << 3), s);
  }
  for (; j < end; j++) {
    let s: f64 = 0;
    let p = dZ + (<usize>j << 3);
    for (let i = 0; i < rows; i++) {
      s += load<f64>(p);
      p += ld;
    }
    store<f64>(db + (<usize>j << 3), s);
  }
}
/** Runs sumRows64 on the arguments of the current job (sumRows's argument list). */
export function sumRows64(self: i32, nt: i32): void {
  const args = jobArgs();
  const dZ = <usize>load<f64>(args, 0);
  const db = <usize>load<f64>(args, 8);
  const rows = <i32>load<f64>(args, 16);
  const cols = <i32>load<f64>(args, 24);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    sumRows64Chunk(ch, nt, dZ, db, rows, cols);
    chunkDone();
  }
}
