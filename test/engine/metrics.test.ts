// Metric values worked out by hand (they agree with scikit-learn's accuracy_score,
// precision_recall_fscore_support(average='macro', zero_division=0), mean_squared_error,
// mean_absolute_error and r2_score on the same inputs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, MetricAccumulator, accuracy, classificationReport, confusionMatrix, meanAbsoluteError, meanSquaredError, r2Score } from '../../src/index.js';

const yTrue = [0, 0, 1, 1, 2, 2, 2];
const yPred = [0, 1, 1, 1, 2, 0, 2];

test('confusion matrix and accuracy', () => {
  assert.deepEqual(confusionMatrix(yTrue, yPred), [
    [1, 1, 0],
    [0, 2, 0],
    [1, 0, 2],
  ]);
  assert.equal(accuracy(yTrue, yPred), 5 / 7);
});

test('macro precision, recall and F1', () => {
  const r = classificationReport(yTrue, yPred);
  // precision per class: 1/2, 2/3, 2/2;  recall: 1/2, 2/2, 2/3
  // F1: 1/2, 4/5, 4/5
  assert.ok(Math.abs(r.precision - (1 / 2 + 2 / 3 + 1) / 3) < 1e-12);
  assert.ok(Math.abs(r.recall - (1 / 2 + 1 + 2 / 3) / 3) < 1e-12);
  assert.ok(Math.abs(r.f1 - (1 / 2 + 4 / 5 + 4 / 5) / 3) < 1e-12);
  // a class never predicted has precision 0 (zero_division = 0)
  assert.equal(classificationReport([0, 1], [0, 0]).perClass[1]!.precision, 0);
});

test('MSE, MAE and R², averaged uniformly over outputs', () => {
  const t = [3, -0.5, 2, 7];
  const p = [2.5, 0.0, 2, 8];
  // errors 0.5, −0.5, 0, −1: MSE = 1.5/4, MAE = 2/4;  ȳ = 2.875, SS_tot = 29.1875, R² = 1 − 1.5/29.1875
  assert.equal(meanSquaredError(t, p), 0.375);
  assert.equal(meanAbsoluteError(t, p), 0.5);
  assert.ok(Math.abs(r2Score(t, p) - (1 - 1.5 / 29.1875)) < 1e-12);
  // two outputs: mean of the per-output R² (second output predicted perfectly → 1)
  const T = Matrix.from([[3, 1], [-0.5, 2], [2, 3], [7, 4]]);
  const P = Matrix.from([[2.5, 1], [0, 2], [2, 3], [8, 4]]);
  assert.ok(Math.abs(r2Score(T, P) - (1 - 1.5 / 29.1875 + 1) / 2) < 1e-6);
});

test('the batch accumulator gives the same numbers as the whole-array functions', () => {
  const acc = new MetricAccumulator('multiclass', 3, ['accuracy', 'precision', 'recall', 'f1']);
  const oneHot = (c: number): number[] => [0, 1, 2].map((k) => (k === c ? 1 : 0));
  // two batches; predictions as scores whose argmax is yPred
  acc.add(Matrix.from(yPred.slice(0, 3).map(oneHot)), Matrix.from(yTrue.slice(0, 3).map(oneHot)));
  acc.add(Matrix.from(yPred.slice(3).map(oneHot)), Matrix.column(yTrue.slice(3)));
  const r = classificationReport(yTrue, yPred);
  assert.deepEqual(acc.result(), { accuracy: r.accuracy, precision: r.precision, recall: r.recall, f1: r.f1 });
});
