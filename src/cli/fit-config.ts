import type { BackendName, Matrix, Model } from '../index.js';
import { getColumn, Preprocessor, selectRows, type Column, type FitOptions, type ImputeStrategy, type Table, type Task } from '../data/index.js';
import { holdOutThenRefit, type NetworkRecipe } from '../auto/hold-out-refit.js';
import { buildModel, buildOptimizer } from './model-options.js';
import type { DataShape, TrainSettings } from '../auto/settings.js';
import { applyTableDefaults, type ResolvedTrainOptions, type TableTrainOptions } from './train-defaults.js';
import { tablePreprocessing } from './train-table.js';
import { score, type Scores } from './scores.js';

/** One training configuration as `train` runs it: its model options (table defaults fill the rest). */
export interface FitConfig extends TableTrainOptions {
  seed: number;
  drop: string[];
  impute: ImputeStrategy;
  keep: 'best' | 'last';
  refit: boolean;
}

/** A fitted configuration: the model, its preprocessing, and the epoch count it kept. */
export interface FittedConfig {
  model: Model;
  pre: Preprocessor;
  /** epochs of the saved model's training run (the kept count when refit) */
  epochs: number;
  /** the same for each network of an ensemble (one entry without) */
  memberEpochs: number[];
}

/**
 * `train`'s procedure without its printing, on a table: fit the preprocessing, train with the
 * table defaults on all but the validation rows, keep the best epoch, then (with `refit`) train a
 * fresh network on every row for that many epochs. The fold runner of `cv` and `tune`. `rule`
 * replaces the default settings rule and `preprocessing` overrides the table preprocessing
 * (the experiments of bench/quality/cv-defaults.ts).
 */
export function fitConfig(
  table: Table,
  target: string,
  task: Task,
  c: FitConfig,
  backend?: BackendName,
  rule?: (shape: DataShape) => TrainSettings,
  preprocessing: Partial<Omit<FitOptions, 'target'>> = {},
): FittedConfig {
  const pre = Preprocessor.fit(table, { target, drop: c.drop, task, ...tablePreprocessing(c.impute, table, c.drop, c.layers), ...preprocessing });
  const e = pre.transform(table, { requireTarget: true });
  const y = e.y as Matrix;
  const shape = { task, rows: e.x.rows, inputs: pre.outputWidth, classes: pre.classes.length };
  const r = applyTableDefaults(c, shape, rule);
  const validation = r.validationSplit > 0 && e.x.rows * r.validationSplit >= 1;
  const recipe = networkRecipe(pre, task, r, c.keep, validation, backend);
  const { model, runs } = holdOutThenRefit(recipe, e.x, y, { refit: c.refit });
  const memberEpochs = runs.map((run) => run.epochs);
  return { model, pre, epochs: memberEpochs[0] as number, memberEpochs };
}

/**
 * The networks of `train`'s options on a table encoded by `pre`: built and optimized as the
 * options say (seed s + k for network k), `validation` saying whether the rows allow a hold-out.
 */
export function networkRecipe(pre: Preprocessor, task: Task, r: ResolvedTrainOptions, keep: 'best' | 'last', validation: boolean, backend?: BackendName): NetworkRecipe {
  const output = { task, classes: pre.classes.length };
  return {
    seed: r.seed,
    build: (seed) => buildModel(pre.outputWidth, output, { ...r, seed }, backend === undefined ? {} : { backend }),
    optimizer: (steps, epochs) => buildOptimizer(r, steps, epochs),
    epochs: r.epochs,
    batchSize: r.batchSize,
    validationSplit: validation ? r.validationSplit : 0,
    keep,
    networks: r.ensemble,
  };
}

/** Scores a fitted configuration on other rows of the same table. */
export function scoreOn(f: FittedConfig, table: Table): Scores {
  const e = f.pre.transform(table, { requireTarget: true, unknown: 'ignore' });
  return score(f.model, f.pre, e.x, e.y as Matrix);
}

/** A number per row for stratified folds: the class code (text) or value (numbers). */
export function stratumLabels(table: Table, target: string, task: Task): Float64Array | null {
  if (task !== 'classification') return null;
  const column: Column = getColumn(table, target);
  return column.kind === 'text' ? Float64Array.from(column.codes) : Float64Array.from(column.values);
}

/** The rows of one fold as tables. */
export function foldTables(table: Table, fold: { train: Uint32Array; test: Uint32Array }): { train: Table; test: Table } {
  return { train: selectRows(table, fold.train), test: selectRows(table, fold.test) };
}
