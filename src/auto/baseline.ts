import type { BackendName } from '../backend/registry.js';
import { Matrix } from '../core/matrix.js';
import { Dense } from '../nn/dense.js';
import { Model } from '../nn/model.js';
import { LBFGS } from '../optim/lbfgs.js';
import type { DataShape } from './settings.js';

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
 * The linear baseline: the same engine with no hidden layer (`--layers none`) — softmax (logistic)
 * regression for classes, least squares for numbers — fitted to convergence by L-BFGS on every
 * row, as scikit-learn fits LogisticRegression / LinearRegression: for classes with its default
 * L2 strength (C = 1: ½‖W‖² + C·Σℓᵢ, i.e. l2 = 1/(2n) on our mean cost), for numbers unpenalized.
 * With `columns` < x.cols it is fitted on x's first `columns` columns only and returned with zero
 * weights for the others (linear in the table's columns when the rest are piecewise-linear bins).
 */
export function trainLinear(x: Matrix, y: Matrix, shape: DataShape, seed: number, backend?: BackendName, columns = x.cols): Model {
  const classification = shape.task === 'classification';
  const l2 = classification ? 1 / (2 * Math.max(1, x.rows)) : 0;
  const build = (inputs: number): Model =>
    new Model({
      inputs,
      layers: [new Dense({ units: classification ? shape.classes : 1, activation: classification ? 'softmax' : 'identity', l2 })],
      seed,
      loss: classification ? 'sparseCategoricalCrossentropy' : 'mse',
      ...(backend === undefined ? {} : { backend }),
    });
  const model = build(columns);
  model.fit(columns === x.cols ? x : firstColumns(x, columns), y, { optimizer: new LBFGS(), epochs: 500, batchSize: x.rows });
  if (columns === x.cols) return model;
  // the same model on every column of x: zero weights for the columns it was not fitted on
  const [w, b] = model.getWeights() as [Matrix, Matrix];
  model.dispose();
  const wide = build(x.cols);
  const padded = Matrix.zeros(x.cols, w.cols, w.dtype);
  padded.data.set(w.data);
  wide.setWeights([padded, b]);
  return wide;
}

/** x[:, 0 … columns − 1] as a new matrix. */
function firstColumns(x: Matrix, columns: number): Matrix {
  const out = Matrix.zeros(x.rows, columns, x.dtype);
  for (let i = 0; i < x.rows; i++) out.data.set(x.data.subarray(i * x.cols, i * x.cols + columns), i * columns);
  return out;
}
