import { ShapeError } from '../core/errors.js';
import { Matrix, toCheckedMatrix, toCheckedTargets, type MatrixLike, type TargetLike } from '../core/matrix.js';
import type { Model } from '../nn/model.js';
import { getLoss, type Loss, type LossSpec } from '../nn/losses.js';
import { trainingPasses } from '../nn/passes.js';
import { gatherRows } from './gather.js';
import { MetricAccumulator, type MetricName, type TaskKind } from './metrics.js';

/** What the outputs mean, from the loss and the output width. */
export function taskOf(loss: Loss, outputs: number): TaskKind {
  if (loss.name === 'categoricalCrossentropy' || loss.name === 'sparseCategoricalCrossentropy') return 'multiclass';
  if (loss.name === 'binaryCrossentropy') return outputs === 1 ? 'binary' : 'multilabel';
  return 'regression';
}

/** Accuracy for classification; MSE, MAE and R² for regression. */
export function defaultMetrics(task: TaskKind): MetricName[] {
  return task === 'regression' ? ['mse', 'mae', 'r2'] : ['accuracy'];
}

export interface EvaluateOptions {
  loss?: LossSpec | Loss;
  metrics?: MetricName[];
  sampleWeight?: ArrayLike<number> | null;
  /** rows per forward pass, default 1,024 */
  batchSize?: number;
}

export interface Evaluation {
  /** data cost + penalty */
  cost: number;
  /** (1/N)·Σ wᵢℓᵢ (mean losses) or Σ wᵢℓᵢ (sum losses) over all rows */
  dataCost: number;
  penalty: number;
  metrics: Record<string, number>;
}

/** Cost and metrics of the model on (x, y), computed in batches without training. */
export function evaluate(model: Model, x: MatrixLike, y: TargetLike, options: EvaluateOptions = {}): Evaluation {
  const xm = toCheckedMatrix(x, model.dtype, 'evaluate: x');
  const ym = toCheckedTargets(y, model.dtype, 'evaluate: y');
  if (xm.rows !== ym.rows) throw new ShapeError(`evaluate: ${xm.rows} input rows but ${ym.rows} target rows`);
  const loss = options.loss === undefined ? model.loss : getLoss(options.loss);
  const task = taskOf(loss, model.outputs);
  const metrics = new MetricAccumulator(task, model.outputs, options.metrics ?? defaultMetrics(task));
  return evaluateRows(model, xm, ym, null, loss, metrics, options.sampleWeight ?? null, options.batchSize ?? 1024);
}

/** Evaluates rows `rows` (all when null) of x, y; the shared core of `evaluate` and validation in `fit`. */
export function evaluateRows(
  model: Model,
  x: Matrix,
  y: Matrix,
  rows: Uint32Array | null,
  loss: Loss,
  metrics: MetricAccumulator,
  sampleWeight: ArrayLike<number> | null,
  batchSize: number,
): Evaluation {
  const n = rows === null ? x.rows : rows.length;
  const order = rows ?? identity(n);
  metrics.reset();
  let weighted = 0;
  let yBatch: Matrix | null = null;
  let wBatch: Float64Array | null = null;
  const passes = trainingPasses(model);
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const input = passes.inputBuffer(count);
    gatherRows(x.data, x.cols, order, start, count, input.data);
    if (yBatch === null || yBatch.rows !== count) yBatch = Matrix.zeros(count, y.cols, model.dtype);
    gatherRows(y.data, y.cols, order, start, count, yBatch.data);
    if (sampleWeight !== null) {
      if (wBatch === null || wBatch.length !== count) wBatch = new Float64Array(count);
      gatherRows(sampleWeight, 1, order, start, count, wBatch);
    }
    const out = passes.forwardInput(input, false);
    const c = passes.dataCost(loss, yBatch, sampleWeight === null ? null : wBatch);
    // undo the batch's mean so batches of different sizes add up correctly
    weighted += loss.reduction === 'mean' ? c * count : c;
    metrics.add(out, yBatch);
  }
  const dataCost = loss.reduction === 'mean' ? weighted / Math.max(1, n) : weighted;
  const penalty = model.penalty();
  return { cost: dataCost + penalty, dataCost, penalty, metrics: metrics.result() };
}

function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
