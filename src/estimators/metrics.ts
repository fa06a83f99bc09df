import { ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

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
 */
export function r2(yTrue: Matrix, yPred: Matrix): number {
  if (yTrue.rows !== yPred.rows || yTrue.cols !== yPred.cols) throw new ShapeError(`score: targets are ${yTrue.shape}, predictions ${yPred.shape}`);
  const { rows, cols } = yTrue;
  let total = 0;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += yTrue.get(i, j);
    mean /= rows;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < rows; i++) {
      const t = yTrue.get(i, j);
      ssRes += (t - yPred.get(i, j)) ** 2;
      ssTot += (t - mean) ** 2;
    }
    total += ssTot !== 0 ? 1 - ssRes / ssTot : ssRes === 0 ? 1 : 0;
  }
  return total / cols;
}
