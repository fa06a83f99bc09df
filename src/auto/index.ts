/**
 * Good default training on a table, shared by the CLI (`train`, `cv`, `tune`) and the playground:
 * the default settings sized by the table's shape, the default preprocessing, best-epoch
 * selection, k-fold splits and the baselines. Measured in docs/quality.md.
 */
export { defaultSettings, linearSettings, type DataShape, type TrainSettings } from './settings.js';
export { tablePreprocessing, TABLE_PREPROCESSING } from './preprocessing.js';
export { buildNetwork, trainNetwork, type TrainNetworkOptions, type TrainedNetwork } from './train-network.js';
export { mergeEnsemble } from './ensemble.js';
export { keepBestEpoch, type KeptEpoch } from './keep-best.js';
export { kFolds, type Fold } from './folds.js';
export { trainLinear, trivialPrediction } from './baseline.js';
