import type { DType, Matrix } from '../core/matrix.js';
import type { Activation } from '../nn/activations.js';

/** Transpose flags and accumulation for C ← op(A)·op(B) + β·C. */
export interface GemmOptions {
  /** use Aᵀ (A is stored k × m) */
  transA?: boolean;
  /** use Bᵀ (B is stored n × k) */
  transB?: boolean;
  /** 0 overwrites C (the default), 1 accumulates into it */
  beta?: 0 | 1;
}

/** Hyperparameters of one SGD update (PyTorch's formulation). */
export interface SgdUpdate {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  /** coupled L2: g ← g + λ·θ */
  weightDecay: number;
  /** true on the first step for this parameter (the velocity starts as g, as in PyTorch) */
  firstStep: boolean;
}

/** Hyperparameters of one Adam / AdamW update. */
export interface AdamUpdate {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** step number t ≥ 1, for bias correction */
  step: number;
  weightDecay: number;
  /** AdamW: θ ← θ − η·λ·θ, decoupled from the gradient; Adam: g ← g + λ·θ */
  decoupled: boolean;
  amsgrad: boolean;
}

export interface RmspropUpdate {
  lr: number;
  /** smoothing constant α (PyTorch's name) */
  rho: number;
  epsilon: number;
  momentum: number;
  centered: boolean;
  weightDecay: number;
}

export interface AdagradUpdate {
  lr: number;
  epsilon: number;
  weightDecay: number;
}

/**
 * The compute seam: every numeric operation of layers, optimizers and regularization goes through
 * one of these methods. A backend does arithmetic on matrices it allocated; it knows nothing about
 * layers or losses. `reference` implements it with plain loops and is the oracle every faster
 * backend is tested against (`test/backend/conformance.test.ts`).
 *
 * Buffers: every matrix a model trains with comes from `alloc`, so a backend can place it in its own
 * memory (WASM linear memory) and never copy it per step. Row-major, `rows·cols` elements.
 */
export interface Backend {
  readonly name: string;
  /** Whether this backend computes in the given element type. */
  supports(dtype: DType): boolean;
  /** A zero-filled rows × cols matrix in this backend's memory. */
  alloc(rows: number, cols: number, dtype: DType): Matrix;
  /** Gives a matrix from `alloc` back; it must not be used afterwards. */
  free(m: Matrix): void;

  /** C ← op(A)·op(B) + β·C */
  gemm(a: Matrix, b: Matrix, c: Matrix, options?: GemmOptions): void;
  /** Z ← X·W + 1·bᵀ, then A ← φ(Z); with a = z the activation is applied in place (prediction) */
  denseForward(x: Matrix, w: Matrix, b: Matrix | null, act: Activation, z: Matrix, a: Matrix): void;
  /** dZ ← dA ⊙ φ′(Z) (for softmax: a ⊙ (dA − ⟨a, dA⟩) per row) */
  activationBackward(act: Activation, z: Matrix, a: Matrix, dA: Matrix, dZ: Matrix): void;
  /** dW ← Xᵀ·dZ;  db ← Σ_rows dZ;  dX ← dZ·Wᵀ (each skipped when null) */
  denseBackward(x: Matrix, w: Matrix, dZ: Matrix, dW: Matrix, db: Matrix | null, dX: Matrix | null): void;

  /** out ← a ⊙ b */
  mul(a: Matrix, b: Matrix, out: Matrix): void;
  /** y ← y + α·x */
  axpy(alpha: number, x: Matrix, y: Matrix): void;
  /** x ← α·x */
  scale(x: Matrix, alpha: number): void;
  /** dst ← src */
  copy(src: Matrix, dst: Matrix): void;
  fill(x: Matrix, value: number): void;
  /** Σ xᵢ² */
  sumSquares(x: Matrix): number;
  /** Σ |xᵢ| */
  sumAbs(x: Matrix): number;
  /** g ← g + l1·sign(θ) + 2·l2·θ  (gradient of l1·Σ|θ| + l2·Σθ²) */
  addPenaltyGradient(theta: Matrix, g: Matrix, l1: number, l2: number): void;
  /** g ← clamp(g, −c, c) */
  clipByValue(g: Matrix, c: number): void;

  /** θ ← SGD step (with velocity buffer v when momentum > 0) */
  sgdUpdate(theta: Matrix, g: Matrix, v: Matrix | null, o: SgdUpdate): void;
  /** θ ← Adam/AdamW step; vMax is used only with amsgrad */
  adamUpdate(theta: Matrix, g: Matrix, m: Matrix, v: Matrix, vMax: Matrix | null, o: AdamUpdate): void;
  /** θ ← RMSprop step; gAvg only when centered, buf only with momentum */
  rmspropUpdate(theta: Matrix, g: Matrix, sq: Matrix, gAvg: Matrix | null, buf: Matrix | null, o: RmspropUpdate): void;
  /** θ ← Adagrad step */
  adagradUpdate(theta: Matrix, g: Matrix, sum: Matrix, o: AdagradUpdate): void;

  /**
   * Optional, for backends with helper threads: runs `task` on the calling thread at the start of
   * the next job split over threads, while the helpers already work on it (the trainer gathers the
   * next batch there). Returns false, and keeps nothing, when there are no helpers. The task may run
   * later or never: its owner runs it itself when it needs the result (`SideTask.run` runs once).
   */
  besideNextJob?(task: SideTask): boolean;
}

/** Work handed to `besideNextJob`: `run` does it the first time it is called, and nothing after. */
export interface SideTask {
  run(): void;
}
