import { ShapeError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { applyActivation, applyActivationDerivative, type Activation } from '../../nn/activations.js';
import type { GemmOptions } from '../backend.js';
import { activationCode, LAST_FUSED_CODE } from './activation-codes.js';
import type { WasmContext } from './context.js';
import { OP } from './kernels.js';

// The three products of a dense layer and the activation passes around them.
// Order in every function: stage the operands (ctx.ptr), then take `ctx.pool.args`: staging may grow
// a non-shared memory, which detaches a view of the arguments taken before it.

/** C ← op(A)·op(B) + β·C, with op(A) m × k and op(B) k × n */
export function gemm(ctx: WasmContext, a: Matrix, b: Matrix, c: Matrix, options: GemmOptions | undefined): void {
  const transA = options?.transA ?? false;
  const transB = options?.transB ?? false;
  const beta = options?.beta ?? 0;
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb || c.rows !== m || c.cols !== n) {
    throw new ShapeError(`gemm: op(A) is ${m}×${k}, op(B) is ${kb}×${n}, C is ${c.shape} (transA=${transA}, transB=${transB})`);
  }
  const f64 = ctx.dtypeOf('gemm', a, b, c) === 'float64';
  if (m === 0 || n === 0) return;
  const pa = ctx.ptr(a, 0);
  const pb = ctx.ptr(b, 1);
  const pc = ctx.ptr(c, 2);
  product(ctx, f64, pa, pb, pc, m, n, k, transA, transB, beta);
  ctx.writeBack(c, 2);
}

/**
 * C ← op(A)·op(B) (+ C when beta = 1) on staged operands, op(A) m × k, op(B) k × n: picks the kernel.
 * A product with a vector operand is re-read as another product over the same memory (no copy), so
 * that it runs on the packed tile or on contiguous rows instead of scalar strided loops:
 *   op(B) = Bᵀ with k = 1: B (n × 1) is laid out as Bᵀ (1 × n), so C ← op(A)·Bᵀ by the packed kernel;
 *   Aᵀ·b with n = 1 (A stored k × m): C = (bᵀ·A)ᵀ, and bᵀ (1 × k), Cᵀ (1 × m) are laid out as b and C,
 *   so one row bᵀ runs over A's contiguous rows.
 */
function product(ctx: WasmContext, f64: boolean, pa: number, pb: number, pc: number, m: number, n: number, k: number,
  transA: boolean, transB: boolean, beta: 0 | 1): void {
  const nt = ctx.threadsForProduct(m * n * k);
  if (transB && k === 1) transB = false;
  const args = ctx.pool.args;
  if (transA && !transB && n === 1) {
    // Cᵀ ← bᵀ·A (+ Cᵀ)
    args[0] = pb; args[1] = pa; args[2] = pc; args[3] = 1; args[4] = m; args[5] = k;
    args[6] = 0; args[7] = beta; args[8] = 0; args[9] = 0; args[10] = 0; args[11] = pc; args[12] = ctx.pack;
    ctx.pool.run(f64 ? OP.gemmNN64 : OP.gemmNN, nt);
    return;
  }
  args[0] = pa; args[1] = pb; args[2] = pc; args[3] = m; args[4] = n; args[5] = k;
  if (!transB) {
    // C ← op(A)·B (+ C)
    args[6] = transA ? 1 : 0; args[7] = beta; args[8] = 0; args[9] = 0; args[10] = 0; args[11] = pc; args[12] = ctx.pack;
    ctx.pool.run(f64 ? OP.gemmNN64 : OP.gemmNN, nt);
  } else {
    // C ← A·Bᵀ or Aᵀ·Bᵀ (+ C)
    args[6] = beta;
    ctx.pool.run(transA ? (f64 ? OP.gemmTT64 : OP.gemmTT) : f64 ? OP.gemmNT64 : OP.gemmNT, nt);
  }
}

/**
 * Z ← X·W + 1·bᵀ, A ← φ(Z): relu, leakyRelu and identity in the product's store, the rest in a second
 * pass (a kernel; gelu, which has none: the shared JavaScript loop, nn/activations.ts).
 */
export function denseForward(ctx: WasmContext, x: Matrix, w: Matrix, b: Matrix | null, act: Activation, z: Matrix, a: Matrix): void {
  const m = x.rows;
  const k = x.cols;
  const n = w.cols;
  if (w.rows !== k || z.rows !== m || z.cols !== n || a.rows !== m || a.cols !== n) {
    throw new ShapeError(`denseForward: x is ${x.shape}, W is ${w.shape}, z is ${z.shape}, a is ${a.shape}`);
  }
  if (b !== null && b.size !== n) throw new ShapeError(`denseForward: bias has ${b.size} values, layer has ${n} units`);
  const f64 = ctx.dtypeOf('denseForward', x, w, b, z, a) === 'float64';
  if (m === 0 || n === 0) return;
  const code = activationCode(act);
  const fused = code >= 0 && code <= LAST_FUSED_CODE;
  // the second pass in JavaScript: activations without a kernel
  const inJs = code < 0;
  const px = ctx.ptr(x, 0);
  const pw = ctx.ptr(w, 1);
  const pb = b === null ? 0 : ctx.ptr(b, 2);
  const pz = ctx.ptr(z, 3);
  const pa = a === z ? pz : ctx.ptr(a, 4);
  const args = ctx.pool.args;
  // z = x·W + b (and a = φ(z) when φ is fused)
  args[0] = px; args[1] = pw; args[2] = pz; args[3] = m; args[4] = n; args[5] = k;
  args[6] = 0; args[7] = 0; args[8] = pb; args[9] = fused ? code : 0; args[10] = act.alpha; args[11] = fused ? pa : pz;
  args[12] = ctx.pack;
  ctx.pool.run(f64 ? OP.gemmNN64 : OP.gemmNN, ctx.threadsForProduct(m * n * k));
  if (!fused) {
    if (!inJs) {
      // a = φ(z)
      args[0] = pz; args[1] = pa; args[2] = m; args[3] = n; args[4] = code; args[5] = act.alpha;
      ctx.pool.run(f64 ? OP.activate64 : OP.activate, ctx.threadsForElements(m * n));
    }
  }
  ctx.writeBack(z, 3);
  if (a !== z) ctx.writeBack(a, 4);
  if (inJs) applyActivation(act, z, a);
}

/** dZ ← dA ⊙ φ′(Z) (softmax: a ⊙ (dA − ⟨a, dA⟩) per row) */
export function activationBackward(ctx: WasmContext, act: Activation, z: Matrix, a: Matrix, dA: Matrix, dZ: Matrix): void {
  if (z.size !== dZ.size || a.size !== dZ.size || dA.size !== dZ.size) {
    throw new ShapeError(`activationBackward: z is ${z.shape}, a is ${a.shape}, dA is ${dA.shape}, dZ is ${dZ.shape}`);
  }
  const code = activationCode(act);
  const f64 = ctx.dtypeOf('activationBackward', z, a, dA, dZ) === 'float64';
  if (code < 0 || dZ.size === 0) {
    applyActivationDerivative(act, z, a, dA, dZ);
    return;
  }
  const pz = ctx.ptr(z, 0), pa = ctx.ptr(a, 1), pda = ctx.ptr(dA, 2), pdz = ctx.ptr(dZ, 3);
  const args = ctx.pool.args;
  args[0] = pz; args[1] = pa; args[2] = pda; args[3] = pdz;
  args[4] = dZ.rows; args[5] = dZ.cols; args[6] = code; args[7] = act.alpha;
  ctx.pool.run(f64 ? OP.activationBackward64 : OP.activationBackward, ctx.threadsForElements(dZ.size));
  ctx.writeBack(dZ, 3);
}

/** dW ← Xᵀ·dZ;  db ← Σ_rows dZ;  dX ← dZ·Wᵀ (each skipped when null) */
export function denseBackward(ctx: WasmContext, x: Matrix, w: Matrix, dZ: Matrix, dW: Matrix, db: Matrix | null, dX: Matrix | null): void {
  const batch = x.rows;
  const k = x.cols;
  const n = w.cols;
  if (w.rows !== k || dZ.rows !== batch || dZ.cols !== n || dW.rows !== k || dW.cols !== n) {
    throw new ShapeError(`denseBackward: x is ${x.shape}, W is ${w.shape}, dZ is ${dZ.shape}, dW is ${dW.shape}`);
  }
  if (db !== null && db.size !== n) throw new ShapeError(`denseBackward: db has ${db.size} values, layer has ${n} units`);
  if (dX !== null && (dX.rows !== batch || dX.cols !== k)) throw new ShapeError(`denseBackward: dX is ${dX.shape}, x is ${x.shape}`);
  const f64 = ctx.dtypeOf('denseBackward', x, w, dZ, dW, db, dX) === 'float64';
  const px = ctx.ptr(x, 0);
  const pw = ctx.ptr(w, 1);
  const pdz = ctx.ptr(dZ, 2);
  const pdw = k > 0 && n > 0 ? ctx.ptr(dW, 3) : 0;
  const pdb = db !== null && n > 0 ? ctx.ptr(db, 4) : 0;
  const pdx = dX !== null && batch > 0 && k > 0 ? ctx.ptr(dX, 5) : 0;
  if (k > 0 && n > 0) {
    // ∂cost/∂W = xᵀ·dZ (x read transposed in place)
    product(ctx, f64, px, pdz, pdw, k, n, batch, true, false, 0);
    ctx.writeBack(dW, 3);
  }
  const args = ctx.pool.args;
  if (db !== null && n > 0) {
    // ∂cost/∂b = Σ_rows dZ
    args[0] = pdz; args[1] = pdb; args[2] = batch; args[3] = n;
    ctx.pool.run(f64 ? OP.sumRows64 : OP.sumRows, ctx.threadsForElements(batch * n / 4));
    ctx.writeBack(db, 4);
  }
  if (dX !== null && batch > 0 && k > 0) {
    // ∂cost/∂x = dZ·Wᵀ (W read transposed in place)
    product(ctx, f64, pdz, pw, pdx, batch, k, n, false, true, 0);
    ctx.writeBack(dX, 5);
  }
}
