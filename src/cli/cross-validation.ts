import { Option, type Command } from 'commander';
import { Rng } from '../index.js';
import { columnNames, getColumn, IMPUTE_STRATEGIES, inferTask, type Table, type Task } from '../data/index.js';
import { kFolds, type Fold } from '../auto/folds.js';
import { checkMistypedColumns, loadTable } from './data-source.js';
import { stratumLabels } from './fit-config.js';
import * as parse from './parse.js';

/**
 * Adds the options of the commands that cross-validate (`cv`, `tune`): the data (`[file]` or
 * `--dataset`, `--target`, `--task`), the columns used (`--drop`, `--impute`) and `--folds`.
 */
export function addCrossValidationOptions(cmd: Command): Command {
  return cmd
    .argument('[file]', 'CSV file with a header row (default: --dataset iris)')
    .option('-t, --target <column>', 'column to predict (default: the data set\'s target, else the last column)')
    .option('--dataset <name>', 'bundled or synthetic data set')
    .addOption(new Option('--task <task>', 'classification or regression (default: inferred)').choices(['auto', 'classification', 'regression']).default('auto'))
    .option('--folds <k>', 'number of folds (at least 2)', parse.foldCount, 5)
    .addOption(new Option('--drop <columns>', 'columns to ignore, comma-separated').argParser(parse.nameList).default([] as string[], 'none'))
    .addOption(new Option('--impute <strategy>', 'fill missing numbers (median, mean, most-frequent) with an indicator column; none: an error').choices([...IMPUTE_STRATEGIES]).default('median'));
}

/** What `addCrossValidationOptions` gives, with the seed of the folds. */
export interface CrossValidationOptions {
  dataset?: string;
  delimiter?: string;
  target?: string;
  task: Task | 'auto';
  folds: number;
  drop: string[];
  seed: number;
}

/** A table split into k folds, with its target and task. */
export interface FoldedTable {
  /** the file path, or "dataset:NAME" */
  source: string;
  table: Table;
  target: string;
  task: Task;
  /** k folds, stratified by class for classification (seeded by `seed`) */
  folds: Fold[];
}

/**
 * The table a cross-validation runs on: FILE or the data set (default iris), the target column
 * checked, numeric-looking text columns reported, the task inferred and the folds drawn.
 */
export async function loadFoldedTable(file: string | undefined, o: CrossValidationOptions): Promise<FoldedTable> {
  const data = await loadTable(file, { ...(o.dataset === undefined ? {} : { dataset: o.dataset }), ...(o.delimiter === undefined ? {} : { delimiter: o.delimiter }), seed: o.seed }, 'iris');
  const table = data.table;
  const target = o.target ?? data.defaultTarget ?? (columnNames(table).at(-1) as string);
  getColumn(table, target, 'target column');
  checkMistypedColumns(table, columnNames(table).filter((c) => !o.drop.includes(c)));
  const task = inferTask(table, target, { forced: o.task });
  const folds = kFolds(stratumLabels(table, target, task) ?? table.rows, o.folds, new Rng(o.seed));
  return { source: data.source, table, target, task, folds };
}
