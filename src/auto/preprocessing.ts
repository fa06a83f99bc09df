import type { FitOptions, ImputeStrategy, Table } from '../data/index.js';

/** How `train`, `cv` and `tune` preprocess a table by default (see docs/quality.md). */
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
  /** … none unless the table has at least this many rows per input column … */
  minRowsPerColumn: 50,
  /** … and fewer where the columns with their bins would exceed this many inputs … */
  maxInputs: 256,
  /** … or the table this many values (2²⁵: 128 MiB of float32 per encoded copy; train holds a few) */
  maxValues: 2 ** 25,
} as const;

/**
 * Piecewise-linear bins per numeric column for a table of `rows` rows and `columns` input columns:
 * ⌊rows/500⌋, at most 16, at most 256/columns − 1 (inputs) and 2²⁵/(rows·columns) − 1 (memory);
 * 0 when that leaves fewer than 2 or the table has fewer than 50 rows per column.
 */
export function binsFor(rows: number, columns: number): number {
  const p = TABLE_PREPROCESSING;
  const c = Math.max(1, columns);
  // bins = min(16, ⌊rows/500⌋, ⌊256/columns⌋ − 1, ⌊2²⁵/(rows·columns)⌋ − 1)
  const bins = Math.min(p.maxBins, Math.floor(rows / p.rowsPerBin), Math.floor(p.maxInputs / c) - 1, Math.floor(p.maxValues / (Math.max(1, rows) * c)) - 1);
  return bins >= 2 && rows >= p.minRowsPerColumn * c ? bins : 0;
}

/**
 * The preprocessing options of `train` for a table (its rows, and its columns but the target and
 * `drop`):
 * robust scaling with smooth clipping, median imputation with missing-value indicators
 * (`--impute none`: a missing value is an error), text columns with more than
 * max(20, min(100, rows/4)) distinct values left out, and piecewise-linear bins per numeric
 * column as `binsFor` sizes them. A linear model (`layers` given and empty: no hidden layer)
 * gets no bins: it stays linear in the table's columns, its weights theirs.
 */
export function tablePreprocessing(impute: ImputeStrategy, table: Table, drop: readonly string[] = [], layers?: readonly unknown[]): Omit<FitOptions, 'target'> {
  const p = TABLE_PREPROCESSING;
  const rows = table.rows;
  const bins = layers?.length === 0 ? 0 : binsFor(rows, table.columns.filter((c) => !drop.includes(c.name)).length - 1);
  return {
    impute,
    markMissing: impute !== 'none',
    scaling: p.scaling,
    clip: p.clip,
    maxCategories: Math.max(20, Math.min(p.maxCategories, Math.floor(rows / 4))),
    ...(bins > 0 ? { bins } : {}),
  };
}

