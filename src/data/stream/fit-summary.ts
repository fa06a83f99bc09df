import { checkOneOf } from '../../core/checks.js';
import { ConfigError } from '../../core/errors.js';
import { DataError } from '../errors.js';
import type { FitOptions } from '../fit.js';
import { MAX_INFERRED_CLASSES, type Task } from '../infer.js';
import {
  IMPUTE_STRATEGIES,
  type CategoricalFeature,
  type FeatureSpec,
  type ImputeStrategy,
  type NumericFeature,
  type PreprocessorState,
  type TargetSpec,
} from '../preprocess-schema.js';
import { compareStrings } from '../stats.js';
import type { ColumnSummary, NumericSummary, Place, StreamSummary, TextSummary } from './summary.js';

/**
 * The preprocessing fitted from a streaming first pass: the same state `Preprocessor.fit` gives on
 * the fitted rows held in memory (and checked against it in test/scale/), with two differences
 * the summary forces:
 * - a median (for `impute: 'median'`) comes from the column's quantile sample, so it is exact up
 *   to `sketchSize` values and approximate (rank error ≈ 1/√sketchSize) beyond;
 * - `most-frequent` on a numeric column needs the counts of its values, kept up to
 *   `DISTINCT_LIMIT` distinct ones; a column with more is refused with a message.
 */
export function fitSummaryState(summary: StreamSummary, options: FitOptions): PreprocessorState {
  const impute = checkOneOf('impute', options.impute ?? 'none', IMPUTE_STRATEGIES);
  const columns = summary.summaries();
  const source = summary.source;
  const byName = new Map(columns.map((c) => [c.name, c]));
  const find = (name: string, role: string): ColumnSummary => {
    const c = byName.get(name);
    if (c === undefined) throw new DataError(`${source}: no ${role} '${name}'; the columns are: ${columns.map((x) => x.name).join(', ')}`);
    return c;
  };
  const target = find(options.target, 'target column');
  const task = inferSummaryTask(target, options.task, source);
  const drop = options.drop ?? [];
  let names: readonly string[];
  if (options.features !== undefined) {
    names = options.features;
    for (const f of names) if (f === options.target) throw new DataError(`column '${f}' cannot be both the target and a feature`);
  } else {
    names = columns.map((c) => c.name).filter((n) => n !== options.target && !drop.includes(n));
  }
  if (names.length === 0) throw new DataError(`${source}: no feature columns left; target '${options.target}', dropped ${drop.join(', ') || 'none'}`);
  const features = names.map((n) => fitFeature(find(n, 'feature column'), impute, source));
  return { format: 'mlpkit-preprocessor', version: 1, impute, features, target: fitTarget(target, task, source) };
}

/** `inferTask`'s rule on a summary: text → classification; integers with ≤ 20 distinct values, each seen twice on average → classification. */
export function inferSummaryTask(column: ColumnSummary, forced: Task | 'auto' | undefined, source: string): Task {
  if (forced === 'regression' && column.kind === 'text') {
    throw new DataError(`target column '${column.name}' holds text (e.g. '${column.categories[0] ?? ''}'), so the task cannot be regression`);
  }
  if (forced === 'classification' || forced === 'regression') return forced;
  if (forced !== undefined && forced !== 'auto') throw new ConfigError(`task must be one of classification, regression, auto; got '${String(forced)}'`);
  if (column.kind === 'text') return 'classification';
  void source;
  const distinct = column.counts?.size ?? Infinity;
  return column.integer && distinct <= MAX_INFERRED_CLASSES && distinct * 2 <= column.present ? 'classification' : 'regression';
}

function fitFeature(column: ColumnSummary, impute: ImputeStrategy, source: string): FeatureSpec {
  if (column.present === 0) throw new DataError(`${source}: column '${column.name}' has no values (all ${column.missing} missing); drop it`);
  if (column.missing > 0 && impute === 'none') throw missingError(source, column.name, column.missing, column.firstMissing as Place);
  return column.kind === 'numeric' ? fitNumeric(column, impute, source) : fitCategorical(column, impute);
}

function fitNumeric(c: NumericSummary, impute: ImputeStrategy, source: string): NumericFeature {
  let fill: number | null = null;
  if (impute === 'mean') fill = c.mean;
  else if (impute === 'median') fill = medianOfSorted(c.sample);
  else if (impute === 'most-frequent') {
    if (c.counts === null) {
      throw new DataError(`${source}: column '${c.name}' has too many distinct numbers for most-frequent imputation from a stream; use --impute mean or median`);
    }
    fill = modeOfCounts(c.counts);
  }
  // Statistics of the imputed column (impute, then standardize), from those of the present values:
  //   N = n + m,  mean' = (n·mean + m·f)/N,  M2' = M2 + n·(mean − mean')² + m·(f − mean')²,  std = √(M2'/N)
  const n = c.present;
  const m = fill === null ? 0 : c.missing;
  const f = fill ?? 0;
  const total = n + m;
  const mean = m === 0 ? c.mean : (n * c.mean + m * f) / total;
  const m2 = m === 0 ? c.m2 : c.m2 + n * (c.mean - mean) ** 2 + m * (f - mean) ** 2;
  const std = Math.sqrt(m2 / total);
  return { name: c.name, kind: 'numeric', mean, std: std > 0 ? std : 1, fill };
}

function fitCategorical(c: TextSummary, impute: ImputeStrategy): CategoricalFeature {
  const present = c.categories.filter((_, k) => (c.counts[k] as number) > 0);
  const categories = [...present].sort(compareStrings);
  // text columns are filled with their most frequent category (the first in sorted order among ties)
  let fill: string | null = null;
  if (impute !== 'none') {
    const count = new Map(c.categories.map((name, k) => [name, c.counts[k] as number]));
    let best = -1;
    for (const name of categories) {
      const n = count.get(name) as number;
      if (n > best) {
        best = n;
        fill = name;
      }
    }
  }
  return { name: c.name, kind: 'categorical', categories, fill };
}

function fitTarget(c: ColumnSummary, task: Task, source: string): TargetSpec {
  if (c.firstMissing !== null) throw new DataError(`${source}: line ${c.firstMissing.line}: target column '${c.name}' has a missing value; remove that row`);
  if (task === 'regression') {
    if (c.kind !== 'numeric') throw new DataError(`target column '${c.name}' holds text, so the task cannot be regression`);
    const std = Math.sqrt(c.m2 / c.present);
    return { name: c.name, task, mean: c.mean, std: std > 0 ? std : 1 };
  }
  let classes: string[];
  if (c.kind === 'numeric') {
    if (c.counts === null) throw new DataError(`${source}: target column '${c.name}' has more than 10,000 distinct numbers; use --task regression`);
    classes = [...c.counts.keys()].sort((a, b) => a - b).map(String);
  } else {
    classes = c.categories.filter((_, k) => (c.counts[k] as number) > 0).sort(compareStrings);
  }
  if (classes.length < 2) throw new DataError(`${source}: target column '${c.name}' has a single class '${classes[0]}'; classification needs at least two`);
  return { name: c.name, task, classes };
}

/** Median of ascending values (mean of the two middle ones for an even count), as `medianOf`. */
function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Most frequent value, the smallest among ties (as `modeOf`). */
function modeOfCounts(counts: ReadonlyMap<number, number>): number {
  let best = Number.NaN;
  let bestCount = 0;
  for (const [v, n] of counts) {
    if (n > bestCount || (n === bestCount && v < best)) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

function missingError(source: string, name: string, missing: number, first: Place): DataError {
  return new DataError(
    `${source}: line ${first.line}, column '${name}': missing value (${missing} in this column); choose impute mean, median or most-frequent, or drop the column`,
  );
}
