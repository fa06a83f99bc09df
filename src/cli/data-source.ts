import { CellReader, DataError, describeRow, type Table, type Task } from '../data/index.js';
import { loadDataset, readCsvFile, readParquetFile, tableFormatOf } from '../data/node/index.js';
import type { Command } from 'commander';
import { usageError } from './errors.js';
import { addLimitOption, checkDatasetRows } from './limits.js';
import * as parse from './parse.js';

/** Options that pick the rows a command works on: a CSV file, or a bundled / synthetic data set. */
export interface DataOptions {
  /** bundled or synthetic data set name (instead of a file) */
  dataset?: string;
  /** points of a synthetic set */
  n?: number;
  /** noise of a synthetic set, in [0, 1] */
  noise?: number;
  /** seed of a synthetic set */
  seed?: number;
  /** field separator of FILE (default: sniffed) */
  delimiter?: string;
  /** --max-memory, bytes */
  maxMemory?: number;
}

/** Adds `--delimiter C` (the CSV field separator; sniffed from the first lines when not given) and `--max-memory SIZE`. */
export function addDataInputOptions(cmd: Command): Command {
  return addLimitOption(cmd).option('--delimiter <char>', "field separator of the CSV file: ',', ';', tab, '|' or another character (default: detected)", parse.delimiter);
}

/** A table and where it came from; data sets also name their target column and task. */
export interface LoadedTable {
  table: Table;
  /** the file path, or "dataset:NAME" */
  source: string;
  defaultTarget?: string;
  task?: Task;
}

/**
 * Reads FILE (streamed CSV with a header row) or loads `--dataset`. With neither, loads
 * `fallback` when given (train's default: iris), else it is a usage error.
 */
export async function loadTable(file: string | undefined, options: DataOptions, fallback?: string): Promise<LoadedTable> {
  if (file !== undefined && options.dataset !== undefined) {
    throw usageError(`give either a FILE (${file}) or --dataset ${options.dataset}, not both`);
  }
  if (file !== undefined) {
    const table =
      tableFormatOf(file) === 'parquet'
        ? await readParquetFile(file, { source: file })
        : await readCsvFile(file, { source: file, ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }) });
    return { table, source: file };
  }
  const name = options.dataset ?? fallback;
  if (name === undefined) throw usageError('missing the data: give a CSV FILE or --dataset NAME');
  if (options.n !== undefined) checkDatasetRows(options.n, options);
  const d = await loadDataset(name, {
    ...(options.n === undefined ? {} : { n: options.n }),
    ...(options.noise === undefined ? {} : { noise: options.noise }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  return { table: d.table, source: `dataset:${d.name}`, defaultTarget: d.target, task: d.task };
}

/** Share of a text column's values that must be numbers before the others count as typos. */
const MOSTLY_NUMERIC = 0.9;

/**
 * A column whose values are nearly all numbers but read as text has a typo in it (e.g. "12,5" or
 * "n/a!" in a column of measurements). Rather than one-hot encoding hundreds of numbers, report
 * the first value that is not a number, with its line and column.
 */
export function checkMistypedColumns(table: Table, columns: readonly string[]): void {
  const cells = new CellReader();
  for (const column of table.columns) {
    if (column.kind !== 'text' || !columns.includes(column.name)) continue;
    const counts = new Int32Array(column.categories.length);
    for (let i = 0; i < column.codes.length; i++) {
      const code = column.codes[i] as number;
      if (code >= 0) counts[code] = (counts[code] as number) + 1;
    }
    let numeric = 0;
    let present = 0;
    const isNumber = column.categories.map((c, k) => {
      const yes = cells.classify(c) === 'number';
      present += counts[k] as number;
      if (yes) numeric += counts[k] as number;
      return yes;
    });
    if (present === 0 || numeric === present || numeric < MOSTLY_NUMERIC * present) continue;
    for (let i = 0; i < column.codes.length; i++) {
      const code = column.codes[i] as number;
      if (code >= 0 && !isNumber[code]) {
        throw new DataError(
          `${describeRow(table, i)}, column '${column.name}': expected a number, got '${column.categories[code]}' ` +
            `(${numeric} of the column's ${present} values are numbers); fix the value, or --drop the column`,
        );
      }
    }
  }
}
