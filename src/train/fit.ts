import { checkNumber } from '../core/checks.js';
import { ConfigError, DivergenceError, ShapeError } from '../core/errors.js';
import { Matrix, toMatrix, toTargetMatrix, type MatrixLike, type TargetLike } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import type { Model } from '../nn/model.js';
import type { Loss, LossSpec } from '../nn/losses.js';
import { Adam } from '../optim/adam.js';
import { createOptimizer, type AnyOptimizer } from '../optim/create.js';
import { LBFGS, flattenGrads, flattenValues, unflattenValues } from '../optim/lbfgs.js';
import type { OptimizerConfig, OptimizerName } from '../optim/optimizer.js';
import { defaultMetrics, evaluateRows, taskOf } from './evaluate.js';
import { MetricAccumulator, higherIsBetter, type MetricName, type TaskKind } from './metrics.js';
import { trainTestSplit } from '../data/split.js';
import { gatherRows } from './gather.js';

export interface EarlyStoppingOptions {
  /** 'valCost' (default with validation data), 'cost', or a metric such as 'valAccuracy' */
  monitor?: string;
  /** epochs without improvement before stopping, default 10 */
  patience?: number;
  /** the least change that counts as an improvement, default 0 */
  minDelta?: number;
  /** put back the weights of the best epoch when stopping, default true */
  restoreBestWeights?: boolean;
}

/** Passed to `onBatchEnd` after every optimizer step. */
export interface BatchLog {
  epoch: number;
  /** 0-based batch index within the epoch */
  batch: number;
  batches: number;
  /** cost of this batch (data cost + penalty) */
  cost: number;
  /** rows trained on so far in this epoch */
  samples: number;
  lr: number;
}

/** One line of the history. */
export interface EpochLog {
  /** 0-based */
  epoch: number;
  /** training cost over the epoch: data cost (weighted by batch size) + penalty */
  cost: number;
  dataCost: number;
  penalty: number;
  /** training metrics, gathered batch by batch during the epoch */
  metrics: Record<string, number>;
  valCost?: number;
  valMetrics?: Record<string, number>;
  /** learning rate of the epoch's last step */
  lr: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface FitCallbacks {
  onTrainBegin?: (info: { epochs: number; batches: number; samples: number; validationSamples: number }) => void;
  onBatchEnd?: (log: BatchLog) => void;
  /** Return false to stop training after this epoch. */
  onEpochEnd?: (log: EpochLog) => boolean | void;
  onTrainEnd?: (history: History) => void;
}

export interface FitOptions {
  /** default: the model's loss */
  loss?: LossSpec | Loss;
  /** an optimizer, a name or a config; default: the model's last optimizer, else Adam(1e-3). A new one replaces (and resets) the model's previous optimizer */
  optimizer?: AnyOptimizer | OptimizerName | (Partial<OptimizerConfig> & { name: string });
  /** default 10 (for L-BFGS: the most iterations) */
  epochs?: number;
  /** 1 = stochastic, n = full batch, anything between = mini-batch; default 32 */
  batchSize?: number;
  /** reshuffle the rows every epoch with the model's Rng, default true */
  shuffle?: boolean;
  /** fraction of rows held out for validation (stratified for classification); the same rows in every fit of a model with this seed */
  validationSplit?: number;
  validationData?: { x: MatrixLike; y: TargetLike; sampleWeight?: ArrayLike<number> };
  earlyStopping?: boolean | EarlyStoppingOptions;
  /** wᵢ per training row, scaling its loss in the cost */
  sampleWeight?: ArrayLike<number>;
  /** weight per class index, multiplied into the sample weights (classification only) */
  classWeight?: ArrayLike<number> | Record<number, number>;
  /** default: accuracy for classification, mse/mae/r2 for regression */
  metrics?: MetricName[];
  callbacks?: FitCallbacks;
}

export interface History {
  epochs: EpochLog[];
  stopReason: 'completed' | 'early-stopping' | 'callback' | 'converged';
  /** the epoch whose weights the model holds at the end, when early stopping restored them */
  bestEpoch: number | null;
}

/** Thrown when the cost stops being finite; the model is back at the end of the last good epoch. */
export class TrainingDivergedError extends DivergenceError {
  constructor(
    message: string,
    epoch: number,
    readonly history: History,
  ) {
    super(message, epoch);
  }
}

/**
 * Trains the model: for every epoch, for every batch,
 *   forward → cost → backward → optimizer.step
 * then validation, callbacks, the schedule's epoch hook and early stopping.
 * Returns the per-epoch history of training and validation cost and metrics.
 */
export function fit(model: Model, x: MatrixLike, y: TargetLike, options: FitOptions = {}): History {
  const xAll = toMatrix(x, model.dtype, 'x');
  const yAll = toTargetMatrix(y, model.dtype);
  if (xAll.cols !== model.inputs) throw new ShapeError(`fit: model expects ${model.inputs} input columns, x is ${xAll.shape}`);
  if (xAll.rows !== yAll.rows) throw new ShapeError(`fit: x has ${xAll.rows} rows but y has ${yAll.rows}`);
  if (xAll.rows === 0) throw new ShapeError('fit: no training rows');
  if (options.loss !== undefined) model.setLoss(options.loss);
  const loss = model.loss;
  const task = taskOf(loss, model.outputs);
  const optimizer = resolveOptimizer(options.optimizer ?? model.optimizer ?? null);
  // a replaced optimizer's state lives in backend memory: give it back
  const previous = model.optimizer;
  if (previous !== null && previous !== optimizer && !(previous instanceof LBFGS)) previous.reset();
  model.optimizer = optimizer;
  const epochs = checkNumber('fit: epochs', options.epochs ?? 10, { min: 0, integer: true });
  const labels = task === 'regression' ? null : classLabels(yAll, task);

  // split off validation rows (stratified by class for classification)
  let trainRows: Uint32Array;
  let valRows: Uint32Array | null = null;
  let xVal = xAll;
  let yVal = yAll;
  let wVal: ArrayLike<number> | null = null;
  if (options.validationData !== undefined) {
    xVal = toMatrix(options.validationData.x, model.dtype, 'validationData.x');
    yVal = toTargetMatrix(options.validationData.y, model.dtype);
    if (xVal.rows !== yVal.rows) throw new ShapeError(`validationData: x has ${xVal.rows} rows but y has ${yVal.rows}`);
    valRows = identityRows(xVal.rows);
    wVal = options.validationData.sampleWeight ?? null;
    trainRows = identityRows(xAll.rows);
  } else if (options.validationSplit !== undefined && options.validationSplit > 0) {
    const fraction = checkNumber('fit: validationSplit', options.validationSplit, { min: 0, max: 1, exclusiveMin: true });
    if (fraction >= 1) throw new ConfigError(`fit: validationSplit must be < 1, got ${fraction}`);
    // drawn from a generator derived from the model's seed (not from its running state), so every
    // fit of this model — a resumed one too — holds out the same rows
    const split = trainTestSplit(labels ?? xAll.rows, { testFraction: fraction, rng: new Rng((model.seed ^ 0x9e3779b9) >>> 0) });
    trainRows = split.train;
    valRows = split.test;
    if (valRows.length === 0) throw new ConfigError(`fit: validationSplit ${fraction} of ${xAll.rows} rows leaves no validation rows`);
  } else {
    trainRows = identityRows(xAll.rows);
  }
  const n = trainRows.length;
  const weights = sampleWeights(xAll.rows, options.sampleWeight, options.classWeight, labels);
  if (valRows !== null && options.validationData === undefined) wVal = weights;

  const batchSize = Math.min(n, checkNumber('fit: batchSize', options.batchSize ?? 32, { min: 1, integer: true }));
  const batches = Math.ceil(n / batchSize);
  const shuffle = options.shuffle ?? true;
  const metricNames = options.metrics ?? defaultMetrics(task);
  const trainMetrics = new MetricAccumulator(task, model.outputs, metricNames);
  const valMetrics = new MetricAccumulator(task, model.outputs, metricNames);
  const stopping = earlyStoppingOf(options.earlyStopping, valRows !== null);
  const params = model.parameters();
  const lastGood = flattenValues(params);
  const best = stopping?.restoreBestWeights ? flattenValues(params) : null;
  let bestValue = Infinity;
  let bestEpoch: number | null = null;
  let wait = 0;
  const history: History = { epochs: [], stopReason: 'completed', bestEpoch: null };
  const callbacks = options.callbacks ?? {};
  callbacks.onTrainBegin?.({ epochs, batches: optimizer instanceof LBFGS ? 1 : batches, samples: n, validationSamples: valRows?.length ?? 0 });

  const step = optimizer instanceof LBFGS
    ? lbfgsEpoch(model, loss, optimizer, xAll, yAll, trainRows, weights)
    : sgdEpoch(model, loss, optimizer, xAll, yAll, trainRows, weights, batchSize, shuffle, callbacks);

  for (let epoch = 0; epoch < epochs; epoch++) {
    const started = performance.now();
    trainMetrics.reset();
    const result = step(epoch, trainMetrics);
    if (!Number.isFinite(result.dataCost)) {
      unflattenValues(params, lastGood);
      if (optimizer instanceof LBFGS) optimizer.reset();
      throw new TrainingDivergedError(
        `training diverged in epoch ${epoch + 1}: the cost became ${result.dataCost}; the model was restored to ` +
          `${epoch === 0 ? 'its initial weights' : `the end of epoch ${epoch}`}. Try a lower learning rate (it was ${optimizerLr(optimizer)}).`,
        epoch,
        history,
      );
    }
    const penalty = model.penalty();
    const log: EpochLog = {
      epoch,
      cost: result.dataCost + penalty,
      dataCost: result.dataCost,
      penalty,
      metrics: trainMetrics.result(),
      lr: result.lr,
      seconds: (performance.now() - started) / 1000,
      samplesPerSecond: 0,
    };
    log.samplesPerSecond = n / Math.max(log.seconds, 1e-9);
    if (valRows !== null) {
      const v = evaluateRows(model, xVal, yVal, valRows, loss, valMetrics, wVal, 1024);
      log.valCost = v.cost;
      log.valMetrics = v.metrics;
    }
    history.epochs.push(log);
    flattenValues(params, lastGood);
    if (!(optimizer instanceof LBFGS)) optimizer.onEpochEnd(log.valCost ?? log.cost);

    let stop = callbacks.onEpochEnd?.(log) === false;
    if (stop) history.stopReason = 'callback';
    if (result.converged && !stop) {
      history.stopReason = 'converged';
      stop = true;
    }
    if (stopping !== null && !stop) {
      const value = monitored(log, stopping.monitor);
      const sign = higherIsBetter(stopping.monitor) ? -1 : 1;
      // improvement: sign·value < sign·best − minDelta
      if (sign * value < bestValue - stopping.minDelta) {
        bestValue = sign * value;
        bestEpoch = epoch;
        wait = 0;
        if (best !== null) flattenValues(params, best);
      } else if (++wait >= stopping.patience) {
        history.stopReason = 'early-stopping';
        stop = true;
      }
    }
    if (stop) break;
  }
  if (best !== null && bestEpoch !== null && history.stopReason === 'early-stopping') {
    unflattenValues(params, best);
    history.bestEpoch = bestEpoch;
  }
  callbacks.onTrainEnd?.(history);
  return history;
}

interface EpochResult {
  dataCost: number;
  lr: number;
  converged: boolean;
}

/** Mini-batch epochs: gather each batch into the model's input buffer, then forward → cost → backward → step. */
function sgdEpoch(
  model: Model,
  loss: Loss,
  optimizer: Exclude<AnyOptimizer, LBFGS>,
  x: Matrix,
  y: Matrix,
  trainRows: Uint32Array,
  weights: Float64Array | null,
  batchSize: number,
  shuffle: boolean,
  callbacks: FitCallbacks,
): (epoch: number, metrics: MetricAccumulator) => EpochResult {
  const n = trainRows.length;
  const order = Uint32Array.from(trainRows);
  const batches = Math.ceil(n / batchSize);
  // per-batch buffers, allocated once for the full and the last (smaller) batch
  const yBuffers = new Map<number, Matrix>();
  const wBuffers = new Map<number, Float64Array>();
  const yBatchOf = (rows: number): Matrix => {
    let m = yBuffers.get(rows);
    if (m === undefined) yBuffers.set(rows, (m = Matrix.zeros(rows, y.cols, model.dtype)));
    return m;
  };
  const wBatchOf = (rows: number): Float64Array => {
    let w = wBuffers.get(rows);
    if (w === undefined) wBuffers.set(rows, (w = new Float64Array(rows)));
    return w;
  };
  return (epoch, metrics) => {
    if (shuffle) {
      // a fresh permutation each epoch, so the order depends only on the generator's state (resumable)
      order.set(trainRows);
      model.rng.shuffle(order);
    }
    let weighted = 0;
    let lr = optimizer.learningRate;
    for (let b = 0; b < batches; b++) {
      const start = b * batchSize;
      const count = Math.min(batchSize, n - start);
      const input = model.inputBuffer(count);
      gatherRows(x.data, x.cols, order, start, count, input.data);
      const yBatch = yBatchOf(count);
      gatherRows(y.data, y.cols, order, start, count, yBatch.data);
      let wBatch: Float64Array | null = null;
      if (weights !== null) {
        wBatch = wBatchOf(count);
        gatherRows(weights, 1, order, start, count, wBatch);
      }
      // 1. forward pass
      const out = model.forwardInput(input, true);
      // 2. loss and cost
      const cost = model.dataCost(loss, yBatch, wBatch);
      if (!Number.isFinite(cost)) return { dataCost: cost, lr, converged: false };
      weighted += loss.reduction === 'mean' ? cost * count : cost;
      metrics.add(out, yBatch);
      // 3. backward pass (gradients only)
      model.backpropagate(loss, yBatch, wBatch, false);
      // 4. update
      lr = optimizer.learningRate;
      optimizer.step(model);
      callbacks.onBatchEnd?.({ epoch, batch: b, batches, cost: cost + model.penalty(), samples: start + count, lr });
    }
    return { dataCost: loss.reduction === 'mean' ? weighted / n : weighted, lr, converged: false };
  };
}

/** Full-batch epochs for L-BFGS: each epoch is one L-BFGS iteration over all training rows. */
function lbfgsEpoch(
  model: Model,
  loss: Loss,
  optimizer: LBFGS,
  x: Matrix,
  y: Matrix,
  trainRows: Uint32Array,
  weights: Float64Array | null,
): (epoch: number, metrics: MetricAccumulator) => EpochResult {
  const n = trainRows.length;
  const params = model.parameters();
  const input = model.inputBuffer(n);
  gatherRows(x.data, x.cols, trainRows, 0, n, input.data);
  const yAll = Matrix.zeros(n, y.cols, model.dtype);
  gatherRows(y.data, y.cols, trainRows, 0, n, yAll.data);
  let wAll: Float64Array | null = null;
  if (weights !== null) {
    wAll = new Float64Array(n);
    gatherRows(weights, 1, trainRows, 0, n, wAll);
  }
  // cost(θ) and ∂cost/∂θ over the whole training set
  const costAndGradient = (theta: Float64Array, g: Float64Array): number => {
    unflattenValues(params, theta);
    model.forwardInput(input, true);
    const cost = model.dataCost(loss, yAll, wAll) + model.penalty();
    model.backpropagate(loss, yAll, wAll, false);
    flattenGrads(params, g);
    return cost;
  };
  optimizer.reset();
  return (_epoch, metrics) => {
    const it = optimizer.iterate(costAndGradient, flattenValues(params));
    const out = model.forwardInput(input, false);
    metrics.add(out, yAll);
    return { dataCost: it.cost - model.penalty(), lr: 1, converged: it.done };
  };
}

export function resolveOptimizer(spec: FitOptions['optimizer'] | null): AnyOptimizer {
  if (spec === null || spec === undefined) return new Adam();
  if (typeof spec === 'string') return createOptimizer(spec);
  if ('step' in spec || spec instanceof LBFGS) return spec as AnyOptimizer;
  return createOptimizer(spec as Partial<OptimizerConfig> & { name: string });
}

export function optimizerLr(o: AnyOptimizer): string {
  return o instanceof LBFGS ? 'chosen by line search' : String(o.lr);
}

function identityRows(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Class index per row (argmax of one-hot targets, the label itself, or y ≥ ½ for one binary output). */
function classLabels(y: Matrix, task: TaskKind): Int32Array | null {
  if (task === 'multilabel') return null;
  const out = new Int32Array(y.rows);
  for (let i = 0; i < y.rows; i++) {
    if (y.cols === 1) out[i] = task === 'binary' ? ((y.data[i] as number) >= 0.5 ? 1 : 0) : (y.data[i] as number);
    else {
      let best = 0;
      for (let j = 1; j < y.cols; j++) if ((y.data[i * y.cols + j] as number) > (y.data[i * y.cols + best] as number)) best = j;
      out[i] = best;
    }
  }
  return out;
}

/** wᵢ = sampleWeightᵢ · classWeight[classᵢ], or null when neither is given. */
function sampleWeights(
  n: number,
  sampleWeight: ArrayLike<number> | undefined,
  classWeight: FitOptions['classWeight'],
  labels: Int32Array | null,
): Float64Array | null {
  if (sampleWeight === undefined && classWeight === undefined) return null;
  const w = new Float64Array(n).fill(1);
  if (sampleWeight !== undefined) {
    if (sampleWeight.length !== n) throw new ShapeError(`fit: sampleWeight has ${sampleWeight.length} values for ${n} rows`);
    for (let i = 0; i < n; i++) {
      const v = sampleWeight[i] as number;
      if (!(Number.isFinite(v) && v >= 0)) throw new ConfigError(`fit: sampleWeight[${i}] must be a finite number ≥ 0, got ${v}`);
      w[i] = v;
    }
  }
  if (classWeight !== undefined) {
    if (labels === null) throw new ConfigError('fit: classWeight needs a single-label classification loss (categorical, sparse or binary cross-entropy)');
    for (let i = 0; i < n; i++) {
      const c = labels[i] as number;
      const cw = (classWeight as Record<number, number>)[c];
      if (cw === undefined) continue;
      if (!(Number.isFinite(cw) && cw >= 0)) throw new ConfigError(`fit: classWeight[${c}] must be a finite number ≥ 0, got ${cw}`);
      w[i] = (w[i] as number) * cw;
    }
  }
  return w;
}

export function earlyStoppingOf(spec: FitOptions['earlyStopping'], hasValidation: boolean): Required<EarlyStoppingOptions> | null {
  if (spec === undefined || spec === false) return null;
  const o = spec === true ? {} : spec;
  const monitor = o.monitor ?? (hasValidation ? 'valCost' : 'cost');
  if (monitor.startsWith('val') && !hasValidation) throw new ConfigError(`fit: early stopping monitors '${monitor}' but there is no validation data (set validationSplit or validationData)`);
  return {
    monitor,
    patience: checkNumber('earlyStopping: patience', o.patience ?? 10, { min: 1, integer: true }),
    minDelta: checkNumber('earlyStopping: minDelta', o.minDelta ?? 0, { min: 0 }),
    restoreBestWeights: o.restoreBestWeights ?? true,
  };
}

export function monitored(log: EpochLog, monitor: string): number {
  if (monitor === 'cost') return log.cost;
  if (monitor === 'valCost') return log.valCost as number;
  if (monitor.startsWith('val')) {
    const key = monitor.slice(3, 4).toLowerCase() + monitor.slice(4);
    const v = log.valMetrics?.[key];
    if (v === undefined) throw new ConfigError(`earlyStopping: no validation metric '${key}' (have ${Object.keys(log.valMetrics ?? {}).join(', ')})`);
    return v;
  }
  const v = log.metrics[monitor];
  if (v === undefined) throw new ConfigError(`earlyStopping: no metric '${monitor}' (have cost, valCost, ${Object.keys(log.metrics).join(', ')})`);
  return v;
}
