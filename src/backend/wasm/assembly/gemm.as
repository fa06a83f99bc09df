// C ← op(A)·B (+ β·C), with bias and a cheap activation fused into the store: the products x·W
// (forward) and xᵀ·dZ (∂cost/∂W) of a dense layer. A is read in place, transposed or not, through
// its two strides; B is packed panel by panel (k × 8 floats, contiguous) so that the 4 × 8 register
// tile streams it from L1. The third product, dZ·Wᵀ, is in `gemm_nt.as`.
import { hsum, madd } from "./simd";
import { store1, store4 } from "./epilogue";
import { chunkDone, claim, jobArgs, shareEnd, shareStart } from "./parallel";

/** depth of one k block: a packed panel of KC × 8 floats stays in L1 */
export const KC: i32 = 512;
/** rows of A per i block, so that an MC × KC block of A stays in L2 */
const MC: i32 = 128;
/** bytes of packing scratch each thread needs */
export const PACK_BYTES: i32 = KC * 32;

/** pack[p][0..8) = B[p][0..8) for p < kc; B rows are ldb bytes apart */
function packPanel(b: usize, ldb: usize, kc: i32, pack: usize): void {
  for (let p = 0; p < kc; p++) {
    v128.store(pack, v128.load(b));
    v128.store(pack, v128.load(b, 16), 16);
    b += ldb;
    pack += 32;
  }
}

/**
 * A 4 × 8 tile: C[i..i+4][j..j+8] = Σ_p op(A)[i+r][p] · B[p][j..j+8].
 * pa points at op(A)[i][p0]; ai, ap are the byte strides of op(A) along rows and along p;
 * pb points at B[p0][j] with rows ldb bytes apart (32 when packed).
 */
function tile4x8(
  pa: usize, ai: usize, ap: usize, pb: usize, ldb: usize, kc: i32,
  c: usize, out: usize, ldc: usize, acc: bool, bp: usize, act: i32, alpha: f32,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let a0 = pa, a1 = pa + ai, a2 = pa + 2 * ai, a3 = pa + 3 * ai;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(a0);
    c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
    x = v128.load32_splat(a1);
    c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
    x = v128.load32_splat(a2);
    c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
    x = v128.load32_splat(a3);
    c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
    a0 += ap; a1 += ap; a2 += ap; a3 += ap;
    pb += ldb;
  }
  const bp1 = bp == 0 ? 0 : bp + 16;
  store4(c, out, c00, acc, bp, act, alpha); store4(c + 16, out + 16, c01, acc, bp1, act, alpha);
  c += ldc; out += ldc;
  store4(c, out, c10, acc, bp, act, alpha); store4(c + 16, out + 16, c11, acc, bp1, act, alpha);
  c += ldc; out += ldc;
  store4(c, out, c20, acc, bp, act, alpha); store4(c + 16, out + 16, c21, acc, bp1, act, alpha);
  c += ldc; out += ldc;
  store4(c, out, c30, acc, bp, act, alpha); store4(c + 16, out + 16, c31, acc, bp1, act, alpha);
}

/**
 * One row of C over columns [j0, j1): C[i][j] = Σ_p op(A)[i][p] · B[p][j], B unpacked.
 * Wide strips of 32 columns first (whole cache lines of B: the single-row prediction path), then 8, 4, 1.
 */
function row1(
  pa: usize, ap: usize, b: usize, ldb: usize, kc: i32, j0: i32, j1: i32,
  c: usize, out: usize, acc: bool, bias: usize, act: i32, alpha: f32,
): void {
  let j = j0;
  for (; j + 32 <= j1; j += 32) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let s4 = f32x4.splat(0), s5 = f32x4.splat(0), s6 = f32x4.splat(0), s7 = f32x4.splat(0);
    let a = pa;
    let pb = b + (<usize>j << 2);
    for (let p = 0; p < kc; p++) {
      const x = v128.load32_splat(a);
      s0 = madd(x, v128.load(pb), s0); s1 = madd(x, v128.load(pb, 16), s1);
      s2 = madd(x, v128.load(pb, 32), s2); s3 = madd(x, v128.load(pb, 48), s3);
      s4 = madd(x, v128.load(pb, 64), s4); s5 = madd(x, v128.load(pb, 80), s5);
      s6 = madd(x, v128.load(pb, 96), s6); s7 = madd(x, v128.load(pb, 112), s7);
      a += ap;
      pb += ldb;
    }
    const o = <usize>j << 2;
    const bj: usize = bias == 0 ? 0 : bias + o;
    store4(c + o, out + o, s0, acc, bj, act, alpha);
    store4(c + o + 16, out + o + 16, s1, acc, bj == 0 ? 0 : bj + 16, act, alpha);
    store4(c + o + 32, out + o + 32, s2, acc, bj == 0 ? 0 : bj + 32, act, alpha);
    store4(c + o + 48, out + o + 48, s3, acc, bj == 0 ? 0 : bj + 48, act, alpha);
    store4(c + o + 64, out + o + 64, s4, acc, bj == 0 ? 0 : bj + 64, act, alpha);
    store4(c + o + 80, out + o + 80, s5, acc, bj == 0 ? 0 : bj + 80, act, alpha);
    store4(c + o + 96, out + o + 96, s6, acc, bj == 0 ? 0 : bj + 96, act, alpha);
    store4(c + o + 112, out + o + 112, s7, acc, bj == 0 ? 0 : bj + 112, act, alpha);
  }
  for (; j + 4 <= j1; j += 4) {
    let s = f32x4.splat(0);
    let a = pa;
    let pb = b + (<usize>j << 2);
    for (let p = 0; p < kc; p++) {
      s = madd(v128.load32_splat(a), v128.load(pb), s);
      a += ap;
      pb += ldb;
    }
    const o = <usize>j << 2;
    store4(c + o, out + o, s, acc, bias == 0 ? 0 : bias + o, act, alpha);
  }
  for (; j < j1; j++) {
    let s: f32 = 0;
    let a = pa;
    let pb = b + (<usize>j << 2);
    let p = 0;
    if (ap == 4 && ldb == 4) {
      // n = 1 and A's row contiguous: a dot product of two contiguous vectors, four lanes at a time
      let v = f32x4.splat(0);
      for (; p + 4 <= kc; p += 4) {
        v = madd(v128.load(a), v128.load(pb), v);
        a += 16;
        pb += 16;
      }
      s = hsum(v);
    }
    for (; p < kc; p++) {
      s += load<f32>(a) * load<f32>(pb);
      a += ap;
      pb += ldb;
    }
    const o = <usize>j << 2;
    store1(c + o, out + o, s, acc, bias == 0 ? 0 : bias + o, act, alpha);
  }
}

/**
 * C ← op(A)·B (+ C when beta = 1) (+ 1·biasᵀ), out ← φ(C) for φ fused (see epilogue.as);
 * op(A) is m × k (A stored k × m when transA), B is k × n, C and out are m × n. bias = 0: none.
 * Chunk ci of nc is a share of the rows (or, for short matrices, of the columns).
 */
function gemmNNChunk(self: i32, ci: i32, nc: i32, a: usize, b: usize, c: usize, m: i32, n: i32, k: i32,
  transA: i32, beta: i32, bias: usize, act: i32, alpha: f32, out: usize, pack: usize,
): void {
  let i0 = 0, i1 = m, j0 = 0, j1 = n;
  // tall products split their rows (each chunk packs all of B once per k block); short, wide ones —
  // a training batch times a layer — split their columns, so that no panel of B is packed twice
  if (m >= 16 * nc && m >= n) {
    i0 = shareStart(m, 4, ci, nc);
    i1 = shareEnd(m, 4, ci, nc);
  } else {
    j0 = shareStart(n, 8, ci, nc);
    j1 = shareEnd(n, 8, ci, nc);
  }
  if (i0 >= i1 || j0 >= j1) return;
  pack += <usize>(self * PACK_BYTES);
  // byte strides of op(A): element (i, p) at a + i·ai + p·ap
  const ai: usize = transA ? 4 : <usize>k << 2;
  const ap: usize = transA ? <usize>m << 2 : 4;
  const ldb: usize = <usize>n << 2;
  const ldc: usize = <usize>n << 2;
  const jv = j0 + ((j1 - j0) & ~7);
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
        // a row or three (single-row prediction): wide strips straight over B, nothing packed
        for (let i = ib; i < ie; i++) {
          const ci = <usize>i * ldc;
          row1(a + <usize>i * ai + <usize>p0 * ap, ap, b + <usize>p0 * ldb, ldb, kc, j0, j1, c + ci, fout + ci, acc, bp, fact, alpha);
        }
        continue;
      }
      const packed = ie - ib >= 8;
      for (let j = j0; j < jv; j += 8) {
        const bpj = b + <usize>p0 * ldb + (<usize>j << 2);
        let pb = bpj, lb = ldb;
        if (packed) {
          packPanel(bpj, ldb, kc, pack);
          pb = pack;
          lb = 32;
        }
        const cj: usize = <usize>j << 2;
        const biasj = bp == 0 ? 0 : bp + cj;
        let i = ib;
        for (; i + 4 <= ie; i += 4) {
          const ci = <usize>i * ldc + cj;
          tile4x8(a + <usize>i * ai + <usize>p0 * ap, ai, ap, pb, lb, kc, c + ci, fout + ci, ldc, acc, biasj, fact, alpha);
        }
        for (; i < ie; i++) {
          const ci = <usize>i * ldc;
          row1(a + <usize>i * ai + <usize>p0 * ap, ap, b + <usize>p0 * ldb, ldb, kc, j, j + 8, c + ci, fout + ci, acc, bp, fact, alpha);
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
/** Runs gemmNN on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function gemmNN(self: i32, nt: i32): void {
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
  const alpha = <f32>load<f64>(args, 80);
  const out = <usize>load<f64>(args, 88);
  const pack = <usize>load<f64>(args, 96);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    gemmNNChunk(self, ch, nt, a, b, c, m, n, k, transA, beta, bias, act, alpha, out, pack);
    chunkDone();
  }
}

/** C ← Aᵀ·Bᵀ (+ C): the rare product with both operands transposed, in plain loops (A k × m, B n × k). */
function gemmTTChunk(self: i32, ci: i32, nc: i32, a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, beta: i32): void {
  const i0 = shareStart(m, 1, ci, nc);
  const i1 = shareEnd(m, 1, ci, nc);
  for (let i = i0; i < i1; i++) {
    for (let j = 0; j < n; j++) {
      let s: f32 = 0;
      for (let p = 0; p < k; p++) s += load<f32>(a + ((<usize>p * m + i) << 2)) * load<f32>(b + ((<usize>j * k + p) << 2));
      const cp = c + ((<usize>i * n + j) << 2);
      store<f32>(cp, beta != 0 ? load<f32>(cp) + s : s);
    }
  }
}
/** Runs gemmTT on the arguments of the current job (see parallel.as), claiming chunks until none are left. */
export function gemmTT(self: i32, nt: i32): void {
  const args = jobArgs();
  const a = <usize>load<f64>(args, 0);
  const b = <usize>load<f64>(args, 8);
  const c = <usize>load<f64>(args, 16);
  const m = <i32>load<f64>(args, 24);
  const n = <i32>load<f64>(args, 32);
  const k = <i32>load<f64>(args, 40);
  const beta = <i32>load<f64>(args, 48);
  for (let ch = claim(nt); ch >= 0; ch = claim(nt)) {
    gemmTTChunk(self, ch, nt, a, b, c, m, n, k, beta);
    chunkDone();
  }
}
