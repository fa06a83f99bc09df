/**
 * Float32 tolerances of the backend conformance suite, in one place. The oracle is the reference
 * backend, which sums in doubles and rounds once; a fast float32 backend accumulates in float32
 * (possibly with fused multiply-adds) and evaluates e^z, √ and ÷ in float32 or with another libm.
 */

/** unit roundoff of float32: 2⁻²⁴ */
export const U = 2 ** -24;

/** |got − want| ≤ abs + rel·|want| */
export interface Tolerance {
  abs: number;
  rel: number;
}

/**
 * A product of depth k: the classical bound for a float32 dot product,
 * |got − want| ≤ (k + 2)·u·Σₚ|aᵢₚ||bₚⱼ| (the Σ is passed per element), plus a tiny absolute floor.
 */
export function productBound(k: number, sumAbs: number): number {
  return (k + 2) * U * sumAbs + 1e-30;
}

/** Element-wise arithmetic and activations (a few ulps; e^z from another libm). */
export const ELEMENTWISE: Tolerance = { abs: 1e-7, rel: 4e-7 };

/** Optimizer updates over several steps: float32 state rounded each step, √ and ÷ in float32. */
export const OPTIMIZER: Tolerance = { abs: 1e-6, rel: 1e-5 };

/** Reductions (Σx², Σ|x|) accumulated in f64 from float32 elements, then compared as doubles. */
export const REDUCTION: Tolerance = { abs: 1e-9, rel: 1e-9 };

/** Bias gradients: a column sum of `rows` float32 values, accumulated in float32. */
export function columnSumBound(rows: number, sumAbs: number): number {
  return (rows + 2) * U * sumAbs + 1e-30;
}

/**
 * Whole training runs (same data, same seed, same initial weights): final test accuracy of the fast
 * backend within `accuracy` of the reference's, final training cost within costAbs + costRel·cost.
 * The two runs round differently from the first step on, and over ~1,000 steps of SGD with momentum
 * their trajectories separate (a tanh rounded 1 ulp apart moved a converged cost of 0.058 by 8 %);
 * the accuracy they reach is what must agree.
 */
export const TRAINING = { accuracy: 0.02, costAbs: 0.01, costRel: 0.1 };
