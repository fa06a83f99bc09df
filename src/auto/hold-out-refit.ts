import type { Matrix } from '../core/matrix.js';
import type { Model } from '../nn/model.js';
import type { AnyOptimizer } from '../optim/descriptor.js';
import type { EarlyStoppingOptions } from '../train/early-stopping.js';
import type { EpochLog, FitCallbacks, FitOptions, History } from '../train/fit.js';
import { mergeEnsemble } from './ensemble.js';
import { keepBestEpoch } from './keep-best.js';

/**
 * How each network of a run is built and trained: the one thing that differs between the library's
 * `TrainSettings` (train-network.ts) and the CLI's options (src/cli/fit-config.ts, `mlpkit train`).
 */
export interface NetworkRecipe {
  /** seed of network 0; network k has seed s + k */
  readonly seed: number;
  /** a fresh, untrained network with this seed */
  readonly build: (seed: number) => Model;
  /** the optimizer of one fit of `epochs` epochs of `stepsPerEpoch` steps (a cosine schedule spans them) */
  readonly optimizer: (stepsPerEpoch: number, epochs: number) => AnyOptimizer;
  readonly epochs: number;
  readonly batchSize: number;
  /** share of the rows held out to pick the epoch; 0: none (the last epoch counts). The caller decides when a table is too small for one */
  readonly validationSplit: number;
  /** the weights kept: of the epoch with the lowest hold-out cost, or of the last */
  readonly keep: 'best' | 'last';
  /** networks trained (seeds s, s + 1, …, s + N − 1) and merged into one that outputs their average; 1: a single network */
  readonly networks: number;
  /** stop a hold-out run when its validation cost stops improving (the CLI's --early-stopping) */
  readonly earlyStopping?: EarlyStoppingOptions;
}

/** One network's hold-out run. */
export interface HoldOutRun {
  /** the network, holding the weights of the kept epoch */
  readonly model: Model;
  readonly history: History;
  /** 0-based epoch whose weights were kept (lowest hold-out cost; the best one when stopped early), null: the last */
  readonly kept: number | null;
  /** hold-out cost of the kept epoch (null when not picked by keep-best) */
  readonly keptValCost: number | null;
  /** epochs a refit on every row runs: the kept epoch's count, else every epoch that ran */
  readonly epochs: number;
}

/** Steps of one epoch over `rows` rows in batches of `batchSize` (a last, smaller batch counts). */
export function stepsPerEpoch(rows: number, batchSize: number): number {
  // ⌈rows / min(batch, rows)⌉
  return Math.ceil(rows / Math.min(batchSize, rows));
}

/**
 * The fit options of one network's hold-out run on `rows` rows, and `finish`, which after the fit
 * puts back the kept epoch's weights and says which it was. Split in two so that a caller can run
 * the fit its own way (the CLI: asynchronously, Ctrl-C stopping it, with progress); `callbacks`
 * see every epoch, `optimizer` replaces the recipe's (a resumed model's saved state).
 */
export function holdOutFit(
  model: Model,
  recipe: NetworkRecipe,
  rows: number,
  extra: { callbacks?: FitCallbacks; optimizer?: AnyOptimizer } = {},
): { options: FitOptions; optimizer: AnyOptimizer; finish(history: History): HoldOutRun } {
  const validation = recipe.validationSplit > 0;
  // rows trained on = rows − round(rows · split), as fit splits them
  const trainRows = validation ? rows - Math.round(rows * recipe.validationSplit) : rows;
  const keeper = recipe.keep === 'best' && validation ? keepBestEpoch(model, extra.callbacks) : null;
  const callbacks = keeper?.callbacks ?? extra.callbacks;
  const optimizer = extra.optimizer ?? recipe.optimizer(stepsPerEpoch(trainRows, recipe.batchSize), recipe.epochs);
  const options: FitOptions = {
    optimizer,
    epochs: recipe.epochs,
    batchSize: recipe.batchSize,
    ...(validation ? { validationSplit: recipe.validationSplit } : {}),
    ...(recipe.earlyStopping === undefined ? {} : { earlyStopping: recipe.earlyStopping }),
    ...(callbacks === undefined ? {} : { callbacks }),
  };
  return {
    options,
    optimizer,
    finish: (history) => {
      const best = keeper?.restore() ?? null;
      const kept = history.stopReason === 'early-stopping' ? history.bestEpoch : (best?.epoch ?? null);
      return { model, history, kept, keptValCost: best?.valCost ?? null, epochs: (kept ?? history.epochs.length - 1) + 1 };
    },
  };
}

/** Network k's hold-out run (seed s + k), trained here. */
export function holdOutRun(recipe: NetworkRecipe, k: number, x: Matrix, y: Matrix, onEpochEnd?: (log: EpochLog) => void): HoldOutRun {
  const model = recipe.build((recipe.seed + k) >>> 0);
  const run = holdOutFit(model, recipe, x.rows, onEpochEnd === undefined ? {} : { callbacks: { onEpochEnd } });
  return run.finish(model.fit(x, y, run.options));
}

/** Network k (seed s + k) trained afresh on every row of (x, y) for `epochs` epochs. */
export function refitNetwork(recipe: NetworkRecipe, k: number, x: Matrix, y: Matrix, epochs: number, onEpochEnd?: (log: EpochLog) => void): Model {
  const model = recipe.build((recipe.seed + k) >>> 0);
  model.fit(x, y, {
    optimizer: recipe.optimizer(stepsPerEpoch(x.rows, recipe.batchSize), epochs),
    epochs,
    batchSize: recipe.batchSize,
    ...(onEpochEnd === undefined ? {} : { callbacks: { onEpochEnd } }),
  });
  return model;
}

/** One network, or the merge of several (whose parts are then freed). */
export function mergeNetworks(models: readonly Model[]): Model {
  if (models.length === 1) return models[0] as Model;
  const model = mergeEnsemble(models);
  for (const m of models) m.dispose();
  return model;
}

/** What `holdOutThenRefit` returns. */
export interface RefitNetworks {
  /** the network to use: the refit one(s) or the hold-out run(s), merged when several */
  readonly model: Model;
  /** each network's hold-out run (their models freed when refit or merged) */
  readonly runs: readonly HoldOutRun[];
}

/**
 * The procedure of training on a table's defaults, for each of the recipe's networks k = 0 … N − 1:
 * train with a hold-out share of the rows, keep the epoch with the lowest hold-out cost
 * (keep-best.ts), then, with `refit` and a hold-out, train a fresh network (same seed) on every row
 * for that many epochs; the N networks are merged into one (ensemble.ts). `mlpkit train` runs the
 * same steps apart (holdOutFit, holdOutRun, refitNetwork), since its refit is on other rows.
 */
export function holdOutThenRefit(
  recipe: NetworkRecipe,
  x: Matrix,
  y: Matrix,
  options: { refit: boolean; onEpochEnd?: (log: EpochLog, phase: 'select' | 'refit') => void },
): RefitNetworks {
  const hook = options.onEpochEnd;
  const runs: HoldOutRun[] = [];
  const models: Model[] = [];
  for (let k = 0; k < recipe.networks; k++) {
    const run = holdOutRun(recipe, k, x, y, hook === undefined ? undefined : (log) => hook(log, 'select'));
    runs.push(run);
    if (!options.refit || recipe.validationSplit <= 0) {
      models.push(run.model);
      continue;
    }
    models.push(refitNetwork(recipe, k, x, y, run.epochs, hook === undefined ? undefined : (log) => hook(log, 'refit')));
    run.model.dispose();
  }
  return { model: mergeNetworks(models), runs };
}
