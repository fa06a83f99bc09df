import { checkOneOf } from '../core/checks.js';
import { ConfigError } from '../core/errors.js';
import { DataError } from './errors.js';
import { inferTask, type Task } from './infer.js';
import {
  IMPUTE_STRATEGIES,
  MAX_BINS,
  scaledValue,
  type CategoricalFeature,
  type DroppedColumn,
  type FeatureSpec,
  type ImputeStrategy,
  type NumericFeature,
  type PreprocessorState,
  type TargetSpec,
} from './preprocess-schema.js';
import { compareStrings, countCodes, meanOf, medianOf, modeOf, quantileOfSorted, stdOf } from './stats.js';
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
  /** Numeric scaling: 'standard' (mean and standard deviation; default) or 'robust' (median and interquartile range). */
  readonly scaling?: 'standard' | 'robust';
  /** Bound c of the smooth clipping x ↦ x/√(1 + (x/c)²) after scaling (default: none). */
  readonly clip?: number;
  /**
   * With imputation, mark missing values (default false): a numeric column with any missing value
   * gets a 0/1 indicator column, and a text column's missing cells become a level of their own
   * instead of the most frequent category.
   */
  readonly markMissing?: boolean;
  /** Text columns with more distinct values than this are left out and listed in `dropped` (default: no limit). */
  readonly maxCategories?: number;
  /**
   * Piecewise-linear bins per numeric column (default 0: none): each column of more than two
   * distinct values also gets up to this many columns, one per quantile bin of its encoded values
   * (see `NumericFeature.bins`; fewer where quantiles coincide).
   */
  readonly bins?: number;
}

/** The numeric options of one fit, resolved. */
interface FeatureRules {
  readonly impute: ImputeStrategy;
  readonly scaling: 'standard' | 'robust';
  readonly clip: number | null;
  readonly markMissing: boolean;
  readonly bins: number;
}

/** Fits every feature's encoding and the target's encoding on `table`. */
export function fitState(table: Table, options: FitOptions): PreprocessorState {
  const impute = checkOneOf('impute', options.impute ?? 'none', IMPUTE_STRATEGIES);
  const targetColumn = getColumn(table, options.target, 'target column');
  const task = inferTask(table, options.target, options.task === undefined ? {} : { forced: options.task });
  const scaling = checkOneOf('scaling', options.scaling ?? 'standard', ['standard', 'robust'] as const);
  const clip = options.clip ?? null;
  if (clip !== null && !(Number.isFinite(clip) && clip > 0)) throw new ConfigError(`clip must be a number > 0, got ${clip}`);
  const bins = options.bins ?? 0;
  if (!(Number.isInteger(bins) && bins >= 0 && bins <= MAX_BINS)) throw new ConfigError(`bins must be a whole number from 0 to ${MAX_BINS}, got ${bins}`);
  const rules: FeatureRules = { impute, scaling, clip, markMissing: options.markMissing === true && impute !== 'none', bins };
  const maxCategories = options.maxCategories ?? Infinity;
  const dropped: DroppedColumn[] = [];
  const columns = chooseFeatures(table, options).filter((c) => {
    if (c.kind !== 'text') return true;
    const levels = distinctLevels(c);
    if (levels <= maxCategories) return true;
    dropped.push({ name: c.name, reason: `${levels} distinct values (more than ${maxCategories}): an id or free text, not a category` });
    return false;
  });
  if (columns.length === 0) throw new DataError(`no feature columns left: ${dropped.map((d) => `'${d.name}' has ${d.reason}`).join('; ')}`);
  const features = columns.map((c) => fitFeature(table, c, rules));
  const state: PreprocessorState = { format: 'mlpkit-preprocessor', version: 1, impute, features, target: fitTarget(table, targetColumn, task) };
  return dropped.length === 0 ? state : { ...state, dropped };
}

/** Distinct present values of a text column. */
function distinctLevels(c: TextColumn): number {
  const counts = countCodes(c.codes, c.categories.length);
  let n = 0;
  for (let k = 0; k < counts.length; k++) if ((counts[k] as number) > 0) n++;
  return n;
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

function fitFeature(table: Table, column: Column, rules: FeatureRules): FeatureSpec {
  return column.kind === 'numeric' ? fitNumeric(table, column, rules) : fitCategorical(table, column, rules);
}

function fitNumeric(table: Table, column: NumericColumn, rules: FeatureRules): NumericFeature {
  const { impute } = rules;
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
  const extra = {
    ...(rules.scaling === 'robust' ? { scaling: 'robust' as const } : {}),
    ...(rules.clip === null ? {} : { clip: rules.clip }),
    ...(rules.markMissing && missing > 0 ? { indicator: true } : {}),
  };
  let feature: NumericFeature;
  if (rules.scaling === 'robust') {
    // centre: the median; spread: q¾ − q¼, else ½(max − min) for a column mostly of one value, else 1
    const sorted = Float64Array.from(filled).sort();
    const iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
    const halfRange = ((sorted[sorted.length - 1] as number) - (sorted[0] as number)) / 2;
    feature = { name, kind: 'numeric', mean: quantileOfSorted(sorted, 0.5), std: iqr > 0 ? iqr : halfRange > 0 ? halfRange : 1, fill, ...extra };
  } else {
    const mean = meanOf(filled);
    const std = stdOf(filled, mean);
    feature = { name, kind: 'numeric', mean, std: std > 0 ? std : 1, fill, ...extra };
  }
  const edges = rules.bins >= 2 ? binEdges(filled, feature, rules.bins) : null;
  return edges === null ? feature : { ...feature, bins: edges };
}

/**
 * The edges of up to `bins` quantile bins of the column's encoded values x' (the q = t/bins
 * quantiles, t = 0 … bins, repeated ones merged), or null for a column of two or fewer distinct
 * values or when fewer than two bins remain.
 */
function binEdges(values: ArrayLike<number>, f: NumericFeature, bins: number): number[] | null {
  const sorted = Float64Array.from(values, (v) => scaledValue(f, v)).sort();
  let distinct = 1;
  for (let i = 1; i < sorted.length && distinct <= 2; i++) if ((sorted[i] as number) > (sorted[i - 1] as number)) distinct++;
  if (distinct <= 2) return null;
  const edges: number[] = [];
  for (let t = 0; t <= bins; t++) {
    const q = quantileOfSorted(sorted, t / bins);
    if (edges.length === 0 || q > (edges[edges.length - 1] as number)) edges.push(q);
  }
  return edges.length >= 3 ? edges : null;
}

function fitCategorical(table: Table, column: TextColumn, rules: FeatureRules): CategoricalFeature {
  const { impute } = rules;
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
  if (rules.markMissing && missing > 0) {
    // missing is a level of its own: '' (an empty cell is never a category), sorted first
    return { name: column.name, kind: 'categorical', categories: ['', ...categories], fill: '' };
  }
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
