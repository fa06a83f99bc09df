import { readFile, stat } from 'node:fs/promises';
import { loadModel, ModelFormatError, serializeModel, type BackendName, type DType, type Model } from '../index.js';
import { Preprocessor, type PreprocessorState } from '../data/index.js';
import { CliError, EXIT } from './errors.js';
import { describeIoError, writeFileAtomic } from './files.js';

/** One epoch of the training history kept in the model file (for resumed curves and plots). */
export interface HistoryPoint {
  epoch: number;
  cost: number;
  valCost: number | null;
  /** the main metric: accuracy (classification) or R² (regression), training rows */
  metric: number | null;
  valMetric: number | null;
}

/**
 * What `mlpkit train` stores in the model file's `metadata` (see docs/cli.md):
 * - `preprocessor`: the fitted preprocessing (Preprocessor.toJSON), so evaluate/predict/explain
 *   encode new rows exactly as the training rows were;
 * - `training`: where the data came from, the held-out split, the history and the test scores.
 */
export interface CliMetadata {
  preprocessor: PreprocessorState;
  training?: TrainingRecord;
  [key: string]: unknown;
}

export interface TrainingRecord {
  /** file path or "dataset:NAME" */
  source: string;
  /** share of rows held out as a test set, and the seed that drew them */
  testSplit: number;
  seed: number;
  /** name of the main metric in `history` */
  metric: 'accuracy' | 'r2';
  history: HistoryPoint[];
  /** held-out test scores after the last training run */
  test: Record<string, number> | null;
}

/** A model file read back: the network, its preprocessing and its metadata. */
export interface ModelFile {
  path: string;
  model: Model;
  preprocessor: Preprocessor;
  metadata: CliMetadata;
}

/**
 * Reads and validates a model file. Every problem is a CliError with exit code 4 naming the file:
 * unreadable, not JSON, not an mlpkit model, a newer format version, malformed, no preprocessing,
 * or preprocessing that does not match the network's input width.
 */
export async function readModelFile(path: string, options: { backend?: BackendName; dtype?: DType } = {}): Promise<ModelFile> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot read the model file: ${describeIoError(e)}`, EXIT.model);
  }
  let loaded;
  try {
    loaded = loadModel(text, {
      ...(options.backend === undefined ? {} : { backend: options.backend }),
      ...(options.dtype === undefined ? {} : { dtype: options.dtype }),
    });
  } catch (e) {
    if (e instanceof ModelFormatError) throw new CliError(`${path}: ${e.message}`, EXIT.model);
    throw e;
  }
  const raw = loaded.metadata.preprocessor;
  if (raw === undefined) {
    throw new CliError(`${path}: the model file has no preprocessing (metadata.preprocessor); save models with 'mlpkit train'`, EXIT.model);
  }
  let preprocessor: Preprocessor;
  try {
    preprocessor = Preprocessor.fromJSON(raw);
  } catch (e) {
    throw new CliError(`${path}: metadata.preprocessor: ${(e as Error).message}`, EXIT.model);
  }
  if (preprocessor.outputWidth !== loaded.model.inputs) {
    throw new CliError(
      `${path}: the preprocessing produces ${preprocessor.outputWidth} inputs but the network takes ${loaded.model.inputs}`,
      EXIT.model,
    );
  }
  const expectedOutputs = preprocessor.task === 'classification' ? preprocessor.classes.length : 1;
  const outputs = loaded.model.outputs;
  if (outputs !== expectedOutputs && !(preprocessor.task === 'classification' && expectedOutputs === 2 && outputs === 1)) {
    throw new CliError(`${path}: the network has ${outputs} outputs but the target '${preprocessor.targetName}' needs ${expectedOutputs}`, EXIT.model);
  }
  return { path, model: loaded.model, preprocessor, metadata: loaded.metadata as CliMetadata };
}

/** Saves the model with its metadata (optimizer state included, for --resume), atomically. */
export async function writeModelFile(path: string, model: Model, metadata: CliMetadata): Promise<void> {
  await writeFileAtomic(path, serializeModel(model, { metadata }));
}
