/**
 * The tables of the quality benchmark: the development tables in ../shared/data/tabular (fixed
 * train/test files, target = last column) and the bundled iris, digits and breast cancer sets, split
 * 75/25 once (seed 0, stratified) into a train and a test part the same way for every run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { getColumn, selectRows, trainTestSplit, type Table } from '../../src/data/index.js';
import { readCsvFile } from '../../src/data/node/csv-file.js';
import { loadDataset } from '../../src/data/node/datasets.js';

export interface BenchTable {
  readonly name: string;
  readonly target: string;
  readonly train: Table;
  readonly test: Table;
  /** where the train/test rows came from, for the report */
  readonly origin: string;
}

const ROOT = join(import.meta.dirname, '..', '..');
/** Folder of the development tables: $MLPKIT_TABULAR, else ../shared/data/tabular beside the checkout (or one level up, from a worktree). */
export const TABULAR_DIR =
  process.env.MLPKIT_TABULAR ??
  [join(ROOT, '..', 'shared', 'data', 'tabular'), join(ROOT, '..', '..', 'shared', 'data', 'tabular')].find((d) => existsSync(d)) ??
  join(ROOT, '..', 'shared', 'data', 'tabular');
export const DEV_TABLES = ['anes96', 'fair', 'friedman1', 'noisy-classes', 'randhie', 'star98'];
export const BUNDLED = ['iris', 'digits', 'breast-cancer'] as const;

export async function loadBenchTable(name: string): Promise<BenchTable> {
  if ((BUNDLED as readonly string[]).includes(name)) {
    const d = await loadDataset(name as (typeof BUNDLED)[number]);
    const column = getColumn(d.table, d.target);
    const labels = column.kind === 'text' ? Float64Array.from(column.codes) : Float64Array.from(column.values);
    const split = trainTestSplit(labels, { testFraction: 0.25, rng: new Rng(0) });
    return { name, target: d.target, train: selectRows(d.table, split.train), test: selectRows(d.table, split.test), origin: `bundled ${name}, 75/25 split (seed 0)` };
  }
  const trainPath = join(TABULAR_DIR, `${name}-train.csv`);
  if (!existsSync(trainPath)) throw new Error(`no table ${trainPath}`);
  const train = await readCsvFile(trainPath);
  const test = await readCsvFile(join(TABULAR_DIR, `${name}-test.csv`));
  const target = train.columns[train.columns.length - 1]?.name as string;
  return { name, target, train, test, origin: `${name}-train.csv / ${name}-test.csv` };
}
