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

/** unit roundoff of float64: 2⁻⁵³ */
export const U64 = 2 ** -53;

/** The suite's tolerances for one element type, by the same names as the float32 ones above. */
export interface Tolerances {
  productBound(k: number, sumAbs: number): number;
  columnSumBound(rows: number, sumAbs: number): number;
  ELEMENTWISE: Tolerance;
  OPTIMIZER: Tolerance;
  REDUCTION: Tolerance;
}

/**
 * float32: the bounds above. float64: the products and column sums are f64x2 kernels (the same
 * classical bounds with u = 2⁻⁵³); the element-wise passes and updates run the reference's own loops
 * in doubles, so they agree to the last bit but for the order of a few operations.
 */
export function tolerancesFor(dtype: 'float32' | 'float64'): Tolerances {
  if (dtype === 'float32') return { productBound, columnSumBound, ELEMENTWISE, OPTIMIZER, REDUCTION };
  return {
    productBound: (k, sumAbs) => (k + 2) * U64 * sumAbs + 1e-300,
    columnSumBound: (rows, sumAbs) => (rows + 2) * U64 * sumAbs + 1e-300,
    ELEMENTWISE: { abs: 1e-15, rel: 1e-14 },
    OPTIMIZER: { abs: 1e-15, rel: 1e-14 },
    REDUCTION: { abs: 1e-15, rel: 1e-14 },
  };
}
