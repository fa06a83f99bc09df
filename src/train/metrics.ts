import { ConfigError, ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

/**
 * Evaluation metrics. Classification metrics take integer class labels; regression metrics take
 * matrices (or flat lists) of targets and predictions, averaging over outputs uniformly as
 * scikit-learn does.
 */
export type MetricName = 'accuracy' | 'precision' | 'recall' | 'f1' | 'mse' | 'mae' | 'r2';
export const METRIC_NAMES: readonly MetricName[] = ['accuracy', 'precision', 'recall', 'f1', 'mse', 'mae', 'r2'];

/** Metrics where larger is better (early stopping maximizes them). */
export function higherIsBetter(name: string): boolean {
  const base = name.startsWith('val') ? name.slice(3, 4).toLowerCase() + name.slice(4) : name;
  return base === 'accuracy' || base === 'precision' || base === 'recall' || base === 'f1' || base === 'r2';
}

/** C[t][p] = number of samples of true class t predicted as p. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes?: number): number[][] {
  if (yTrue.length !== yPred.length) throw new ShapeError(`confusionMatrix: ${yTrue.length} labels but ${yPred.length} predictions`);
  let k = classes ?? 0;
  if (classes === undefined) for (let i = 0; i < yTrue.length; i++) k = Math.max(k, (yTrue[i] as number) + 1, (yPred[i] as number) + 1);
  const c = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) (c[yTrue[i] as number] as number[])[yPred[i] as number]! += 1;
  return c;
}

/** Fraction of labels predicted exactly. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) throw new ShapeError(`accuracy: ${yTrue.length} labels but ${yPred.length} predictions`);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return yTrue.length === 0 ? Number.NaN : hits / yTrue.length;
}

export interface ClassificationReport {
  accuracy: number;
  /**
   * As scikit-learn's default: for two classes, of the positive class (class 1, average='binary');
   * for more, the macro average (the unweighted mean over classes).
   */
  precision: number;
  recall: number;
  f1: number;
  /** the unweighted means over classes (average='macro') */
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  perClass: { precision: number; recall: number; f1: number; support: number }[];
  confusion: number[][];
}

/**
 * Precision, recall and F1 per class, of the positive class (two classes) and macro-averaged, from
 * a confusion matrix (0/0 counts as 0, as scikit-learn's zero_division=0).
 */
export function reportFromConfusion(confusion: number[][]): ClassificationReport {
  const k = confusion.length;
  const perClass: ClassificationReport['perClass'] = [];
  let correct = 0;
  let total = 0;
  for (let c = 0; c < k; c++) {
    const row = confusion[c] as number[];
    const tp = row[c] as number;
    let predicted = 0;
    for (let t = 0; t < k; t++) predicted += (confusion[t] as number[])[c] as number;
    const support = row.reduce((s, v) => s + v, 0);
    // precision = TP/(TP + FP), recall = TP/(TP + FN), F1 = 2PR/(P + R)
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass.push({ precision, recall, f1, support });
    correct += tp;
    total += support;
  }
  const mean = (f: (x: ClassificationReport['perClass'][number]) => number): number => (k === 0 ? Number.NaN : perClass.reduce((s, x) => s + f(x), 0) / k);
  const macroPrecision = mean((x) => x.precision);
  const macroRecall = mean((x) => x.recall);
  const macroF1 = mean((x) => x.f1);
  const positive = k === 2 ? (perClass[1] as ClassificationReport['perClass'][number]) : null;
  return {
    accuracy: total === 0 ? Number.NaN : correct / total,
    precision: positive?.precision ?? macroPrecision,
    recall: positive?.recall ?? macroRecall,
    f1: positive?.f1 ?? macroF1,
    macroPrecision,
    macroRecall,
    macroF1,
    perClass,
    confusion,
  };
}

/** Accuracy, precision/recall/F1 (positive class for two classes, else macro), the macro averages and the confusion matrix. */
export function classificationReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes?: number): ClassificationReport {
  return reportFromConfusion(confusionMatrix(yTrue, yPred, classes));
}

type Values = Matrix | ArrayLike<number>;

function flat(v: Values): { data: ArrayLike<number>; cols: number } {
  return 'cols' in v && 'data' in v ? { data: v.data, cols: v.cols } : { data: v as ArrayLike<number>, cols: 1 };
}

/** Mean over outputs of (1/n)·Σ(y − ŷ)² */
export function meanSquaredError(yTrue: Values, yPred: Values): number {
  return regressionReport(yTrue, yPred).mse;
}

/** Mean over outputs of (1/n)·Σ|y − ŷ| */
export function meanAbsoluteError(yTrue: Values, yPred: Values): number {
  return regressionReport(yTrue, yPred).mae;
}

/** Mean over outputs of R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² */
export function r2Score(yTrue: Values, yPred: Values): number {
  return regressionReport(yTrue, yPred).r2;
}

export interface RegressionReport {
  mse: number;
  mae: number;
  r2: number;
}

export function regressionReport(yTrue: Values, yPred: Values): RegressionReport {
  const t = flat(yTrue);
  const p = flat(yPred);
  if (t.data.length !== p.data.length) throw new ShapeError(`regression metrics: ${t.data.length} targets but ${p.data.length} predictions`);
  const acc = new RegressionAccumulator(t.cols);
  acc.add(t.data, p.data, t.data.length / t.cols);
  return acc.result();
}

/**
 * Per-output sums gathered batch by batch. Σ(y − ȳ)² is kept the two-pass way (each batch's own
 * mean first, then Chan et al.'s merge), never as Σy² − (Σy)²/n, which cancels catastrophically
 * when |ȳ| is large against the spread.
 */
export class RegressionAccumulator {
  private n = 0;
  /** ȳ of the rows so far, per output */
  private readonly mean: Float64Array;
  /** Σ(y − ȳ)² of the rows so far, per output */
  private readonly m2: Float64Array;
  private readonly sse: Float64Array;
  private readonly sae: Float64Array;

  constructor(readonly outputs: number) {
    this.mean = new Float64Array(outputs);
    this.m2 = new Float64Array(outputs);
    this.sse = new Float64Array(outputs);
    this.sae = new Float64Array(outputs);
  }

  reset(): void {
    this.n = 0;
    this.mean.fill(0);
    this.m2.fill(0);
    this.sse.fill(0);
    this.sae.fill(0);
  }

  add(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, rows: number): void {
    if (rows === 0) return;
    const k = this.outputs;
    for (let j = 0; j < k; j++) {
      // pass 1: the batch mean
      let s = 0;
      for (let i = 0; i < rows; i++) s += yTrue[i * k + j] as number;
      const meanB = s / rows;
      // pass 2: the batch's Σ(y − ȳ_b)², squared and absolute errors
      let m2B = 0;
      let sse = 0;
      let sae = 0;
      for (let i = 0; i < rows; i++) {
        const t = yTrue[i * k + j] as number;
        const e = t - (yPred[i * k + j] as number);
        m2B += (t - meanB) * (t - meanB);
        sse += e * e;
        sae += Math.abs(e);
      }
      // merge: δ = ȳ_b − ȳ_a;  ȳ = ȳ_a + δ·n_b/n;  M2 = M2_a + M2_b + δ²·n_a·n_b/n
      const nA = this.n;
      const total = nA + rows;
      const delta = meanB - (this.mean[j] as number);
      this.mean[j] = (this.mean[j] as number) + (delta * rows) / total;
      this.m2[j] = (this.m2[j] as number) + m2B + (delta * delta * nA * rows) / total;
      this.sse[j] = (this.sse[j] as number) + sse;
      this.sae[j] = (this.sae[j] as number) + sae;
    }
    this.n += rows;
  }

  result(): RegressionReport {
    let mse = 0;
    let mae = 0;
    let r2 = 0;
    const k = this.outputs;
    for (let j = 0; j < k; j++) {
      mse += (this.sse[j] as number) / this.n;
      mae += (this.sae[j] as number) / this.n;
      // R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)²; a constant target scores 1 if predicted exactly, else 0 (as scikit-learn)
      const ssTot = this.m2[j] as number;
      r2 += ssTot > 0 ? 1 - (this.sse[j] as number) / ssTot : (this.sse[j] as number) === 0 ? 1 : 0;
    }
    return { mse: mse / k, mae: mae / k, r2: r2 / k };
  }
}

/** What the outputs mean, which decides how labels are read from them. */
export type TaskKind = 'multiclass' | 'binary' | 'multilabel' | 'regression';

/**
 * Gathers the requested metrics over batches, from network outputs and targets:
 * a confusion matrix for classification, running sums for regression.
 */
export class MetricAccumulator {
  private readonly confusion: number[][];
  private readonly regression: RegressionAccumulator;

  constructor(
    readonly task: TaskKind,
    readonly outputs: number,
    readonly names: readonly MetricName[],
  ) {
    for (const n of names) {
      if (!(METRIC_NAMES as readonly string[]).includes(n)) throw new ConfigError(`unknown metric '${n}'; expected one of ${METRIC_NAMES.join(', ')}`);
    }
    const k = task === 'multiclass' ? outputs : 2;
    this.confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    this.regression = new RegressionAccumulator(outputs);
  }

  reset(): void {
    for (const row of this.confusion) row.fill(0);
    this.regression.reset();
  }

  /** Adds a batch: yhat is the network output (rows × outputs); y holds targets (one-hot, labels, or values). */
  add(yhat: Matrix, y: Matrix): void {
    const rows = yhat.rows;
    const k = this.outputs;
    if (this.task === 'regression') {
      this.regression.add(y.data, yhat.data, rows);
      return;
    }
    if (this.task === 'multiclass') {
      for (let i = 0; i < rows; i++) {
        let p = 0;
        for (let j = 1; j < k; j++) if ((yhat.data[i * k + j] as number) > (yhat.data[i * k + p] as number)) p = j;
        let t: number;
        if (y.cols === 1) t = y.data[i] as number;
        else {
          t = 0;
          for (let j = 1; j < k; j++) if ((y.data[i * k + j] as number) > (y.data[i * k + t] as number)) t = j;
        }
        (this.confusion[t] as number[])[p]! += 1;
      }
      return;
    }
    // binary and multi-label: each output is its own yes/no at threshold ½
    for (let i = 0; i < rows * k; i++) {
      const p = (yhat.data[i] as number) >= 0.5 ? 1 : 0;
      const t = (y.data[i] as number) >= 0.5 ? 1 : 0;
      (this.confusion[t] as number[])[p]! += 1;
    }
  }

  result(): Record<string, number> {
    const out: Record<string, number> = {};
    if (this.task === 'regression') {
      const r = this.regression.result();
      for (const n of this.names) if (n === 'mse' || n === 'mae' || n === 'r2') out[n] = r[n];
      return out;
    }
    const r = reportFromConfusion(this.confusion);
    for (const n of this.names) if (n === 'accuracy' || n === 'precision' || n === 'recall' || n === 'f1') out[n] = r[n];
    return out;
  }
}
