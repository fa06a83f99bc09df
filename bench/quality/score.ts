import type { Matrix, Model } from '../../src/index.js';

/** Accuracy (classification) or R² (regression, on the standardized target: R² is unchanged by y ↦ (y − μ)/σ). */
export function scoreEncoded(model: Model, task: 'classification' | 'regression', x: Matrix, y: Matrix): number {
  if (task === 'classification') {
    const predicted = model.predictClasses(x);
    let right = 0;
    for (let i = 0; i < y.rows; i++) if (predicted[i] === Math.round(y.data[i] as number)) right++;
    return right / y.rows;
  }
  const p = model.predict(x).data;
  let mean = 0;
  for (let i = 0; i < y.rows; i++) mean += y.data[i] as number;
  mean /= y.rows;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.rows; i++) {
    const t = y.data[i] as number;
    ssRes += (t - (p[i] as number)) ** 2;
    ssTot += (t - mean) ** 2;
  }
  // R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²
  return 1 - ssRes / ssTot;
}
