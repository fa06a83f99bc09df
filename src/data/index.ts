/**
 * The browser-safe data layer: tables, typing, CSV text parsing, preprocessing, splits and
 * synthetic data sets. Nothing here imports `node:`; file reading and bundled data sets live in
 * `./node/` (the `mlpkit/node` entry).
 */
export { DataError } from './errors.js';
export {
  cellText,
  columnFromArray,
  columnNames,
  describeRow,
  findColumn,
  getColumn,
  makeTable,
  selectRows,
  tableFromArrays,
  type Column,
  type ColumnInput,
  type NumericColumn,
  type Table,
  type TextColumn,
} from './table.js';
export { CellReader, DEFAULT_MISSING, type Cell, type CellKind } from './cells.js';
export { TableBuilder, checkHeader, type DeclaredType, type TableReadOptions } from './builder.js';
export { parseCsv, csvRecords, type CsvRecord, type ParseCsvOptions } from './csv.js';
export { DELIMITERS, sniffDelimiter, type CsvLimits, type Delimiter } from './sniff.js';
export { inferTask, profileColumn, MAX_INFERRED_CLASSES, type ColumnProfile, type Task } from './infer.js';
export { Preprocessor, type Encoded, type TransformOptions } from './preprocess.js';
export type { FitOptions } from './fit.js';
export {
  binCount,
  IMPUTE_STRATEGIES,
  parsePreprocessorState,
  type CategoricalFeature,
  type DroppedColumn,
  type ClassTarget,
  type FeatureSpec,
  type ImputeStrategy,
  type NumericFeature,
  type PreprocessorState,
  type RegressionTarget,
  type TargetSpec,
} from './preprocess-schema.js';
export { trainTestSplit, takeRows, type Split, type SplitOptions } from './split.js';
export {
  SYNTHETIC_CLASSIFICATION,
  SYNTHETIC_CLASS_TARGET,
  SYNTHETIC_FEATURES,
  SYNTHETIC_GENERATORS,
  SYNTHETIC_REGRESSION,
  SYNTHETIC_VALUE_TARGET,
  bumps,
  circle,
  gauss,
  plane,
  spiral,
  xor,
  type SyntheticName,
  type SyntheticOptions,
} from './synthetic.js';
