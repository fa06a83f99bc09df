import { ConfigError, ShapeError } from '../core/errors.js';
import { Matrix, type MatrixLike } from '../core/matrix.js';
import { isTwoDimensional } from './inputs.js';

/** A class label: a string or a number. */
export type Label = string | number;

/** Classifier targets: one label per row, or a 0/1 indicator matrix (one column per label) for multi-label. */
export type ClassTargets = ArrayLike<Label> | MatrixLike;

/** 'binary' (≤ 2 classes, one logistic output), 'multiclass' (softmax), 'multilabel' (one logistic output per label). */
export type TargetType = 'binary' | 'multiclass' | 'multilabel';

/** Targets after parsing: labels (1-D) or an indicator matrix. */
export type ParsedTargets = { kind: 'labels'; labels: Label[] } | { kind: 'indicator'; matrix: Matrix };

export function parseTargets(owner: string, y: ClassTargets): ParsedTargets {
  if (isTwoDimensional(y)) {
    const m = y instanceof Matrix ? y : Matrix.from(y as ArrayLike<ArrayLike<number>>, 'float64');
    if (m.cols === 1) return { kind: 'labels', labels: Array.from(m.data) };
    for (let i = 0; i < m.data.length; i++) {
      const v = m.data[i];
      if (v !== 0 && v !== 1) {
        throw new ConfigError(`${owner}: a 2-D y must be a label-indicator matrix of 0/1 (multi-label); got ${v} at row ${Math.floor(i / m.cols)}, column ${i % m.cols}`);
      }
    }
    return { kind: 'indicator', matrix: m.clone('float64') };
  }
  const labels = Array.from(y as ArrayLike<Label>);
  const kind = typeof labels[0];
  labels.forEach((l, i) => {
    if ((typeof l !== 'string' && typeof l !== 'number') || typeof l !== kind) {
      throw new ConfigError(`${owner}: labels must be all strings or all numbers; row ${i} has ${JSON.stringify(l)}`);
    }
    if (typeof l === 'number' && !Number.isFinite(l)) throw new ConfigError(`${owner}: label of row ${i} is ${l}`);
  });
  return { kind: 'labels', labels };
}

/** Sorted distinct labels (numbers ascending, strings by code unit), as numpy's unique sorts them. */
export function uniqueSorted(labels: readonly Label[]): Label[] {
  const distinct = [...new Set(labels)];
  return distinct.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

/**
 * scikit-learn's LabelBinarizer for the MLP: labels ↔ the network's target rows.
 *   binary:     one column, 1 for classes[1]
 *   multiclass: one-hot over classes
 *   multilabel: the indicator matrix as is (classes = 0 … k−1)
 */
export class LabelBinarizer {
  private readonly index: Map<Label, number>;

  private constructor(
    readonly classes: readonly Label[],
    readonly type: TargetType,
  ) {
    this.index = new Map(classes.map((c, i) => [c, i]));
  }

  /** From the targets of a fit (or the `classes` of a first partialFit). */
  static fit(targets: ParsedTargets): LabelBinarizer {
    if (targets.kind === 'indicator') return new LabelBinarizer(Array.from({ length: targets.matrix.cols }, (_, i) => i), 'multilabel');
    const classes = uniqueSorted(targets.labels);
    return new LabelBinarizer(classes, classes.length <= 2 ? 'binary' : 'multiclass');
  }

  /** Width of the network's output. */
  get outputs(): number {
    return this.type === 'binary' ? 1 : this.classes.length;
  }

  /** The network's targets for y; labels outside `classes` are rejected. */
  transform(owner: string, targets: ParsedTargets): Matrix {
    if (targets.kind === 'indicator') {
      if (this.type !== 'multilabel' || targets.matrix.cols !== this.classes.length) {
        throw new ShapeError(`${owner}: y is a ${targets.matrix.cols}-column indicator matrix, but the estimator was fitted on ${this.describe()}`);
      }
      return targets.matrix;
    }
    if (this.type === 'multilabel') throw new ShapeError(`${owner}: y holds labels, but the estimator was fitted on ${this.describe()}`);
    const out = Matrix.zeros(targets.labels.length, this.outputs, 'float64');
    targets.labels.forEach((label, i) => {
      const c = this.index.get(label);
      if (c === undefined) throw new ConfigError(`${owner}: y has label ${JSON.stringify(label)} (row ${i}), not among the classes ${JSON.stringify(this.classes)}`);
      if (this.type === 'binary') out.data[i] = c === 1 ? 1 : 0;
      else out.data[i * this.outputs + c] = 1;
    });
    return out;
  }

  /** Class index per row (binary: p > 0.5; multiclass: first argmax), or the 0/1 matrix (multilabel: p > 0.5), flat. */
  decode(out: Matrix): Int32Array {
    const codes = new Int32Array(this.type === 'multiclass' ? out.rows : out.size);
    if (this.type !== 'multiclass') {
      for (let i = 0; i < out.size; i++) codes[i] = (out.data[i] as number) > 0.5 ? 1 : 0;
      if (this.type === 'binary' && this.classes.length === 1) codes.fill(0);
      return codes;
    }
    for (let i = 0; i < out.rows; i++) {
      let best = 0;
      for (let j = 1; j < out.cols; j++) if (out.get(i, j) > out.get(i, best)) best = j;
      codes[i] = best;
    }
    return codes;
  }

  /** The same codes as `decode` for targets produced by `transform`. */
  codesOf(y: Matrix): Int32Array {
    return this.decode(y);
  }

  /** Codes back to labels (binary and multiclass). */
  labelsOf(codes: Int32Array): Label[] {
    return Array.from(codes, (c) => this.classes[c] as Label);
  }

  /** Columns per row of `decode`'s output. */
  get codeWidth(): number {
    return this.type === 'multilabel' ? this.classes.length : 1;
  }

  private describe(): string {
    return this.type === 'multilabel' ? `a ${this.classes.length}-column indicator matrix` : `labels ${JSON.stringify(this.classes)}`;
  }
}
