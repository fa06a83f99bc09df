import type { BackendName } from '../backend/registry.js';
import type { Matrix } from '../core/matrix.js';
import { Dense } from '../nn/dense.js';
import { Dropout } from '../nn/dropout.js';
import type { Layer } from '../nn/layer.js';
import { labelSmoothedCrossentropy } from '../nn/losses.js';
import { Model } from '../nn/model.js';
import { AdamW } from '../optim/adam.js';
import type { EpochLog, FitOptions, History } from '../train/fit.js';
import { mergeEnsemble } from './ensemble.js';
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
 * AdamW (+ cosine schedule) for `epochs` epochs on all but a hold-out share of the rows; the epoch
 * with the lowest hold-out cost is kept (its weights restored). With `finish: 'refit'` a fresh
 * network is then trained on every row for that many epochs. With `ensemble` N > 1 this runs for
 * seeds s, s + 1, …, s + N − 1 and the N networks are merged into one that outputs their average.
 */
export function trainNetwork(x: Matrix, y: Matrix, shape: DataShape, settings: TrainSettings, options: TrainNetworkOptions): TrainedNetwork {
  const n = Math.max(1, Math.round(settings.ensemble));
  const runs: Omit<TrainedNetwork, 'memberEpochs'>[] = [];
  for (let k = 0; k < n; k++) runs.push(trainOne(x, y, shape, settings, { ...options, seed: (options.seed + k) >>> 0 }));
  const first = runs[0] as Omit<TrainedNetwork, 'memberEpochs'>;
  const memberEpochs = runs.map((r) => r.bestEpoch);
  if (n === 1) return { ...first, memberEpochs };
  const model = mergeEnsemble(runs.map((r) => r.model));
  for (const r of runs) r.model.dispose();
  return { ...first, model, memberEpochs };
}

/** One network of `trainNetwork`. */
function trainOne(x: Matrix, y: Matrix, shape: DataShape, settings: TrainSettings, options: TrainNetworkOptions): Omit<TrainedNetwork, 'memberEpochs'> {
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
