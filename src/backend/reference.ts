import { allocArray, Matrix, type DType } from '../core/matrix.js';
import { ShapeError } from '../core/errors.js';
import { applyActivation, applyActivationDerivative, type Activation } from '../nn/activations.js';
import type { AdagradUpdate, AdamUpdate, Backend, GemmOptions, RmspropUpdate, SgdUpdate } from './backend.js';

/** Shared option objects, so the hot path allocates nothing. */
const PLAIN: GemmOptions = {};
const TRANS_A: GemmOptions = { transA: true };
const TRANS_B: GemmOptions = { transB: true };

/**
 * The reference backend: plain loops over typed arrays, written to be read and to be right.
 * Every other backend is tested against it. Float32 and float64 both work; sums are carried in
 * JavaScript doubles and rounded once on store.
 */
export class ReferenceBackend implements Backend {
  readonly name = 'reference';

  supports(_dtype: DType): boolean {
    return true;
  }

  alloc(rows: number, cols: number, dtype: DType): Matrix {
    return new Matrix(rows, cols, allocArray(rows * cols, dtype));
  }

  free(_m: Matrix): void {
    // garbage-collected
  }

  /** One row of C accumulated in doubles (grown on demand, then reused). */
  private rowSums = new Float64Array(0);

  // C ← op(A)·op(B) + β·C, with op(A) m × k and op(B) k × n
  gemm(a: Matrix, b: Matrix, c: Matrix, options: GemmOptions = PLAIN): void {
    const { transA = false, transB = false, beta = 0 } = options;
    const m = transA ? a.cols : a.rows;
    const k = transA ? a.rows : a.cols;
    const kb = transB ? b.cols : b.rows;
    const n = transB ? b.rows : b.cols;
    if (k !== kb || c.rows !== m || c.cols !== n) {
      throw new ShapeError(
        `gemm: op(A) is ${m}×${k}, op(B) is ${kb}×${n}, C is ${c.shape} (transA=${transA}, transB=${transB})`,
      );
    }
    const A = a.data;
    const B = b.data;
    const C = c.data;
    // op(A)[i][p] = A[i*ai + p*ap]
    const ai = transA ? 1 : a.cols;
    const ap = transA ? a.cols : 1;
    if (this.rowSums.length < n) this.rowSums = new Float64Array(n);
    const sums = this.rowSums;
    for (let i = 0; i < m; i++) {
      if (transB) {
        // Cᵢⱼ = Σₚ op(A)ᵢₚ·Bⱼₚ : a dot product of two rows
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) sum += (A[i * ai + p * ap] as number) * (B[j * k + p] as number);
          sums[j] = sum;
        }
      } else {
        // Cᵢ,: = Σₚ op(A)ᵢₚ·Bₚ,: : rows of B scaled and added
        sums.fill(0, 0, n);
        for (let p = 0; p < k; p++) {
          const aip = A[i * ai + p * ap] as number;
          const row = p * n;
          for (let j = 0; j < n; j++) sums[j] = (sums[j] as number) + aip * (B[row + j] as number);
        }
      }
      const out = i * n;
      for (let j = 0; j < n; j++) C[out + j] = beta === 0 ? (sums[j] as number) : (C[out + j] as number) + (sums[j] as number);
    }
  }

  denseForward(x: Matrix, w: Matrix, b: Matrix | null, act: Activation, z: Matrix, a: Matrix): void {
    // z = x·W + b
    this.gemm(x, w, z);
    if (b !== null) {
      if (b.size !== z.cols) throw new ShapeError(`denseForward: bias has ${b.size} values, layer has ${z.cols} units`);
      const Z = z.data;
      const B = b.data;
      for (let i = 0; i < z.rows; i++) {
        for (let j = 0; j < z.cols; j++) Z[i * z.cols + j] = (Z[i * z.cols + j] as number) + (B[j] as number);
      }
    }
    // a = φ(z)
    applyActivation(act, z, a);
  }

  // dZ = dA ⊙ φ′(z)
  activationBackward(act: Activation, z: Matrix, a: Matrix, dA: Matrix, dZ: Matrix): void {
    applyActivationDerivative(act, z, a, dA, dZ);
  }

  denseBackward(x: Matrix, w: Matrix, dZ: Matrix, dW: Matrix, db: Matrix | null, dX: Matrix | null): void {
    // ∂cost/∂W = xᵀ·dZ
    this.gemm(x, dZ, dW, TRANS_A);
    // ∂cost/∂b = Σ_rows dZ
    if (db !== null) {
      const D = dZ.data;
      const out = db.data;
      for (let j = 0; j < dZ.cols; j++) {
        let sum = 0;
        for (let i = 0; i < dZ.rows; i++) sum += D[i * dZ.cols + j] as number;
        out[j] = sum;
      }
    }
    // ∂cost/∂x = dZ·Wᵀ
    if (dX !== null) this.gemm(dZ, w, dX, TRANS_B);
  }

  mul(a: Matrix, b: Matrix, out: Matrix): void {
    sameSize('mul', a, b, out);
    const A = a.data;
    const B = b.data;
    const O = out.data;
    for (let i = 0; i < O.length; i++) O[i] = (A[i] as number) * (B[i] as number);
  }

  axpy(alpha: number, x: Matrix, y: Matrix): void {
    sameSize('axpy', x, y);
    const X = x.data;
    const Y = y.data;
    for (let i = 0; i < Y.length; i++) Y[i] = (Y[i] as number) + alpha * (X[i] as number);
  }

  scale(x: Matrix, alpha: number): void {
    const X = x.data;
    for (let i = 0; i < X.length; i++) X[i] = alpha * (X[i] as number);
  }

  copy(src: Matrix, dst: Matrix): void {
    sameSize('copy', src, dst);
    dst.data.set(src.data);
  }

  fill(x: Matrix, value: number): void {
    x.data.fill(value);
  }

  sumSquares(x: Matrix): number {
    let s = 0;
    for (const v of x.data) s += v * v;
    return s;
  }

  sumAbs(x: Matrix): number {
    let s = 0;
    for (const v of x.data) s += Math.abs(v);
    return s;
  }

  // g += l1·sign(θ) + 2·l2·θ
  addPenaltyGradient(theta: Matrix, g: Matrix, l1: number, l2: number): void {
    sameSize('addPenaltyGradient', theta, g);
    const T = theta.data;
    const G = g.data;
    for (let i = 0; i < G.length; i++) {
      const t = T[i] as number;
      G[i] = (G[i] as number) + l1 * Math.sign(t) + 2 * l2 * t;
    }
  }

  clipByValue(g: Matrix, c: number): void {
    const G = g.data;
    for (let i = 0; i < G.length; i++) G[i] = Math.min(c, Math.max(-c, G[i] as number));
  }

  sgdUpdate(theta: Matrix, g: Matrix, v: Matrix | null, o: SgdUpdate): void {
    const T = theta.data;
    const G = g.data;
    const V = v?.data;
    for (let i = 0; i < T.length; i++) {
      // g ← g + λθ
      let grad = (G[i] as number) + o.weightDecay * (T[i] as number);
      if (V !== undefined && o.momentum !== 0) {
        // v ← μv + (1 − dampening)·g   (v ← g on the first step)
        const vi = o.firstStep ? grad : o.momentum * (V[i] as number) + (1 - o.dampening) * grad;
        V[i] = vi;
        // Nesterov: g ← g + μv; otherwise g ← v
        grad = o.nesterov ? grad + o.momentum * vi : vi;
      }
      // θ ← θ − η·g
      T[i] = (T[i] as number) - o.lr * grad;
    }
  }

  adamUpdate(theta: Matrix, g: Matrix, m: Matrix, v: Matrix, vMax: Matrix | null, o: AdamUpdate): void {
    const T = theta.data;
    const G = g.data;
    const M = m.data;
    const V = v.data;
    const VM = vMax?.data;
    const bc1 = 1 - Math.pow(o.beta1, o.step);
    const bc2 = 1 - Math.pow(o.beta2, o.step);
    for (let i = 0; i < T.length; i++) {
      let t = T[i] as number;
      let grad = G[i] as number;
      // AdamW: θ ← θ − ηλθ;  Adam: g ← g + λθ
      if (o.decoupled) t -= o.lr * o.weightDecay * t;
      else grad += o.weightDecay * t;
      // m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
      const mi = o.beta1 * (M[i] as number) + (1 - o.beta1) * grad;
      const vi = o.beta2 * (V[i] as number) + (1 - o.beta2) * grad * grad;
      M[i] = mi;
      V[i] = vi;
      let vUsed = vi;
      if (o.amsgrad && VM !== undefined) {
        vUsed = Math.max(VM[i] as number, vi);
        VM[i] = vUsed;
      }
      // θ ← θ − η·m̂ / (√v̂ + ε), with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
      T[i] = t - (o.lr * (mi / bc1)) / (Math.sqrt(vUsed) / Math.sqrt(bc2) + o.epsilon);
    }
  }

  rmspropUpdate(theta: Matrix, g: Matrix, sq: Matrix, gAvg: Matrix | null, buf: Matrix | null, o: RmspropUpdate): void {
    const T = theta.data;
    const G = g.data;
    const S = sq.data;
    const GA = gAvg?.data;
    const BUF = buf?.data;
    for (let i = 0; i < T.length; i++) {
      const t = T[i] as number;
      const grad = (G[i] as number) + o.weightDecay * t;
      // s ← ρs + (1 − ρ)g²
      const si = o.rho * (S[i] as number) + (1 - o.rho) * grad * grad;
      S[i] = si;
      let denom: number;
      if (o.centered && GA !== undefined) {
        // ḡ ← ρḡ + (1 − ρ)g;  denominator √(s − ḡ²) + ε
        const gi = o.rho * (GA[i] as number) + (1 - o.rho) * grad;
        GA[i] = gi;
        denom = Math.sqrt(si - gi * gi) + o.epsilon;
      } else {
        denom = Math.sqrt(si) + o.epsilon;
      }
      if (o.momentum > 0 && BUF !== undefined) {
        // b ← μb + g/denom;  θ ← θ − ηb
        const bi = o.momentum * (BUF[i] as number) + grad / denom;
        BUF[i] = bi;
        T[i] = t - o.lr * bi;
      } else {
        T[i] = t - (o.lr * grad) / denom;
      }
    }
  }

  adagradUpdate(theta: Matrix, g: Matrix, sum: Matrix, o: AdagradUpdate): void {
    const T = theta.data;
    const G = g.data;
    const S = sum.data;
    for (let i = 0; i < T.length; i++) {
      const t = T[i] as number;
      const grad = (G[i] as number) + o.weightDecay * t;
      // G ← G + g²;  θ ← θ − η·g / (√G + ε)
      const si = (S[i] as number) + grad * grad;
      S[i] = si;
      T[i] = t - (o.lr * grad) / (Math.sqrt(si) + o.epsilon);
    }
  }
}

function sameSize(op: string, ...ms: Matrix[]): void {
  const n = (ms[0] as Matrix).size;
  for (const m of ms) {
    if (m.size !== n) throw new ShapeError(`${op}: sizes differ (${ms.map((x) => x.shape).join(', ')})`);
  }
}
