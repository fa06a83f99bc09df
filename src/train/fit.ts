import { checkKnownKeys, checkNumber } from '../core/checks.js';
import { ConfigError, DivergenceError, ShapeError } from '../core/errors.js';
import { toCheckedMatrix, toCheckedTargets, type Matrix, type MatrixLike, type TargetLike } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import type { Model } from '../nn/model.js';
import type { Loss, LossSpec } from '../nn/losses.js';
import { Adam } from '../optim/adam.js';
import { createOptimizer, type AnyOptimizer } from '../optim/create.js';
import type { OptimizerConfig, OptimizerName } from '../optim/optimizer.js';
import { defaultMetrics, evaluateRows, taskOf } from './evaluate.js';
import { EarlyStopping, earlyStoppingOf, type EarlyStoppingOptions } from './early-stopping.js';
import { MetricAccumulator, type MetricName, type TaskKind } from './metrics.js';
import { trainTestSplit } from '../data/split.js';
import { WeightSnapshot } from './weight-snapshot.js';
import { Trainer, identityRows, type EpochCost, type TrainerStep } from './trainer.js';

/** Passed to `onBatchEnd` after every optimizer step. */
export interface BatchLog {
  epoch: number;
  /** 0-based batch index within the epoch */
  batch: number;
  batches: number;
  /** cost of this batch (data cost + penalty), both at the weights the step evaluated */
  cost: number;
  /** rows trained on so far in this epoch */
  samples: number;
  lr: number;
}

/** One line of the history. */
export interface EpochLog {
  /** 0-based */
  epoch: number;
  /** training cost over the epoch: data cost + penalty of every step, weighted by batch size, each at the weights that step evaluated */
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
  /** Return false to stop training after this epoch (`fitAsync` also awaits a Promise of it). */
  onEpochEnd?: (log: EpochLog) => boolean | void | Promise<boolean | void>;
  onTrainEnd?: (history: History) => void;
}

export interface FitOptions {
  /** default: the model's loss */
  loss?: LossSpec | Loss;
  /** an optimizer, a name or a config; default: the model's last optimizer, else Adam(1e-3). A new one replaces (and resets) the model's previous optimizer */
  optimizer?: AnyOptimizer | OptimizerName | (Partial<OptimizerConfig> & { name: OptimizerName });
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

/** `fitAsync` takes the options of `fit`, and a signal to stop it. */
export interface FitAsyncOptions extends FitOptions {
  /** aborting stops training cleanly: the model keeps the weights of the last complete epoch */
  signal?: AbortSignal;
}

/** Every option `fit` knows (anything else is refused, with the close name). */
const FIT_OPTIONS = [
  'loss', 'optimizer', 'epochs', 'batchSize', 'shuffle', 'validationSplit', 'validationData', 'earlyStopping',
  'sampleWeight', 'classWeight', 'metrics', 'callbacks',
] as const satisfies readonly (keyof FitOptions)[];
const FIT_ASYNC_OPTIONS = [...FIT_OPTIONS, 'signal'] as const satisfies readonly (keyof FitAsyncOptions)[];
const CALLBACKS = ['onTrainBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd'] as const satisfies readonly (keyof FitCallbacks)[];

export interface History {
  epochs: EpochLog[];
  /** why training ended: all epochs ran, early stopping, a callback returned false, the solver converged, or the signal aborted it */
  stopReason: 'completed' | 'early-stopping' | 'callback' | 'converged' | 'aborted';
  /** the epoch whose weights the model holds at the end, when early stopping restored them */
  bestEpoch: number | null;
}

/** Thrown when the cost stops being finite; the model is back at weights whose cost was evaluated finite. */
export class TrainingDivergedError extends DivergenceError {
  constructor(
    message: string,
    epoch: number,
    readonly history: History,
    /** epochs completed at the weights the model was restored to (0: its initial weights) */
    readonly restoredEpoch: number,
  ) {
    super(message, epoch);
  }
}

/**
 * Trains the model: for every epoch, for every batch,
 *   forward → cost → backward → optimizer.step
 * (one `Trainer` step), then validation, callbacks, the schedule's epoch hook and early stopping.
 * Returns the per-epoch history of training and validation cost and metrics. Synchronous: for
 * async callbacks, or to stay responsive and stoppable, use `fitAsync`.
 */
export function fit(model: Model, x: MatrixLike, y: TargetLike, options: FitOptions = {}): History {
  checkKnownKeys('fit', options, FIT_OPTIONS);
  const run = fitRun(model, x, y, options, { aborted: false });
  const callbacks = options.callbacks ?? {};
  let stop = false;
  for (;;) {
    const next = run.next(stop);
    if (next.done === true) {
      callbacks.onTrainEnd?.(next.value);
      return next.value;
    }
    stop = false;
    const event = next.value;
    if (event.kind === 'begin') callbacks.onTrainBegin?.(event.info);
    else if (event.kind === 'batch') callbacks.onBatchEnd?.(event.log);
    else {
      const answer = callbacks.onEpochEnd?.(event.log);
      if (isThenable(answer)) {
        run.return(emptyHistory());
        throw new ConfigError('fit: onEpochEnd returned a Promise, which fit (synchronous) cannot wait for; use model.fitAsync for async callbacks');
      }
      stop = answer === false;
    }
  }
}

/** How often `fitAsync` lets the event loop run (it yields between steps once this much time passed). */
const YIELD_EVERY_MS = 20;

/**
 * `fit` that yields to the event loop between steps (at least every 50 ms unless one step takes
 * longer), awaits async callbacks, and stops on `options.signal`: the model then holds the
 * weights of the last complete epoch and `history.stopReason` is 'aborted'. The optimizer keeps
 * the state of the steps it took in the interrupted epoch.
 */
export async function fitAsync(model: Model, x: MatrixLike, y: TargetLike, options: FitAsyncOptions = {}): Promise<History> {
  checkKnownKeys('fitAsync', options, FIT_ASYNC_OPTIONS);
  const { signal, ...fitOptions } = options;
  const control = { aborted: signal?.aborted ?? false };
  const onAbort = (): void => {
    control.aborted = true;
  };
  signal?.addEventListener('abort', onAbort);
  try {
    const run = fitRun(model, x, y, fitOptions, control);
    const callbacks = options.callbacks ?? {};
    let stop = false;
    let lastYield = performance.now();
    for (;;) {
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      const next = run.next(stop);
      if (next.done === true) {
        await callbacks.onTrainEnd?.(next.value);
        return next.value;
      }
      stop = false;
      const event = next.value;
      if (event.kind === 'begin') await callbacks.onTrainBegin?.(event.info);
      else if (event.kind === 'batch') await callbacks.onBatchEnd?.(event.log);
      else {
        const answer = await callbacks.onEpochEnd?.(event.log);
        stop = answer === false;
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Lets timers, I/O and signal handlers run (a macrotask: setTimeout works in Node and in browsers). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function emptyHistory(): History {
  return { epochs: [], stopReason: 'callback', bestEpoch: null };
}

/** What the training loop hands its driver (`fit` or `fitAsync`) to pass to the callbacks. */
type FitEvent =
  | { kind: 'begin'; info: { epochs: number; batches: number; samples: number; validationSamples: number } }
  | { kind: 'batch'; log: BatchLog }
  | { kind: 'epoch'; log: EpochLog };

/**
 * The weights to fall back on when the cost stops being finite: always weights at which the loop
 * evaluated a finite cost. A gradient step evaluates before it moves, so the end of epoch e is
 * confirmed by the first (finite) batch of epoch e + 1; a line search ends where it evaluated.
 */
export class FallbackWeights {
  /** the end of the last complete epoch (or the start) */
  private readonly candidate: WeightSnapshot;
  private candidateEpoch = 0;
  /** weights whose cost was evaluated finite */
  private readonly confirmed: WeightSnapshot;
  confirmedEpoch = 0;

  constructor(model: Model) {
    this.candidate = new WeightSnapshot(model.backend, model.parameters());
    this.confirmed = new WeightSnapshot(model.backend, model.parameters());
  }

  /** Gives the snapshots' memory back (at the end of the fit). */
  dispose(): void {
    this.candidate.dispose();
    this.confirmed.dispose();
  }

  /** After each finite step. */
  stepped(step: TrainerStep): void {
    if (step.evaluatedAt === 'start' && step.batch === 0) this.promote();
    if (step.epochEnd) this.epochEnded(step.epoch + 1, step.evaluatedAt);
  }

  /** An epoch ended (`epochs` complete now); `evaluatedAt` of its last step. */
  epochEnded(epochs: number, evaluatedAt: TrainerStep['evaluatedAt']): void {
    this.candidate.save();
    this.candidateEpoch = epochs;
    if (evaluatedAt === 'end') this.promote();
  }

  /** Back to weights whose cost was finite; returns their epoch count. */
  private restoreConfirmed(): number {
    this.confirmed.restore();
    return this.confirmedEpoch;
  }

  /**
   * A step's cost came out `cost`, not finite, in the 0-based `epoch`: back to the last weights whose
   * cost was finite, with the solver told to forget what it built on later ones. Returns the error to throw.
   */
  diverged(cost: number, epoch: number, history: History, solver: AnyOptimizer): TrainingDivergedError {
    const restored = this.restoreConfirmed();
    solver.onTrainBegin?.();
    return new TrainingDivergedError(
      `training diverged in epoch ${epoch + 1}: the cost became ${cost}; the model was restored to ` +
        `${restored === 0 ? 'its initial weights' : `the end of epoch ${restored}`}. ${lowerRateHint(solver)}`,
      epoch,
      history,
      restored,
    );
  }

  /** Back to the end of the last complete epoch. */
  restoreEpochEnd(): void {
    this.candidate.restore();
  }

  private promote(): void {
    if (this.confirmedEpoch === this.candidateEpoch) return;
    this.confirmed.copyFrom(this.candidate);
    this.confirmedEpoch = this.candidateEpoch;
  }
}

/**
 * The training loop both drivers share, as a generator: it yields every event a callback sees and
 * receives back whether `onEpochEnd` asked to stop; `control.aborted` (checked before every step)
 * ends it with the last complete epoch's weights.
 */
function* fitRun(model: Model, x: MatrixLike, y: TargetLike, options: FitOptions, control: { aborted: boolean }): Generator<FitEvent, History, boolean> {
  if (options.callbacks !== undefined) checkKnownKeys('fit: callbacks', options.callbacks, CALLBACKS);
  const xAll = toCheckedMatrix(x, model.dtype, 'fit: x');
  const yAll = toCheckedTargets(y, model.dtype, 'fit: y');
  if (xAll.cols !== model.inputs) throw new ShapeError(`fit: model expects ${model.inputs} input columns, x is ${xAll.shape}`);
  if (xAll.rows !== yAll.rows) throw new ShapeError(`fit: x has ${xAll.rows} rows but y has ${yAll.rows}`);
  if (xAll.rows === 0) throw new ShapeError('fit: no training rows');
  if (options.loss !== undefined) model.setLoss(options.loss);
  const loss = model.loss;
  const task = taskOf(loss, model.outputs);
  const optimizer = resolveOptimizer(options.optimizer ?? model.optimizer ?? null);
  // a replaced optimizer's state lives in backend memory: give it back
  const previous = model.optimizer;
  if (previous !== null && previous !== optimizer) previous.reset();
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
    xVal = toCheckedMatrix(options.validationData.x, model.dtype, 'fit: validationData.x');
    yVal = toCheckedTargets(options.validationData.y, model.dtype, 'fit: validationData.y');
    if (xVal.rows !== yVal.rows) throw new ShapeError(`validationData: x has ${xVal.rows} rows but y has ${yVal.rows}`);
    if (xVal.cols !== model.inputs) throw new ShapeError(`fit: model expects ${model.inputs} input columns, validationData.x is ${xVal.shape}`);
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

  const batchSize = checkNumber('fit: batchSize', options.batchSize ?? 32, { min: 1, integer: true });
  const metricNames = options.metrics ?? defaultMetrics(task);
  const trainMetrics = new MetricAccumulator(task, model.outputs, metricNames);
  const valMetrics = new MetricAccumulator(task, model.outputs, metricNames);
  const stoppingOptions = earlyStoppingOf(options.earlyStopping, valRows !== null);
  const stopping = stoppingOptions === null ? null : new EarlyStopping(model.parameters(), stoppingOptions);
  const history: History = { epochs: [], stopReason: 'completed', bestEpoch: null };
  const trainer = new Trainer({ model, loss, solver: optimizer, x: xAll, y: yAll, rows: trainRows, weights, batchSize, shuffle: options.shuffle ?? true, rng: model.rng });
  const fallback = new FallbackWeights(model);
  try {
    optimizer.onTrainBegin?.();
    yield { kind: 'begin', info: { epochs, batches: trainer.batches, samples: n, validationSamples: valRows?.length ?? 0 } };

    for (let epoch = 0; epoch < epochs; epoch++) {
      const started = performance.now();
      trainMetrics.reset();
      let last: TrainerStep;
      do {
        if (control.aborted) {
          // mid-epoch: back to the end of the last complete epoch
          if (trainer.batch !== 0) fallback.restoreEpochEnd();
          history.stopReason = 'aborted';
          return history;
        }
        last = trainer.step();
        const cost = last.dataCost + last.penalty;
        if (!Number.isFinite(cost)) throw fallback.diverged(cost, epoch, history, optimizer);
        fallback.stepped(last);
        trainMetrics.add(last.output, last.target);
        yield { kind: 'batch', log: { epoch, batch: last.batch, batches: last.batches, cost, samples: last.samples, lr: last.lr } };
      } while (!last.epochEnd);

      const log = epochLog({ epoch, cost: trainer.epochCost(), metrics: trainMetrics.result(), lr: last.lr, started, rows: n });
      if (valRows !== null) {
        const v = evaluateRows(model, xVal, yVal, valRows, loss, valMetrics, wVal, 1024);
        log.valCost = v.cost;
        log.valMetrics = v.metrics;
      }
      history.epochs.push(log);
      optimizer.onEpochEnd(log.valCost ?? log.cost);

      let stop = yield { kind: 'epoch', log };
      if (stop) history.stopReason = 'callback';
      if (last.converged && !stop) {
        history.stopReason = 'converged';
        stop = true;
      }
      if (stopping !== null && !stop && stopping.epochEnded(log, epoch)) {
        history.stopReason = 'early-stopping';
        stop = true;
      }
      if (stop) break;
    }
    stopping?.finish(history);
    return history;
  } finally {
    fallback.dispose();
    trainer.dispose();
  }
}

/** An epoch's log line before validation: its training cost and metrics, last η, and timing. */
export function epochLog(e: { epoch: number; cost: EpochCost; metrics: Record<string, number>; lr: number; started: number; rows: number }): EpochLog {
  // started: performance.now() at the epoch's start; rows: training rows it went through
  const seconds = (performance.now() - e.started) / 1000;
  return {
    epoch: e.epoch,
    cost: e.cost.dataCost + e.cost.penalty,
    dataCost: e.cost.dataCost,
    penalty: e.cost.penalty,
    metrics: e.metrics,
    lr: e.lr,
    seconds,
    samplesPerSecond: e.rows / Math.max(seconds, 1e-9),
  };
}

export function resolveOptimizer(spec: FitOptions['optimizer'] | null): AnyOptimizer {
  if (spec === null || spec === undefined) return new Adam();
  if (typeof spec === 'string') return createOptimizer(spec);
  if ('solve' in spec) return spec;
  return createOptimizer(spec);
}

function lowerRateHint(o: AnyOptimizer): string {
  const config = o.config();
  return 'lr' in config ? `Try a lower learning rate (it was ${config.lr}).` : 'Its steps were chosen by line search; try scaling the inputs.';
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
