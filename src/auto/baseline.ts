import type { BackendName } from '../backend/registry.js';
import type { Matrix } from '../core/matrix.js';
import type { Model } from '../nn/model.js';
import { linearSettings, type DataShape } from './settings.js';
import { trainNetwork } from './train-network.js';

/**
 * The trivial predictor of encoded targets y: the most frequent class index (the smallest among
 * ties) for classification, the mean of y for regression.
 */
export function trivialPrediction(y: Matrix, task: DataShape['task']): number {
  if (task === 'regression') {
    let sum = 0;
    for (let i = 0; i < y.rows; i++) sum += y.data[i] as number;
    return sum / Math.max(1, y.rows);
  }
  const counts = new Map<number, number>();
  for (let i = 0; i < y.rows; i++) {
    const c = Math.round(y.data[i] as number);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [c, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}

/**
 * The linear baseline: the same engine with no hidden layer (`--layers none`) — logistic
 * (softmax) regression for classes, least squares for numbers — trained with `linearSettings`,
 * keeping the epoch with the lowest hold-out cost.
 */
export function trainLinear(x: Matrix, y: Matrix, shape: DataShape, seed: number, backend?: BackendName): Model {
  return trainNetwork(x, y, shape, linearSettings(shape), { seed, ...(backend === undefined ? {} : { backend }) }).model;
}
