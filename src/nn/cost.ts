import { ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Loss } from './losses.js';

/**
 * The cost of a batch: C = (1/N)·Σᵢ wᵢ·ℓᵢ for 'mean' losses, C = Σᵢ wᵢ·ℓᵢ for 'sum' losses
 * (wᵢ = 1 without sample or class weights, N the batch size, as Keras averages), plus the
 * regularization term Σ_layers (l1·Σ|W| + l2·ΣW²). This file is the one place that aggregation,
 * and the matching 1/N scaling of the output gradient, lives.
 */
export interface CostResult {
  /** ℓᵢ, the per-sample loss (unweighted), one per row */
  readonly loss: Float64Array;
  /** (1/N)·Σ wᵢℓᵢ or Σ wᵢℓᵢ */
  readonly dataCost: number;
  /** Σ penalties of the layers */
  readonly penalty: number;
  /** dataCost + penalty */
  readonly cost: number;
}

/** Checks targets against the output width and the loss's target kind. */
export function checkTargets(loss: Loss, outputs: number, y: Matrix, rows: number): void {
  if (y.rows !== rows) throw new ShapeError(`targets have ${y.rows} rows but the inputs have ${rows}`);
  if (loss.targets === 'labels') {
    if (y.cols !== 1) throw new ShapeError(`${loss.name} expects one integer label per row (n × 1), got ${y.shape}`);
  } else if (y.cols !== outputs) {
    const hint = y.cols === 1 && outputs > 1 ? ' (one-hot encode the labels, or use sparseCategoricalCrossentropy)' : '';
    throw new ShapeError(`${loss.name} expects targets with ${outputs} columns (one per output), got ${y.shape}${hint}`);
  }
}

/** Writes ℓᵢ into `out` (from the logits z when the loss is fused with the output activation). */
export function perSampleLoss(loss: Loss, fused: boolean, z: Matrix, a: Matrix, y: Matrix, out: Float64Array): void {
  if (fused && loss.perSampleFromLogits !== undefined) loss.perSampleFromLogits(z, y, out);
  else loss.perSample(a, y, out);
}

/** C = (1/N)·Σ wᵢℓᵢ (mean) or Σ wᵢℓᵢ (sum) */
export function aggregate(loss: Loss, perSample: Float64Array, weights: ArrayLike<number> | null): number {
  let s = 0;
  for (let i = 0; i < perSample.length; i++) s += (weights === null ? 1 : (weights[i] as number)) * (perSample[i] as number);
  return loss.reduction === 'mean' ? s / perSample.length : s;
}

/**
 * Scales row i of a per-sample gradient by ∂C/∂ℓᵢ = wᵢ/N (mean) or wᵢ (sum), turning ∂ℓᵢ/∂· into ∂C/∂·.
 */
export function scaleRowsToCost(loss: Loss, g: Matrix, weights: ArrayLike<number> | null): void {
  const n = g.rows;
  const base = loss.reduction === 'mean' ? 1 / n : 1;
  const D = g.data;
  for (let i = 0; i < n; i++) {
    const s = base * (weights === null ? 1 : (weights[i] as number));
    if (s === 1) continue;
    for (let j = i * g.cols; j < (i + 1) * g.cols; j++) D[j] = s * (D[j] as number);
  }
}
