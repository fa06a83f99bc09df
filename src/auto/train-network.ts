import type { BackendName } from '../backend/registry.js';
import type { Matrix } from '../core/matrix.js';
import { Dense } from '../nn/dense.js';
import { Dropout } from '../nn/dropout.js';
import type { Layer } from '../nn/layer.js';
import { labelSmoothedCrossentropy } from '../nn/losses.js';
import { Model } from '../nn/model.js';
import { AdamW } from '../optim/adam.js';
import type { EpochLog, History } from '../train/fit.js';
import { holdOutThenRefit, type HoldOutRun, type NetworkRecipe } from './hold-out-refit.js';
import type { DataShape, TrainSettings } from './settings.js';

/** Options of `trainNetwork`. */
export interface TrainNetworkOptions {
  /** seed of initialization, hold-out rows, shuffling and dropout */
  readonly seed: number;
  readonly backend?: BackendName;
  /** called after every epoch of every fit (the hold-out run, then the refit if any) */
  readonly onEpochEnd?: (log: EpochLog, phase: 'select' | 'refit') => void;
}

/** What `trainNetwork` returns. */
export interface TrainedNetwork {
  readonly model: Model;
  /** the history of the run the epoch was picked in */
  readonly history: History;
  /** 0-based epoch whose weights were kept (or whose count the refit ran), null without a hold-out */
  readonly bestEpoch: number | null;
  /** hold-out cost of that epoch (null without a hold-out) */
  readonly bestValCost: number | null;
  /** with `ensemble` N > 1: the picked epoch of each of the N networks (the fields above are the first's) */
  readonly memberEpochs: readonly (number | null)[];
}

/** The network of `settings` for a table of `shape`: hidden Dense (+ Dropout) layers, then the output. */
export function buildNetwork(shape: DataShape, settings: TrainSettings, seed: number, backend?: BackendName): Model {
  const layers: Layer[] = [];
  for (const units of settings.layers) {
    layers.push(new Dense({ units, activation: settings.activation }));
    if (settings.dropout > 0) layers.push(new Dropout({ rate: settings.dropout }));
  }
  const classification = shape.task === 'classification';
  layers.push(new Dense({ units: classification ? shape.classes : 1, activation: classification ? 'softmax' : 'identity' }));
  return new Model({
    inputs: shape.inputs,
    layers,
    seed,
    loss: classification ? labelSmoothedCrossentropy(settings.labelSmoothing) : 'mse',
    ...(backend === undefined ? {} : { backend }),
  });
}

/**
 * Trains a network on encoded rows (x; y = class index or standardized value) with `settings`:
 * AdamW (+ cosine schedule) for `epochs` epochs on all but a hold-out share of the rows (none below
 * 20 rows); the epoch with the lowest hold-out cost is kept (its weights restored). With
 * `finish: 'refit'` a fresh network is then trained on every row for that many epochs. With
 * `ensemble` N > 1 this runs for seeds s, s + 1, …, s + N − 1 and the N networks are merged into
 * one that outputs their average. The procedure is hold-out-refit.ts's, as in `mlpkit train`.
 */
export function trainNetwork(x: Matrix, y: Matrix, shape: DataShape, settings: TrainSettings, options: TrainNetworkOptions): TrainedNetwork {
  const holdOut = settings.validationFraction > 0 && x.rows >= 20;
  const recipe: NetworkRecipe = {
    seed: options.seed,
    build: (seed) => buildNetwork(shape, settings, seed, options.backend),
    optimizer: (steps, epochs) => adamW(settings, steps, epochs),
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    validationSplit: holdOut ? settings.validationFraction : 0,
    keep: 'best',
    networks: Math.max(1, Math.round(settings.ensemble)),
  };
  const { model, runs } = holdOutThenRefit(recipe, x, y, { refit: settings.finish === 'refit', ...(options.onEpochEnd === undefined ? {} : { onEpochEnd: options.onEpochEnd }) });
  const first = runs[0] as HoldOutRun;
  return { model, history: first.history, bestEpoch: first.kept, bestValCost: first.keptValCost, memberEpochs: runs.map((r) => r.kept) };
}

/** AdamW for one fit of `epochs` epochs of `steps` steps: η₀ falls to 0 over the fit with the cosine schedule. */
function adamW(settings: TrainSettings, steps: number, epochs: number): AdamW {
  const totalSteps = Math.max(1, steps * epochs);
  return new AdamW({
    lr: settings.lr,
    weightDecay: settings.weightDecay,
    beta2: settings.beta2,
    ...(settings.schedule === 'cosine' ? { schedule: { name: 'cosine', totalSteps, warmupSteps: 0, minLr: 0 } } : {}),
  });
}
