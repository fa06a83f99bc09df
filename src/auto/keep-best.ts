import type { Model } from '../nn/model.js';
import { flattenValues, unflattenValues } from '../optim/lbfgs.js';
import type { EpochLog, FitCallbacks } from '../train/fit.js';

/** What `keepBestEpoch(...).restore()` reports. */
export interface KeptEpoch {
  /** 0-based epoch of the lowest validation cost, or null when no epoch had one */
  readonly epoch: number | null;
  readonly valCost: number | null;
}

/**
 * Best-epoch selection without stopping early (as RealMLP-TD: train every epoch, keep the best):
 * wraps `inner` callbacks so that after each epoch with a validation cost lower than all before,
 * the weights are copied aside; `restore()` puts the best copy back and says which epoch it was.
 */
export function keepBestEpoch(model: Model, inner: FitCallbacks = {}): { callbacks: FitCallbacks; restore(): KeptEpoch } {
  const params = model.parameters();
  let best: Float64Array | null = null;
  let bestEpoch: number | null = null;
  let bestCost = Infinity;
  const callbacks: FitCallbacks = {
    ...inner,
    onEpochEnd: (log: EpochLog) => {
      if (log.valCost !== undefined && log.valCost < bestCost) {
        bestCost = log.valCost;
        bestEpoch = log.epoch;
        best = flattenValues(params, best ?? undefined);
      }
      return inner.onEpochEnd?.(log);
    },
  };
  return {
    callbacks,
    restore: () => {
      if (best !== null) unflattenValues(params, best);
      return { epoch: bestEpoch, valCost: bestEpoch === null ? null : bestCost };
    },
  };
}
