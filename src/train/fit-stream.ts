import { checkKnownKeys, checkNumber } from '../core/checks.js';
import { ConfigError, ShapeError } from '../core/errors.js';
import { Matrix } from '../core/matrix.js';
import type { Model } from '../nn/model.js';
import { trainingPasses } from '../nn/passes.js';
import { defaultMetrics, taskOf } from './evaluate.js';
import { EarlyStopping, earlyStoppingOf, type EarlyStoppingOptions } from './early-stopping.js';
import { Trainer } from './trainer.js';
import {
  epochLog,
  FallbackWeights,
  resolveOptimizer,
  type FitCallbacks,
  type FitOptions,
  type History,
} from './fit.js';
import { MetricAccumulator, type MetricName } from './metrics.js';

/** One batch of encoded rows: x is rows × inputs, y rows × targets (as `fit` takes them). */
export interface Batch {
  readonly x: Matrix;
  readonly y: Matrix;
}

/**
 * Where the batches of an epoch come from: an iterable that can be iterated again for every epoch
 * (an object with `[Symbol.asyncIterator]` or `[Symbol.iterator]` that starts afresh), or a function
 * of the 0-based epoch that returns one. A batch only needs to stay valid until the next is asked for.
 */
export type BatchSource = AsyncIterable<Batch> | Iterable<Batch> | ((epoch: number) => AsyncIterable<Batch> | Iterable<Batch>);

/** Options of `fitStream`. */
export interface FitStreamOptions extends Pick<FitOptions, 'loss' | 'optimizer' | 'metrics'> {
  /** default 10 */
  epochs?: number;
  /** Validation batches, gone through after every epoch. */
  validation?: BatchSource;
  earlyStopping?: boolean | EarlyStoppingOptions;
  /** `onTrainBegin` gets the row counts given here (streams cannot know them): rows per epoch and validation rows. */
  rows?: { train: number; validation?: number; batchSize?: number };
  callbacks?: FitCallbacks;
}

/**
 * Trains on batches that arrive from an iterable — a file read in chunks, a database cursor — so
 * memory is bounded by a batch, not by the data. The same loop as `fit`:
 *   for every epoch, for every batch: forward → cost → backward → optimizer.step
 * then validation, callbacks, the schedule's epoch hook and early stopping (with the best weights
 * kept in memory: one copy of the parameters). The order of the rows is the source's: shuffle them
 * there (see `ShuffleBuffer`). L-BFGS needs every row at once and is refused.
 */
export async function fitStream(model: Model, batches: BatchSource, options: FitStreamOptions = {}): Promise<History> {
  checkKnownKeys('fitStream', options, FIT_STREAM_OPTIONS);
  if (options.loss !== undefined) model.setLoss(options.loss);
  const loss = model.loss;
  const task = taskOf(loss, model.outputs);
  const optimizer = resolveOptimizer(options.optimizer ?? model.optimizer ?? null);
  if (optimizer.batching === 'full') throw new ConfigError('fitStream: L-BFGS needs all rows in every iteration; use fit, or a first-order optimizer (adam, sgd, …)');
  const previous = model.optimizer;
  if (previous !== null && previous !== optimizer) previous.reset();
  model.optimizer = optimizer;
  const epochs = checkNumber('fitStream: epochs', options.epochs ?? 10, { min: 0, integer: true });
  const metricNames: MetricName[] = options.metrics ?? defaultMetrics(task);
  const trainMetrics = new MetricAccumulator(task, model.outputs, metricNames);
  const valMetrics = new MetricAccumulator(task, model.outputs, metricNames);
  const stoppingOptions = earlyStoppingOf(options.earlyStopping, options.validation !== undefined);
  const stopping = stoppingOptions === null ? null : new EarlyStopping(model.parameters(), stoppingOptions);
  const history: History = { epochs: [], stopReason: 'completed', bestEpoch: null };
  const callbacks = options.callbacks ?? {};
  const rows = options.rows;
  // the one training core, fed batch by batch (it copies each into buffers of its own)
  const trainer = new Trainer({ model, loss, solver: optimizer, batchSize: 1, shuffle: false, rng: model.rng });
  const fallback = new FallbackWeights(model);
  try {
    callbacks.onTrainBegin?.({
      epochs,
      batches: rows === undefined ? 0 : Math.ceil(rows.train / (rows.batchSize ?? 1)),
      samples: rows?.train ?? 0,
      validationSamples: rows?.validation ?? 0,
    });

    for (let epoch = 0; epoch < epochs; epoch++) {
      const started = performance.now();
      trainMetrics.reset();
      let b = 0;
      let lr = optimizer.stepSize ?? 1;
      let evaluatedAt: 'start' | 'end' = 'start';
      for await (const batch of iterate(batches, epoch, 'batches')) {
        checkBatch(model, batch, b);
        // forward → cost → backward → update, in the trainer
        const step = trainer.stepOn(batch.x, batch.y);
        const cost = step.dataCost + step.penalty;
        if (!Number.isFinite(cost)) throw fallback.diverged(cost, epoch, history, optimizer);
        fallback.stepped(step);
        trainMetrics.add(step.output, step.target);
        lr = step.lr;
        evaluatedAt = step.evaluatedAt;
        callbacks.onBatchEnd?.({ epoch, batch: b, batches: -1, cost, samples: step.samples, lr });
        b++;
      }
      const n = trainer.rowsThisEpoch;
      if (b === 0 || n === 0) throw new ShapeError(`fitStream: epoch ${epoch + 1} had no rows; pass a source that can be iterated again for every epoch (or a function of the epoch)`);
      const ec = trainer.endStreamEpoch();
      fallback.epochEnded(epoch + 1, evaluatedAt);
      const log = epochLog({ epoch, cost: ec, metrics: trainMetrics.result(), lr, started, rows: n });
      if (options.validation !== undefined) {
        const v = await evaluateStream(model, iterate(options.validation, epoch, 'validation'), valMetrics);
        log.valCost = v.cost;
        log.valMetrics = v.metrics;
      }
      history.epochs.push(log);
      optimizer.onEpochEnd(log.valCost ?? log.cost);

      let stop = (await callbacks.onEpochEnd?.(log)) === false;
      if (stop) history.stopReason = 'callback';
      if (stopping !== null && !stop && stopping.epochEnded(log, epoch)) {
        history.stopReason = 'early-stopping';
        stop = true;
      }
      if (stop) break;
    }
  } finally {
    fallback.dispose();
    trainer.dispose();
  }
  stopping?.finish(history);
  callbacks.onTrainEnd?.(history);
  return history;
}

const FIT_STREAM_OPTIONS = ['loss', 'optimizer', 'metrics', 'epochs', 'validation', 'earlyStopping', 'rows', 'callbacks'] as const satisfies readonly (keyof FitStreamOptions)[];

/** Cost and metrics of the model over batches from a stream, without training. */
export async function evaluateStream(
  model: Model,
  batches: AsyncIterable<Batch> | Iterable<Batch>,
  metrics: MetricAccumulator,
  yBuffers = new Map<string, Matrix>(),
): Promise<{ cost: number; metrics: Record<string, number> }> {
  const loss = model.loss;
  metrics.reset();
  let weighted = 0;
  let n = 0;
  let b = 0;
  const passes = trainingPasses(model);
  for await (const batch of batches) {
    const count = checkBatch(model, batch, b++);
    const input = passes.inputBuffer(count);
    input.data.set(batch.x.data.subarray(0, count * model.inputs));
    const yBatch = bufferFor(yBuffers, count, batch.y.cols, model);
    yBatch.data.set(batch.y.data.subarray(0, count * batch.y.cols));
    const out = passes.forwardInput(input, false);
    const c = passes.dataCost(loss, yBatch, null);
    weighted += loss.reduction === 'mean' ? c * count : c;
    n += count;
    metrics.add(out, yBatch);
  }
  const dataCost = loss.reduction === 'mean' ? weighted / Math.max(1, n) : weighted;
  return { cost: dataCost + model.penalty(), metrics: metrics.result() };
}

function iterate(source: BatchSource, epoch: number, what: string): AsyncIterable<Batch> | Iterable<Batch> {
  const it = typeof source === 'function' ? source(epoch) : source;
  if (it === null || typeof it !== 'object' || !(Symbol.asyncIterator in it || Symbol.iterator in it)) {
    throw new ShapeError(`fitStream: ${what} must be an (async) iterable of {x, y} batches or a function of the epoch returning one`);
  }
  return it;
}

function checkBatch(model: Model, batch: Batch, b: number): number {
  const { x, y } = batch;
  if (!(x instanceof Matrix) || !(y instanceof Matrix)) throw new ShapeError(`fitStream: batch ${b} must be {x: Matrix, y: Matrix}`);
  if (x.cols !== model.inputs) throw new ShapeError(`fitStream: model expects ${model.inputs} input columns, batch ${b} has x ${x.shape}`);
  if (x.rows !== y.rows) throw new ShapeError(`fitStream: batch ${b} has ${x.rows} rows of x but ${y.rows} of y`);
  if (x.rows === 0) throw new ShapeError(`fitStream: batch ${b} is empty`);
  return x.rows;
}

function bufferFor(buffers: Map<string, Matrix>, rows: number, cols: number, model: Model): Matrix {
  const key = `${rows}×${cols}`;
  let m = buffers.get(key);
  if (m === undefined) buffers.set(key, (m = Matrix.zeros(rows, cols, model.dtype)));
  return m;
}
