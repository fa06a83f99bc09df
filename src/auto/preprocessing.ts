import type { FitOptions, ImputeStrategy } from '../data/index.js';

/** How `train`, `trainTable` and the playground preprocess a table by default (see docs/quality.md). */
export const TABLE_PREPROCESSING = {
  /** numeric columns: median-centred, divided by the interquartile range … */
  scaling: 'robust',
  /** … then smoothly clipped to about ±3 */
  clip: 3,
  /** text columns with more distinct values than this (and than a quarter of the rows) are ids or free text */
  maxCategories: 100,
} as const;

/**
 * The preprocessing options of `train` for a table of `rows` rows: robust scaling with smooth
 * clipping, median imputation with missing-value indicators (`--impute none`: a missing value is
 * an error), and text columns with more than max(20, min(100, rows/4)) distinct values left out.
 */
export function tablePreprocessing(impute: ImputeStrategy, rows: number): Omit<FitOptions, 'target'> {
  return {
    impute,
    markMissing: impute !== 'none',
    scaling: TABLE_PREPROCESSING.scaling,
    clip: TABLE_PREPROCESSING.clip,
    maxCategories: Math.max(20, Math.min(TABLE_PREPROCESSING.maxCategories, Math.floor(rows / 4))),
  };
}

