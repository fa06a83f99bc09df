import type { Model } from '../nn/model.js';
import type { Param } from '../nn/param.js';
import { flattenValues, unflattenValues } from '../optim/lbfgs.js';
import type { BatchLog, EpochLog, FitCallbacks } from '../train/fit.js';

/** What `averageWeights` returns. */
export interface WeightAverage {
  /** fit's callbacks: `inner`'s, with the average kept after every step */
  readonly callbacks: FitCallbacks;
  /** puts the average θ̄ of the steps so far into the model (no-op before the first step) */
  finish(): void;
}

/**
 * An exponential moving average of the weights (Polyak averaging with exponential forgetting, as
 * the EMA of timm's ModelEma or TensorFlow's ExponentialMovingAverage), kept beside a `fit` through
 * its callbacks. The time constant is `epochs` epochs of B steps each (B from `onTrainBegin`):
 * β = 1 − 1/(epochs·B). After step t, with θ_i the weights after step i, the average is
 * bias-corrected as Adam's m̂ is, so that it weighs the snapshots and nothing else:
 *   θ̄_t = Σ_{i≤t} β^(t−i)·θ_i / Σ_{i≤t} β^(t−i)
 * Validation sees θ̄: it is put in the model after each epoch's last step (fit validates after the
 * batch callbacks) and the training weights θ back after the epoch's callbacks, so `inner`'s
 * `onEpochEnd` — a `keepBestEpoch` wrapped inside — sees the validation cost of θ̄ and copies θ̄.
 * Training itself is untouched: the optimizer steps the same θ as without the average. For the
 * synchronous `fit` (an `inner.onEpochEnd` returning a Promise would see θ put back too early).
 */
export function averageWeights(model: Model, epochs: number, inner: FitCallbacks = {}): WeightAverage {
  if (!(epochs > 0) || !Number.isFinite(epochs)) throw new RangeError(`averageWeights: epochs (the time constant) must be a positive number, got ${epochs}`);
  const params = model.parameters();
  const size = params.reduce((n, p) => n + p.value.size, 0);
  /** s_t = β·s_{t−1} + (1 − β)·θ_t, s_0 = 0 */
  const sum = new Float64Array(size);
  /** c_t = β·c_{t−1} + (1 − β) = 1 − β^t: the weights' total, which s_t/c_t corrects for */
  let total = 0;
  let beta = 0;
  /** the training weights θ while θ̄ is in the model for validation, else null */
  let aside: Float64Array | null = null;
  const callbacks: FitCallbacks = {
    ...inner,
    onTrainBegin: (info) => {
      // β = 1 − 1/(epochs·B)
      beta = 1 - 1 / (epochs * Math.max(1, info.batches));
      inner.onTrainBegin?.(info);
    },
    onBatchEnd: (log: BatchLog) => {
      accumulate(params, sum, beta);
      // c_t = β·c_{t−1} + (1 − β)
      total = beta * total + (1 - beta);
      inner.onBatchEnd?.(log);
      if (log.batch === log.batches - 1) {
        aside = flattenValues(params, aside ?? new Float64Array(size));
        writeAverage(params, sum, total);
      }
    },
    onEpochEnd: (log: EpochLog) => {
      const answer = inner.onEpochEnd?.(log);
      if (aside !== null) {
        unflattenValues(params, aside);
        aside = null;
      }
      return answer;
    },
  };
  return {
    callbacks,
    finish: () => {
      if (total > 0) writeAverage(params, sum, total);
    },
  };
}

/** s ← β·s + (1 − β)·θ, over every parameter in `parameters()` order */
function accumulate(params: readonly Param[], sum: Float64Array, beta: number): void {
  let o = 0;
  for (const p of params) {
    const v = p.value.data;
    for (let i = 0; i < v.length; i++, o++) sum[o] = beta * (sum[o] as number) + (1 - beta) * (v[i] as number);
  }
}

/** θ ← s/c */
function writeAverage(params: readonly Param[], sum: Float64Array, total: number): void {
  let o = 0;
  for (const p of params) {
    const v = p.value.data;
    for (let i = 0; i < v.length; i++, o++) v[i] = (sum[o] as number) / total;
  }
}
