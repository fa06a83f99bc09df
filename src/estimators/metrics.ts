import { ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { r2Score } from '../train/metrics.js';

/** Share of rows whose every column matches (scikit-learn's accuracy_score; subset accuracy for multi-label). */
export function rowAccuracy(yTrue: Int32Array, yPred: Int32Array, cols: number): number {
  if (yTrue.length !== yPred.length) throw new ShapeError(`accuracy: ${yTrue.length} true values but ${yPred.length} predictions`);
  const rows = yTrue.length / cols;
  let hits = 0;
  for (let i = 0; i < rows; i++) {
    let same = true;
    for (let j = i * cols; j < (i + 1) * cols && same; j++) same = yTrue[j] === yPred[j];
    if (same) hits++;
  }
  return hits / rows;
}

/**
 * R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)² per output, averaged over outputs (scikit-learn's r2_score,
 * multioutput 'uniform_average'); an output with constant y scores 1 if predicted exactly, else 0.
 * The engine's one implementation (two-pass), with the estimators' shape check.
 */
export function r2(yTrue: Matrix, yPred: Matrix): number {
  if (yTrue.rows !== yPred.rows || yTrue.cols !== yPred.cols) throw new ShapeError(`score: targets are ${yTrue.shape}, predictions ${yPred.shape}`);
  return r2Score(yTrue, yPred);
}
