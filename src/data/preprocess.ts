import { checkOneOf } from '../core/checks.js';
import { ConfigError } from '../core/errors.js';
import { allocArray, Matrix, type DType } from '../core/matrix.js';
import { CellReader } from './cells.js';
import { DataError } from './errors.js';
import { fitState, type FitOptions } from './fit.js';
import type { Task } from './infer.js';
import {
  binCount,
  encodedWidth,
  scaledValue,
  parsePreprocessorState,
  type CategoricalFeature,
  type ClassTarget,
  type FeatureSpec,
  type NumericFeature,
  type PreprocessorState,
} from './preprocess-schema.js';
import { cellText, columnNames, describeRow, findColumn, type Column, type Table } from './table.js';

/** Options of `Preprocessor.transform`. */
export interface TransformOptions {
  /** An unseen category in a text column: 'error' (default) throws; 'ignore' encodes it as all zeros. */
  readonly unknown?: 'error' | 'ignore';
  /** Element type of the matrices (default float32). */
  readonly dtype?: DType;
  /** Throw when the target column is absent (for evaluation); by default y is simply left out. */
  readonly requireTarget?: boolean;
}

/** What `transform` returns. */
export interface Encoded {
  /** rows × `outputWidth` inputs: standardized numbers, one-hot categories. */
  readonly x: Matrix;
  /**
   * rows × 1 targets, when the table has the target column: the class index (0 … k−1) for
   * classification, the standardized value for regression.
   */
  readonly y?: Matrix;
}

/**
 * The fitted preprocessing between a table and a model, saved inside the model file so that
 * prediction applies exactly the training transform.
 *
 * - numeric feature: x' = (x − mean) / std, with mean and std of the training column (std 0 → 1);
 * - text feature: one-hot over the training categories, sorted in code-unit order (so the encoding
 *   does not depend on row order);
 * - missing feature values: filled per `impute` (text columns always use their most frequent
 *   category) or, with 'none', an error;
 * - target: classes label-encoded 0 … k−1 (sorted numerically or in code-unit order) for
 *   classification; y' = (y − mean) / std for regression, undone by `inverseTransformTarget`.
 */
export class Preprocessor {
  private constructor(readonly state: PreprocessorState) {}

  /** Fits the preprocessing on a training table. */
  static fit(table: Table, options: FitOptions): Preprocessor {
    return new Preprocessor(fitState(table, options));
  }

  /** Rebuilds a preprocessor from `toJSON()` output, validating it (throws ModelFormatError). */
  static fromJSON(json: unknown): Preprocessor {
    return new Preprocessor(parsePreprocessorState(json));
  }

  /** Plain JSON data (see `PreprocessorState`). */
  toJSON(): PreprocessorState {
    return this.state;
  }

  get task(): Task {
    return this.state.target.task;
  }

  /** The target column's name. */
  get targetName(): string {
    return this.state.target.name;
  }

  /** Class names in index order (classification), or an empty list (regression). */
  get classes(): readonly string[] {
    return this.state.target.task === 'classification' ? this.state.target.classes : [];
  }

  /** The columns a table must have for `transform`, in order. */
  get inputColumns(): string[] {
    return this.state.features.map((f) => f.name);
  }

  /**
   * Width of x: one per numeric column, one per category of each text column, one per
   * missing-value indicator, one per piecewise-linear bin.
   */
  get outputWidth(): number {
    return encodedWidth(this.state);
  }

  /**
   * A name for each column of x: the column name, `column=category` for one-hot columns
   * (`column=(missing)` for the missing level), then `column missing` for each indicator, then
   * `column bin t/T` for each piecewise-linear bin.
   */
  get featureNames(): string[] {
    return [
      ...this.state.features.flatMap((f) => (f.kind === 'numeric' ? [f.name] : f.categories.map((c) => `${f.name}=${c === '' ? '(missing)' : c}`))),
      ...this.indicators.map((f) => `${f.name} missing`),
      ...this.binned.flatMap((f) => Array.from({ length: binCount(f) }, (_, t) => `${f.name} bin ${t + 1}/${binCount(f)}`)),
    ];
  }

  /** Columns the fit left out (high-cardinality text columns), with the reason. */
  get dropped(): readonly { name: string; reason: string }[] {
    return this.state.dropped ?? [];
  }

  /** The numeric features with a missing-value indicator, in feature order (their columns close x). */
  get indicators(): NumericFeature[] {
    return this.state.features.filter((f): f is NumericFeature => f.kind === 'numeric' && f.indicator === true);
  }

  /** The numeric features with piecewise-linear bins, in feature order (their columns come after the indicators). */
  get binned(): NumericFeature[] {
    return this.state.features.filter((f): f is NumericFeature => f.kind === 'numeric' && f.bins !== undefined);
  }

  /** Encodes a table: x always, y when the table holds the target column. */
  transform(table: Table, options: TransformOptions = {}): Encoded {
    const unknown = checkOneOf('unknown', options.unknown ?? 'error', ['error', 'ignore'] as const);
    const dtype = options.dtype ?? 'float32';
    const columns = this.state.features.map((f) => {
      const column = findColumn(table, f.name);
      if (column === undefined) {
        throw new DataError(
          `${prefix(table)}the data lacks column '${f.name}' that the model needs; its columns are: ${columnNames(table).join(', ')}`,
        );
      }
      return column;
    });
    const n = table.rows;
    const w = this.outputWidth;
    const x = new Matrix(n, w, allocArray(n * w, dtype));
    let offset = 0;
    const featureOffsets = this.state.features.map((f, j) => {
      const at = offset;
      const column = columns[j] as Column;
      if (f.kind === 'numeric') encodeNumeric(table, f, column, x, at);
      else encodeCategorical(table, f, column, x, at, unknown);
      offset += width(f);
      return at;
    });
    this.state.features.forEach((f, j) => {
      if (f.kind !== 'numeric' || f.indicator !== true) return;
      encodeIndicator(table, columns[j] as Column, x, offset++);
    });
    this.state.features.forEach((f, j) => {
      if (f.kind !== 'numeric' || f.bins === undefined) return;
      encodeBins(f.bins, x, featureOffsets[j] as number, offset);
      offset += binCount(f);
    });
    const targetColumn = findColumn(table, this.state.target.name);
    if (targetColumn === undefined) {
      if (options.requireTarget === true) {
        throw new DataError(
          `${prefix(table)}the data lacks the target column '${this.state.target.name}'; its columns are: ${columnNames(table).join(', ')}`,
        );
      }
      return { x };
    }
    return { x, y: this.encodeTarget(table, targetColumn, dtype) };
  }

  /** Regression: standardized predictions back to the target's units (y·std + mean). */
  inverseTransformTarget(y: Matrix | ArrayLike<number>): Float64Array {
    const t = this.state.target;
    if (t.task !== 'regression') throw new ConfigError(`inverseTransformTarget is for regression; this target '${t.name}' is a class label`);
    const data = y instanceof Matrix ? y.data : y;
    const out = new Float64Array(data.length);
    // y = y'·std + mean
    for (let i = 0; i < data.length; i++) out[i] = (data[i] as number) * t.std + t.mean;
    return out;
  }

  /** Classification: class indices back to class names. */
  decodeClasses(indices: ArrayLike<number>): string[] {
    const classes = this.classes;
    if (classes.length === 0) throw new ConfigError(`decodeClasses is for classification; this target '${this.targetName}' is a number`);
    return Array.from(indices, (k) => {
      const name = classes[k];
      if (name === undefined) throw new RangeError(`class index ${k} is outside 0 … ${classes.length - 1}`);
      return name;
    });
  }

  private encodeTarget(table: Table, column: Column, dtype: DType): Matrix {
    const t = this.state.target;
    const n = table.rows;
    const y = new Matrix(n, 1, allocArray(n, dtype));
    if (t.task === 'classification') {
      const index = classIndex(t);
      for (let i = 0; i < n; i++) {
        const text = cellText(column, i);
        if (text === null) throw new DataError(`${describeRow(table, i)}: target column '${t.name}' has a missing value`);
        const k = index.get(text);
        if (k === undefined) {
          throw new DataError(`${describeRow(table, i)}: target column '${t.name}' has the class '${text}' that the model does not know (classes: ${t.classes.join(', ')})`);
        }
        y.data[i] = k;
      }
      return y;
    }
    const cells = new CellReader();
    for (let i = 0; i < n; i++) {
      const v = numberAt(table, column, i, cells);
      if (Number.isNaN(v)) throw new DataError(`${describeRow(table, i)}: target column '${t.name}' has a missing value`);
      // y' = (y − mean) / std
      y.data[i] = (v - t.mean) / t.std;
    }
    return y;
  }
}

function width(f: FeatureSpec): number {
  return f.kind === 'numeric' ? 1 : f.categories.length;
}

/**
 * The piecewise-linear encoding of column `from` of x (already scaled and clipped) into the T
 * columns from `to`: uₜ = (x' − eₜ₋₁)/(eₜ − eₜ₋₁), at least 0 except in the first bin and at most 1
 * except in the last.
 */
function encodeBins(edges: readonly number[], x: Matrix, from: number, to: number): void {
  const { cols, data } = x;
  const last = edges.length - 2;
  for (let i = 0; i < x.rows; i++) {
    const v = data[i * cols + from] as number;
    for (let t = 0; t <= last; t++) {
      const lo = edges[t] as number;
      // uₜ = (x' − eₜ₋₁) / (eₜ − eₜ₋₁)
      let u = (v - lo) / ((edges[t + 1] as number) - lo);
      if (t > 0 && u < 0) u = 0;
      if (t < last && u > 1) u = 1;
      data[i * cols + to + t] = u;
    }
  }
}

function classIndex(t: ClassTarget): Map<string, number> {
  return new Map(t.classes.map((c, k) => [c, k]));
}

/** x[i, offset] = (v − mean) / std, smoothly clipped when the feature says so, filling missing values. */
function encodeNumeric(table: Table, f: NumericFeature, column: Column, x: Matrix, offset: number): void {
  const { cols, data } = x;
  const cells = new CellReader();
  for (let i = 0; i < table.rows; i++) {
    let v = numberAt(table, column, i, cells);
    if (Number.isNaN(v)) {
      if (f.fill === null) throw new DataError(`${describeRow(table, i)}, column '${f.name}': missing value, and the model was trained without imputation`);
      v = f.fill;
    }
    data[i * cols + offset] = scaledValue(f, v);
  }
}

/** x[i, offset] = 1 where the cell is missing, else 0. */
function encodeIndicator(table: Table, column: Column, x: Matrix, offset: number): void {
  const { cols, data } = x;
  const cells = new CellReader();
  for (let i = 0; i < table.rows; i++) data[i * cols + offset] = Number.isNaN(numberAt(table, column, i, cells)) ? 1 : 0;
}

/** The number in one cell (NaN when missing); throws on infinities and on text that is not a number. */
function numberAt(table: Table, column: Column, i: number, cells: CellReader): number {
  if (column.kind === 'numeric') {
    const v = column.values[i] as number;
    if (!Number.isNaN(v) && !Number.isFinite(v)) throw new DataError(`${describeRow(table, i)}, column '${column.name}': ${v} is not a finite number`);
    return v;
  }
  const text = cellText(column, i);
  if (text === null) return Number.NaN;
  const kind = cells.classify(text);
  if (kind === 'number') return cells.value;
  if (kind === 'missing') return Number.NaN;
  throw new DataError(`${describeRow(table, i)}, column '${column.name}': expected a number, got '${text}'`);
}

/** x[i, offset + k] = 1 for the row's category k, else 0 (all zeros for an ignored unknown). */
function encodeCategorical(
  table: Table,
  f: CategoricalFeature,
  column: Column,
  x: Matrix,
  offset: number,
  unknown: 'error' | 'ignore',
): void {
  const { cols, data } = x;
  const index = new Map(f.categories.map((c, k) => [c, k]));
  const fill = f.fill === null ? -1 : (index.get(f.fill) as number);
  // Text columns: translate each of the column's codes once.
  const codeMap = column.kind === 'text' ? column.categories.map((c) => index.get(c) ?? -1) : null;
  for (let i = 0; i < table.rows; i++) {
    let k: number;
    const text = cellText(column, i);
    if (text === null) {
      if (fill < 0) throw new DataError(`${describeRow(table, i)}, column '${f.name}': missing value, and the model was trained without imputation`);
      k = fill;
    } else {
      k = codeMap !== null ? (codeMap[(column as { codes: Int32Array }).codes[i] as number] as number) : (index.get(text) ?? -1);
      if (k < 0) {
        if (unknown === 'ignore') continue;
        throw new DataError(
          `${describeRow(table, i)}, column '${f.name}': unknown category '${text}' (known: ${f.categories.join(', ')}); pass unknown 'ignore' to encode it as all zeros`,
        );
      }
    }
    data[i * cols + offset + k] = 1;
  }
}

function prefix(table: Table): string {
  return table.source === undefined ? '' : `${table.source}: `;
}
