/**
 * Streaming building blocks (browser-safe, no `node:` imports): the first pass that fits the
 * preprocessing from running statistics, the seeded hash split, the shuffle buffer, and the
 * decoding of stored rows back into small tables. File readers live in `../node/`.
 */
export { HashSplit, hashIndex, type HashSplitOptions, type RowPart } from './hash-split.js';
export { ShuffleBuffer } from './shuffle-buffer.js';
export {
  DISTINCT_LIMIT,
  StreamSummary,
  type Cell,
  type ColumnSummary,
  type NumericSummary,
  type Place,
  type StreamSummaryOptions,
  type TextSummary,
} from './summary.js';
export { fitSummaryState, inferSummaryTask } from './fit-summary.js';
export { StoredRowDecoder } from './decode.js';
