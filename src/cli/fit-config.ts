import type { BackendName, Matrix, Model } from '../index.js';
import { getColumn, Preprocessor, selectRows, type Column, type ImputeStrategy, type Table, type Task } from '../data/index.js';
import { mergeEnsemble } from '../auto/ensemble.js';
import { keepBestEpoch } from '../auto/keep-best.js';
import { buildModel, buildOptimizer } from './model-options.js';
import type { DataShape, TrainSettings } from '../auto/settings.js';
import { applyTableDefaults, type TableTrainOptions } from './train-defaults.js';
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
 * replaces the default settings rule (bench/quality/cv-defaults.ts).
 */
export function fitConfig(table: Table, target: string, task: Task, c: FitConfig, backend?: BackendName, rule?: (shape: DataShape) => TrainSettings): FittedConfig {
  const pre = Preprocessor.fit(table, { target, drop: c.drop, task, ...tablePreprocessing(c.impute, table.rows) });
  const e = pre.transform(table, { requireTarget: true });
  const y = e.y as Matrix;
  const shape = { task, rows: e.x.rows, inputs: pre.outputWidth, classes: pre.classes.length };
  const r = applyTableDefaults(c, shape, rule);
  const extra = backend === undefined ? {} : { backend };
  const validation = r.validationSplit > 0 && e.x.rows * r.validationSplit >= 1;
  const trainRows = validation ? e.x.rows - Math.round(e.x.rows * r.validationSplit) : e.x.rows;
  const steps = (rows: number): number => Math.ceil(rows / Math.min(r.batchSize, rows));
  const models: Model[] = [];
  const memberEpochs: number[] = [];
  // --ensemble N: N networks (seeds s, s + 1, …) on the same encoded rows, merged into one
  for (let k = 0; k < r.ensemble; k++) {
    const member = { ...r, seed: (r.seed + k) >>> 0 };
    const model = buildModel(pre.outputWidth, { task, classes: pre.classes.length }, member, extra);
    const keeper = c.keep === 'best' && validation ? keepBestEpoch(model) : null;
    const history = model.fit(e.x, y, {
      optimizer: buildOptimizer(member, steps(trainRows), r.epochs),
      epochs: r.epochs,
      batchSize: r.batchSize,
      ...(validation ? { validationSplit: r.validationSplit } : {}),
      ...(keeper === null ? {} : { callbacks: keeper.callbacks }),
    });
    const kept = keeper?.restore().epoch ?? null;
    const epochs = (kept ?? history.epochs.length - 1) + 1;
    memberEpochs.push(epochs);
    if (!c.refit || !validation) {
      models.push(model);
      continue;
    }
    const refit = buildModel(pre.outputWidth, { task, classes: pre.classes.length }, member, extra);
    refit.fit(e.x, y, { optimizer: buildOptimizer(member, steps(e.x.rows), epochs), epochs, batchSize: r.batchSize });
    models.push(refit);
  }
  const model = models.length === 1 ? (models[0] as Model) : mergeEnsemble(models);
  if (models.length > 1) for (const m of models) m.dispose();
  return { model, pre, epochs: memberEpochs[0] as number, memberEpochs };
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
