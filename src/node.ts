/**
 * mlpkit/node: the parts that need Node.js — reading CSV files and the bundled data sets.
 * Everything in the main entry is re-exported too, so one import serves a Node program.
 */
export * from './index.js';
export * from './data/node/index.js';

// what the streamed-table API above names: the seeded split, the first-pass statistics, the cell type
export { HashSplit, StreamSummary } from './data/stream/index.js';
export type { HashSplitOptions, RowPart, StreamSummaryOptions, ColumnSummary, NumericSummary, TextSummary, Place, Cell } from './data/stream/index.js';
export type { TableReadOptions } from './data/builder.js';
