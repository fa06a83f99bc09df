import type { Matrix } from '../core/matrix.js';

/** A trainable tensor and its gradient, in matching shapes. */
export interface Param {
  /** e.g. "dense_1/W" */
  readonly name: string;
  /** θ, the weights themselves */
  readonly value: Matrix;
  /** ∂cost/∂θ, written by the last backward pass (penalty included) */
  readonly grad: Matrix;
  /** L1 coefficient of this tensor's penalty l1·Σ|θ| (0 for biases) */
  readonly l1: number;
  /** L2 coefficient of this tensor's penalty l2·Σθ² (0 for biases) */
  readonly l2: number;
}
