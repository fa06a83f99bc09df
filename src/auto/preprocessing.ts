import type { FitOptions, ImputeStrategy, Table } from '../data/index.js';

/** How `train`, `trainTable` and the playground preprocess a table by default (see docs/quality.md). */
export const TABLE_PREPROCESSING = {
  /** numeric columns: median-centred, divided by the interquartile range … */
  scaling: 'robust',
  /** … then smoothly clipped to about ±3 */
  clip: 3,
  /** text columns with more distinct values than this (and than a quarter of the rows) are ids or free text */
  maxCategories: 100,
  /** piecewise-linear bins per numeric column: one per this many rows … */
  rowsPerBin: 500,
  /** … at most this many … */
  maxBins: 16,
  /** … and none unless the table has at least this many rows per input column */
  minRowsPerColumn: 50,
} as const;

/**
 * The preprocessing options of `train` for a table (its rows, and its columns but the target and
 * `drop`):
 * robust scaling with smooth clipping, median imputation with missing-value indicators
 * (`--impute none`: a missing value is an error), text columns with more than
 * max(20, min(100, rows/4)) distinct values left out, and ⌊rows/500⌋ piecewise-linear bins per
 * numeric column (at most 16; none below 2, or with fewer than 50 rows per column). A `linear`
 * model (no hidden layer) gets no bins: it stays linear in the table's columns, its weights theirs.
 */
export function tablePreprocessing(impute: ImputeStrategy, table: Table, drop: readonly string[] = [], model: 'network' | 'linear' = 'network'): Omit<FitOptions, 'target'> {
  const p = TABLE_PREPROCESSING;
  const rows = table.rows;
  const columns = table.columns.filter((c) => !drop.includes(c.name)).length - 1;
  // bins = ⌊rows / 500⌋, at most 16, none when < 2 or when rows < 50 · columns
  const bins = Math.min(p.maxBins, Math.floor(rows / p.rowsPerBin));
  return {
    impute,
    markMissing: impute !== 'none',
    scaling: p.scaling,
    clip: p.clip,
    maxCategories: Math.max(20, Math.min(p.maxCategories, Math.floor(rows / 4))),
    ...(model === 'network' && bins >= 2 && rows >= p.minRowsPerColumn * columns ? { bins } : {}),
  };
}

