import { readFile, stat } from 'node:fs/promises';
import { loadModel, ModelFormatError, serializeModel, type BackendName, type DType, type Matrix, type Model } from '../index.js';
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

/** A model file whose preprocessing may be absent (models saved from the API): what `export` reads. */
export interface AnyModelFile extends Omit<ModelFile, 'preprocessor'> {
  preprocessor: Preprocessor | null;
}

/**
 * Reads and validates a model file, all of it, before anything uses it. Every problem is a
 * CliError with exit code 4 naming the file and the JSON path: unreadable, not JSON (a leading
 * byte-order mark is fine), nested too deep, not an mlpkit model, a newer format version,
 * malformed or out-of-range values, no preprocessing, preprocessing that does not match the
 * network, or a malformed training record (what `--resume` continues).
 */
export async function readModelFile(path: string, options: { backend?: BackendName; dtype?: DType } = {}): Promise<ModelFile> {
  const file = await readAnyModelFile(path, options);
  if (file.preprocessor === null) {
    throw new CliError(`${path}: the model file has no preprocessing (metadata.preprocessor); save models with 'mlpkit train'`, EXIT.model);
  }
  return { ...file, preprocessor: file.preprocessor };
}

/** As `readModelFile`, but a model without preprocessing is accepted (its preprocessor is null). */
export async function readAnyModelFile(path: string, options: { backend?: BackendName; dtype?: DType } = {}): Promise<AnyModelFile> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.size > MAX_MODEL_FILE_BYTES) {
      throw new CliError(`${path}: the model file is ${mib(info.size)}, over the ${mib(MAX_MODEL_FILE_BYTES)} a model file may have`, EXIT.model);
    }
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
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
  const metadata = loaded.metadata as CliMetadata;
  if (metadata.training !== undefined) {
    const problem = trainingRecordProblem(metadata.training);
    if (problem !== null) throw new CliError(`${path}: invalid model file at metadata.training${problem}`, EXIT.model);
  }
  const raw = metadata.preprocessor;
  if (raw === undefined) return { path, model: loaded.model, preprocessor: null, metadata };
  let preprocessor: Preprocessor;
  try {
    preprocessor = Preprocessor.fromJSON(raw);
  } catch (e) {
    throw new CliError(`${path}: invalid model file at metadata.preprocessor: ${(e as Error).message}`, EXIT.model);
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
  return { path, model: loaded.model, preprocessor, metadata };
}

/**
 * Largest model file read (1 GiB): JavaScript strings stop near 512 M characters, and parsing
 * a file takes several times its size in memory.
 */
export const MAX_MODEL_FILE_BYTES = 1 << 30;

function mib(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(bytes < 1 << 20 ? 2 : 0)} MiB`;
}

/** What is wrong with a training record (a JSON path suffix and the problem), or null. */
export function trainingRecordProblem(raw: unknown): string | null {
  if (!isObject(raw)) return `: expected an object, got ${kindOf(raw)}`;
  if (typeof raw.source !== 'string') return `.source: expected a string, got ${kindOf(raw.source)}`;
  if (!(typeof raw.testSplit === 'number' && raw.testSplit >= 0 && raw.testSplit < 1)) return `.testSplit: expected a fraction from 0 up to 1, got ${kindOf(raw.testSplit)}`;
  if (!(typeof raw.seed === 'number' && Number.isInteger(raw.seed) && raw.seed >= 0 && raw.seed <= 0xffffffff)) return `.seed: expected a whole number from 0 to 4294967295, got ${kindOf(raw.seed)}`;
  if (raw.metric !== 'accuracy' && raw.metric !== 'r2') return `.metric: expected "accuracy" or "r2", got ${kindOf(raw.metric)}`;
  if (!Array.isArray(raw.history)) return `.history: expected an array, got ${kindOf(raw.history)}`;
  for (let i = 0; i < raw.history.length; i++) {
    const p: unknown = raw.history[i];
    const at = `.history[${i}]`;
    if (!isObject(p)) return `${at}: expected an object, got ${kindOf(p)}`;
    if (!(typeof p.epoch === 'number' && Number.isInteger(p.epoch) && p.epoch >= 0)) return `${at}.epoch: expected a whole number ≥ 0, got ${kindOf(p.epoch)}`;
    if (!(typeof p.cost === 'number' && Number.isFinite(p.cost))) return `${at}.cost: expected a number, got ${kindOf(p.cost)}`;
    for (const key of ['valCost', 'metric', 'valMetric'] as const) {
      const v = p[key];
      if (!(v === null || (typeof v === 'number' && Number.isFinite(v)))) return `${at}.${key}: expected a number or null, got ${kindOf(v)}`;
    }
  }
  if (raw.test !== null) {
    if (!isObject(raw.test)) return `.test: expected an object or null, got ${kindOf(raw.test)}`;
    for (const [key, v] of Object.entries(raw.test)) {
      if (!(typeof v === 'number' && Number.isFinite(v))) return `.test.${key}: expected a number, got ${kindOf(v)}`;
    }
  }
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? 'a long string' : JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? 'an object' : typeof v;
}

/**
 * Stops a prediction that came out non-finite (NaN or ±Infinity) instead of printing it: a row
 * whose encoded inputs overflow is a data error (exit 3); otherwise the model file is at fault
 * (exit 4).
 */
export function checkFinitePredictions(file: ModelFile, x: Matrix, outputs: Matrix, source: string): void {
  for (let i = 0; i < outputs.data.length; i++) {
    if (Number.isFinite(outputs.data[i] as number)) continue;
    const row = Math.floor(i / outputs.cols);
    for (let j = 0; j < x.cols; j++) {
      if (!Number.isFinite(x.data[row * x.cols + j] as number)) {
        throw new CliError(`${source}: row ${row + 1}: input '${file.preprocessor.featureNames[j] ?? j}' overflows after scaling (a value far outside the training range)`, EXIT.data);
      }
    }
    throw new CliError(`${file.path}: the model predicts ${outputs.data[i]} for row ${row + 1} of ${source}: its weights or scaling overflow float32 (a run that diverged, or a damaged file)`, EXIT.model);
  }
}

/** Saves the model with its metadata (optimizer state included, for --resume), atomically. */
export async function writeModelFile(path: string, model: Model, metadata: CliMetadata): Promise<void> {
  await writeFileAtomic(path, serializeModel(model, { metadata }));
}
