/** Node-only data I/O (the `mlpkit/node` entry): streamed CSV files and the bundled data sets. */
export { openCsvInput, readCsvFile, type CsvInput, type ReadCsvOptions } from './csv-file.js';
export {
  DATASET_NAMES,
  dataPath,
  listDatasets,
  loadDataset,
  type Dataset,
  type DatasetName,
  type LoadDatasetOptions,
} from './datasets.js';
export { loadMnist } from './mnist.js';
export { openRecordSource, tableFormatOf, type RecordChunk, type RecordSource, type RecordSourceOptions } from './record-source.js';
export { readParquetFile } from './parquet.js';
export { RowCache } from './row-cache.js';
export { EncodedTable, scanTable, ScannedTable, type ScanOptions } from './stream-table.js';
