import type { BackendName } from '../backend/registry.js';
import type { Matrix } from '../core/matrix.js';
import { Dense } from '../nn/dense.js';
import { Dropout } from '../nn/dropout.js';
import type { Layer } from '../nn/layer.js';
import { labelSmoothedCrossentropy } from '../nn/losses.js';
import { Model } from '../nn/model.js';
import { AdamW } from '../optim/adam.js';
import type { EpochLog, FitOptions, History } from '../train/fit.js';
import { keepBestEpoch } from './keep-best.js';
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
 * AdamW (+ cosine schedule) for `epochs` epochs on all but a hold-out share of the rows; the epoch
 * with the lowest hold-out cost is kept (its weights restored). With `finish: 'refit'` a fresh
 * network is then trained on every row for that many epochs.
 */
export function trainNetwork(x: Matrix, y: Matrix, shape: DataShape, settings: TrainSettings, options: TrainNetworkOptions): TrainedNetwork {
  const holdOut = settings.validationFraction > 0 && x.rows >= 20;
  const model = buildNetwork(shape, settings, options.seed, options.backend);
  const trainRows = holdOut ? x.rows - Math.round(x.rows * settings.validationFraction) : x.rows;
  const keeper = keepBestEpoch(model, { onEpochEnd: (log) => options.onEpochEnd?.(log, 'select') });
  const history = model.fit(x, y, {
    ...fitOptions(settings, trainRows, settings.epochs),
    ...(holdOut ? { validationSplit: settings.validationFraction } : {}),
    callbacks: keeper.callbacks,
  });
  const kept = keeper.restore();
  const picked = kept.epoch;
  const bestValCost = kept.valCost;
  if (!holdOut || picked === null || settings.finish === 'keep') return { model, history, bestEpoch: picked, bestValCost };
  // refit: a fresh network on every row, for as many epochs as the picked one took
  const refit = buildNetwork(shape, settings, options.seed, options.backend);
  refit.fit(x, y, {
    ...fitOptions(settings, x.rows, picked + 1),
    callbacks: { onEpochEnd: (log) => options.onEpochEnd?.(log, 'refit') },
  });
  return { model: refit, history, bestEpoch: picked, bestValCost };
}

/** The optimizer, batch size and epochs of one fit over `rows` training rows. */
function fitOptions(settings: TrainSettings, rows: number, epochs: number): FitOptions {
  const batchSize = Math.min(settings.batchSize, rows);
  const totalSteps = Math.max(1, Math.ceil(rows / batchSize) * epochs);
  const optimizer = new AdamW({
    lr: settings.lr,
    weightDecay: settings.weightDecay,
    beta2: settings.beta2,
    ...(settings.schedule === 'cosine' ? { schedule: { name: 'cosine', totalSteps, warmupSteps: 0, minLr: 0 } } : {}),
  });
  return { optimizer, epochs, batchSize };
}
