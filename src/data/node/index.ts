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
