import { ConfigError } from '../core/errors.js';
import { DataError } from './errors.js';
import type { Column, Table } from './table.js';
import { getColumn } from './table.js';

/** What a model learns to predict: a class, or a number. */
export type Task = 'classification' | 'regression';

/** A summary of one column, enough to choose its encoding and the task. */
export interface ColumnProfile {
  readonly name: string;
  readonly kind: 'numeric' | 'text';
  /** Rows with a missing value. */
  readonly missing: number;
  /** Numeric columns: every present value is an integer. Always false for text. */
  readonly integer: boolean;
  /** Distinct present values, counted up to `limit` (then `limit + 1` means "more"). */
  readonly distinct: number;
}

/** Most distinct integers a numeric target may have to be taken as class labels. */
export const MAX_INFERRED_CLASSES = 20;

/**
 * Profiles a column: kind, missing count, whether its numbers are all integers, and its number of
 * distinct values (counting stops past `limit`, so a million-row float column stays cheap).
 */
export function profileColumn(column: Column, limit = 1000): ColumnProfile {
  if (column.kind === 'text') {
    let missing = 0;
    const used = new Uint8Array(column.categories.length);
    let distinct = 0;
    for (let i = 0; i < column.codes.length; i++) {
      const code = column.codes[i] as number;
      if (code < 0) missing++;
      else if (used[code] === 0) {
        used[code] = 1;
        distinct++;
      }
    }
    return { name: column.name, kind: 'text', missing, integer: false, distinct: Math.min(distinct, limit + 1) };
  }
  let missing = 0;
  let integer = true;
  const seen = new Set<number>();
  for (let i = 0; i < column.values.length; i++) {
    const v = column.values[i] as number;
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    if (integer && !Number.isInteger(v)) integer = false;
    if (seen.size <= limit) seen.add(v);
  }
  return { name: column.name, kind: 'numeric', missing, integer, distinct: seen.size };
}

/**
 * Infers the task from the target column: text → classification; numeric with only integers and
 * at most `maxClasses` (default 20) distinct values, each class having on average two rows or
 * more → classification; anything else → regression. `forced` wins when given (a text target
 * cannot be forced to regression).
 */
export function inferTask(
  table: Table,
  target: string,
  { forced, maxClasses = MAX_INFERRED_CLASSES }: { forced?: Task | 'auto'; maxClasses?: number } = {},
): Task {
  const column = getColumn(table, target, 'target column');
  if (forced === 'regression' && column.kind === 'text') {
    const example = column.categories[0] ?? '';
    throw new DataError(`target column '${target}' holds text (e.g. '${example}'), so the task cannot be regression`);
  }
  if (forced === 'classification' || forced === 'regression') return forced;
  if (forced !== undefined && forced !== 'auto') {
    throw new ConfigError(`task must be one of classification, regression, auto; got '${String(forced)}'`);
  }
  if (column.kind === 'text') return 'classification';
  const p = profileColumn(column, maxClasses);
  const present = table.rows - p.missing;
  return p.integer && p.distinct <= maxClasses && p.distinct * 2 <= present ? 'classification' : 'regression';
}
