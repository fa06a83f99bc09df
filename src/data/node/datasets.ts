import { fileURLToPath } from 'node:url';
import { checkOneOf } from '../../core/checks.js';
import type { DType } from '../../core/matrix.js';
import { Rng } from '../../core/rng.js';
import type { Task } from '../infer.js';
import {
  SYNTHETIC_CLASS_TARGET,
  SYNTHETIC_GENERATORS,
  SYNTHETIC_VALUE_TARGET,
  type SyntheticName,
} from '../synthetic.js';
import type { Table } from '../table.js';
import { readCsvFile } from './csv-file.js';
import { loadMnist } from './mnist.js';

/** A loaded data set: its table, the column to predict and the task. */
export interface Dataset {
  readonly name: DatasetName;
  readonly table: Table;
  readonly target: string;
  readonly task: Task;
  /** One line for listings. */
  readonly description: string;
}

/** Options of `loadDataset`; n, noise and seed apply to the synthetic sets only. */
export interface LoadDatasetOptions {
  /** Number of points of a synthetic set (default 500). */
  readonly n?: number;
  /** Noise of a synthetic set, in [0, 1] (default 0). */
  readonly noise?: number;
  /** Seed of a synthetic set (default 42). */
  readonly seed?: number;
  /** Storage of numeric columns (default float64). */
  readonly dtype?: DType;
}

interface Entry {
  readonly description: string;
  readonly target: string;
  readonly task: Task;
  /** CSV file under the package's data/ folder, for the bundled real sets. */
  readonly file?: string;
}

const ENTRIES = {
  iris: { description: 'Fisher\'s iris flowers: 150 rows, 4 measurements, 3 species', target: 'species', task: 'classification', file: 'iris.csv' },
  digits: { description: 'handwritten digits, 8×8 pixels: 1,797 rows, 64 features, 10 classes', target: 'digit', task: 'classification', file: 'digits.csv' },
  'breast-cancer': { description: 'Wisconsin breast cancer diagnosis: 569 rows, 30 features, 2 classes', target: 'diagnosis', task: 'classification', file: 'breast_cancer.csv' },
  mnist: { description: 'MNIST sample, 28×28 pixels in [0, 1]: 10,000 rows, 784 features, 10 classes', target: 'digit', task: 'classification' },
  xor: { description: 'synthetic 2-D: label 1 where x1·x2 ≥ 0 (n, noise, seed)', target: SYNTHETIC_CLASS_TARGET, task: 'classification' },
  circle: { description: 'synthetic 2-D: a disc inside a ring (n, noise, seed)', target: SYNTHETIC_CLASS_TARGET, task: 'classification' },
  spiral: { description: 'synthetic 2-D: two interleaved spirals (n, noise, seed)', target: SYNTHETIC_CLASS_TARGET, task: 'classification' },
  gauss: { description: 'synthetic 2-D: two Gaussian clouds (n, noise, seed)', target: SYNTHETIC_CLASS_TARGET, task: 'classification' },
  plane: { description: 'synthetic 2-D regression: value = (x1 + x2) / 10 (n, noise, seed)', target: SYNTHETIC_VALUE_TARGET, task: 'regression' },
  bumps: { description: 'synthetic 2-D regression: six bumps up and down (n, noise, seed)', target: SYNTHETIC_VALUE_TARGET, task: 'regression' },
} as const satisfies Record<string, Entry>;

export type DatasetName = keyof typeof ENTRIES;

/** Every name `loadDataset` accepts, real sets first. */
export const DATASET_NAMES = Object.keys(ENTRIES) as DatasetName[];

/** Name and one-line description of each data set, for `mlpkit` to list. */
export function listDatasets(): { name: DatasetName; description: string; target: string; task: Task }[] {
  return DATASET_NAMES.map((name) => ({ name, description: ENTRIES[name].description, target: ENTRIES[name].target, task: ENTRIES[name].task }));
}

/**
 * Loads a bundled data set (iris, digits, breast-cancer from the package's data/ folder; mnist from
 * the `mnist` package) or generates a synthetic one. Throws a ConfigError listing the names for an
 * unknown one.
 */
export async function loadDataset(name: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const key = checkOneOf('dataset', name, DATASET_NAMES);
  const entry: Entry = ENTRIES[key];
  const dtype = options.dtype ?? 'float64';
  let table: Table;
  if (entry.file !== undefined) {
    table = await readCsvFile(dataPath(entry.file), { dtype, source: entry.file });
  } else if (key === 'mnist') {
    table = await loadMnist(dtype);
  } else {
    const generate = SYNTHETIC_GENERATORS[key as SyntheticName];
    table = generate({
      rng: new Rng(options.seed ?? 42),
      ...(options.n === undefined ? {} : { n: options.n }),
      ...(options.noise === undefined ? {} : { noise: options.noise }),
    });
  }
  return { name: key, table, target: entry.target, task: entry.task, description: entry.description };
}

/** Absolute path of a file in the package's data/ folder (src/data/node → ../../../data, same from dist/). */
export function dataPath(file: string): string {
  return fileURLToPath(new URL(`../../../data/${file}`, import.meta.url));
}
