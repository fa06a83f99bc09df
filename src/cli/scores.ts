import { classificationReport, regressionReport, type ClassificationReport, type Matrix, type Model } from '../index.js';
import type { Preprocessor } from '../data/index.js';
import { int, num, pct, table } from './format.js';

/** Accuracy, macro precision/recall/F1, per-class scores and the confusion matrix, by class name. */
export interface ClassificationScores {
  task: 'classification';
  rows: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  classes: string[];
  perClass: { class: string; precision: number; recall: number; f1: number; support: number }[];
  /** confusion[t][p]: rows of true class t predicted as class p (class order as in `classes`) */
  confusion: number[][];
}

/** Regression scores in the target's own units. */
export interface RegressionScores {
  task: 'regression';
  rows: number;
  mse: number;
  mae: number;
  r2: number;
}

export type Scores = ClassificationScores | RegressionScores;

/** Scores the model on encoded rows x, y (y as the preprocessor encodes it). */
export function score(model: Model, pre: Preprocessor, x: Matrix, y: Matrix): Scores {
  return scorePredictions(pre, pre.task === 'classification' ? model.predictClasses(x) : model.predict(x).data, y);
}

/** Scores one constant prediction (a class index, or an encoded value) for every row of y. */
export function scoreConstant(pre: Preprocessor, value: number, y: Matrix): Scores {
  return scorePredictions(pre, pre.task === 'classification' ? new Int32Array(y.rows).fill(value) : new Float64Array(y.rows).fill(value), y);
}

/** Scores predictions (class indices, or values as the preprocessor encodes the target) against y. */
export function scorePredictions(pre: Preprocessor, predicted: ArrayLike<number>, y: Matrix): Scores {
  if (pre.task === 'classification') {
    const classes = [...pre.classes];
    const actual = Int32Array.from(y.data, (v) => Math.round(v));
    return classificationScores(classes, y.rows, classificationReport(actual, Int32Array.from(predicted), classes.length));
  }
  const r = regressionReport(pre.inverseTransformTarget(y), pre.inverseTransformTarget(predicted));
  return { task: 'regression', rows: y.rows, mse: r.mse, mae: r.mae, r2: r.r2 };
}

/** A classification report over `rows` rows, with the classes named (`classes`, in the report's order). */
export function classificationScores(classes: string[], rows: number, r: ClassificationReport): ClassificationScores {
  return {
    task: 'classification',
    rows,
    accuracy: r.accuracy,
    precision: r.precision,
    recall: r.recall,
    f1: r.f1,
    classes,
    perClass: r.perClass.map((c, k) => ({ class: classes[k] as string, ...c })),
    confusion: r.confusion,
  };
}

/** The headline: "accuracy 96.7 %  precision …" or "R² 0.981  MSE …  MAE …". */
export function headline(s: Scores): string {
  if (s.task === 'classification') {
    return `accuracy ${pct(s.accuracy)}   macro precision ${pct(s.precision)}   recall ${pct(s.recall)}   F1 ${pct(s.f1)}   (${int(s.rows)} rows)`;
  }
  return `R² ${num(s.r2)}   MSE ${num(s.mse)}   MAE ${num(s.mae)}   (${int(s.rows)} rows)`;
}

/** Headline, per-class table and confusion matrix (classification); headline only for regression. */
export function scoresText(s: Scores, maxClasses = 20): string {
  if (s.task === 'regression') return headline(s);
  const lines = [headline(s)];
  if (s.classes.length > maxClasses) return lines.join('\n');
  lines.push('');
  lines.push(
    table(
      [['class', 'precision', 'recall', 'F1', 'support'], ...s.perClass.map((c) => [c.class, pct(c.precision), pct(c.recall), pct(c.f1), String(c.support)])],
      [1, 2, 3, 4],
    ),
  );
  lines.push('');
  lines.push('confusion matrix (rows: true class, columns: predicted)');
  lines.push(table([['', ...s.classes], ...s.confusion.map((row, t) => [s.classes[t] as string, ...row.map(String)])], s.classes.map((_, k) => k + 1)));
  return lines.join('\n');
}
