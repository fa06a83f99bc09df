import { checkOneOf } from '../core/checks.js';
import { DataError } from './errors.js';
import { inferTask, type Task } from './infer.js';
import {
  IMPUTE_STRATEGIES,
  type CategoricalFeature,
  type FeatureSpec,
  type ImputeStrategy,
  type NumericFeature,
  type PreprocessorState,
  type TargetSpec,
} from './preprocess-schema.js';
import { compareStrings, countCodes, meanOf, medianOf, modeOf, stdOf } from './stats.js';
import { columnNames, describeRow, getColumn, type Column, type NumericColumn, type Table, type TextColumn } from './table.js';

/** Options of `Preprocessor.fit`. */
export interface FitOptions {
  /** The column to predict. */
  readonly target: string;
  /** Columns to ignore (ids, leaks). */
  readonly drop?: readonly string[];
  /** Input columns to use, in this order (default: every column but the target and `drop`). */
  readonly features?: readonly string[];
  /** How to fill missing feature values (default 'none': a missing value is an error). */
  readonly impute?: ImputeStrategy;
  /** The task; inferred from the target column when 'auto' or absent (see `inferTask`). */
  readonly task?: Task | 'auto';
}

/** Fits every feature's encoding and the target's encoding on `table`. */
export function fitState(table: Table, options: FitOptions): PreprocessorState {
  const impute = checkOneOf('impute', options.impute ?? 'none', IMPUTE_STRATEGIES);
  const targetColumn = getColumn(table, options.target, 'target column');
  const task = inferTask(table, options.target, options.task === undefined ? {} : { forced: options.task });
  const features = chooseFeatures(table, options).map((c) => fitFeature(table, c, impute));
  return { format: 'mlpkit-preprocessor', version: 1, impute, features, target: fitTarget(table, targetColumn, task) };
}

function chooseFeatures(table: Table, options: FitOptions): Column[] {
  const drop = options.drop ?? [];
  for (const d of drop) getColumn(table, d, 'column to drop');
  let names: readonly string[];
  if (options.features !== undefined) {
    names = options.features;
    for (const f of names) {
      if (f === options.target) throw new DataError(`column '${f}' cannot be both the target and a feature`);
    }
  } else {
    names = columnNames(table).filter((c) => c !== options.target && !drop.includes(c));
  }
  if (names.length === 0) {
    throw new DataError(`no feature columns left: the table has ${columnNames(table).join(', ')}; target '${options.target}', dropped ${drop.join(', ') || 'none'}`);
  }
  return names.map((n) => getColumn(table, n, 'feature column'));
}

function fitFeature(table: Table, column: Column, impute: ImputeStrategy): FeatureSpec {
  return column.kind === 'numeric' ? fitNumeric(table, column, impute) : fitCategorical(table, column, impute);
}

function fitNumeric(table: Table, column: NumericColumn, impute: ImputeStrategy): NumericFeature {
  const { values, name } = column;
  let firstMissing = -1;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      if (firstMissing < 0) firstMissing = i;
      missing++;
    } else if (!Number.isFinite(v)) {
      throw new DataError(`${describeRow(table, i)}, column '${name}': ${v} is not a finite number`);
    }
  }
  if (missing === values.length) throw new DataError(`${prefix(table)}column '${name}' has no values (all ${missing} missing); drop it`);
  if (missing > 0 && impute === 'none') throw missingError(table, name, missing, firstMissing);
  let fill: number | null = null;
  if (impute !== 'none') fill = impute === 'mean' ? meanOf(values) : impute === 'median' ? medianOf(values) : modeOf(values);
  // Scale the imputed column (impute, then standardize: scikit-learn's SimpleImputer → StandardScaler).
  const filled = fill === null || missing === 0 ? values : values.map((v) => (Number.isNaN(v) ? (fill as number) : v));
  const mean = meanOf(filled);
  const std = stdOf(filled, mean);
  return { name, kind: 'numeric', mean, std: std > 0 ? std : 1, fill };
}

function fitCategorical(table: Table, column: TextColumn, impute: ImputeStrategy): CategoricalFeature {
  const counts = countCodes(column.codes, column.categories.length);
  let firstMissing = -1;
  let missing = 0;
  for (let i = 0; i < column.codes.length; i++) {
    if ((column.codes[i] as number) < 0) {
      if (firstMissing < 0) firstMissing = i;
      missing++;
    }
  }
  const present = column.categories.filter((_, k) => (counts[k] as number) > 0);
  if (present.length === 0) throw new DataError(`${prefix(table)}column '${column.name}' has no values (all ${missing} missing); drop it`);
  if (missing > 0 && impute === 'none') throw missingError(table, column.name, missing, firstMissing);
  const categories = [...present].sort(compareStrings);
  // Text columns are filled with their most frequent category whatever the strategy (no mean of words).
  let fill: string | null = null;
  if (impute !== 'none') {
    let best = -1;
    for (const c of categories) {
      const k = column.categories.indexOf(c);
      if ((counts[k] as number) > best) {
        best = counts[k] as number;
        fill = c;
      }
    }
  }
  return { name: column.name, kind: 'categorical', categories, fill };
}

function fitTarget(table: Table, column: Column, task: Task): TargetSpec {
  const name = column.name;
  for (let i = 0; i < table.rows; i++) {
    const missing = column.kind === 'numeric' ? Number.isNaN(column.values[i] as number) : (column.codes[i] as number) < 0;
    if (missing) throw new DataError(`${describeRow(table, i)}: target column '${name}' has a missing value; remove that row`);
    if (column.kind === 'numeric' && !Number.isFinite(column.values[i] as number)) {
      throw new DataError(`${describeRow(table, i)}: target column '${name}' holds ${column.values[i]}, not a finite number`);
    }
  }
  if (task === 'regression') {
    const values = (column as NumericColumn).values;
    const mean = meanOf(values);
    const std = stdOf(values, mean);
    return { name, task, mean, std: std > 0 ? std : 1 };
  }
  let classes: string[];
  if (column.kind === 'numeric') {
    classes = [...new Set(column.values)].sort((a, b) => a - b).map(String);
  } else {
    const counts = countCodes(column.codes, column.categories.length);
    classes = column.categories.filter((_, k) => (counts[k] as number) > 0).sort(compareStrings);
  }
  if (classes.length < 2) {
    throw new DataError(`${prefix(table)}target column '${name}' has a single class '${classes[0]}'; classification needs at least two`);
  }
  return { name, task, classes };
}

function missingError(table: Table, name: string, missing: number, first: number): DataError {
  return new DataError(
    `${describeRow(table, first)}, column '${name}': missing value (${missing} in this column); choose impute mean, median or most-frequent, or drop the column`,
  );
}

function prefix(table: Table): string {
  return table.source === undefined ? '' : `${table.source}: `;
}
