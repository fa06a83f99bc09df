import { Matrix, Trainer as CoreTrainer, explainStep, type Model, type Optimizer, type StepTrace } from '../../src/index.js';
import type { PlaneData } from './dataset.js';

/** Train and test cost at the end of an epoch (epoch 0 = before training). */
export interface CostPoint {
  epoch: number;
  train: number;
  test: number;
}

/**
 * Mini-batch training one batch at a time, so the page can play, pause, run one epoch or one batch.
 * Each batch is one step of the engine's trainer — the same core `fit` runs, so the same order as
 * `fit`: at the start of every epoch a fresh permutation of the training rows drawn from the
 * model's generator, then per batch
 *   forward → cost → backward → optimizer.step
 */
export class Trainer {
  /** epochs completed */
  epoch = 0;
  /** optimizer steps taken (batches and single-sample steps) */
  steps = 0;
  /** cost of the last batch */
  lastBatchCost = Number.NaN;
  readonly history: CostPoint[] = [];
  /** the engine's training core, over the training rows */
  private readonly core: CoreTrainer;
  /** all rows, in the model's dtype: x is n × 2, y is n × 1 */
  private readonly x: Matrix;
  private readonly y: Matrix;

  constructor(
    readonly model: Model,
    readonly optimizer: Optimizer,
    readonly data: PlaneData,
    readonly batchSize: number,
  ) {
    // the model keeps its optimizer, so a saved model file can resume training
    model.optimizer = optimizer;
    const n = data.y.length;
    this.x = new Matrix(n, 2, model.dtype === 'float64' ? Float64Array.from(data.x) : Float32Array.from(data.x));
    this.y = Matrix.column(data.y, model.dtype);
    this.core = new CoreTrainer({ model, loss: model.loss, solver: optimizer, x: this.x, y: this.y, rows: data.train, batchSize, shuffle: true, rng: model.rng });
    this.history.push({ epoch: 0, ...this.costs() });
  }

  /** Rows per batch: the setting, at most the training set. */
  get effectiveBatchSize(): number {
    return this.core.batchSize;
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return this.core.batches;
  }

  /** Index of the next batch within its epoch. */
  get batchInEpoch(): number {
    return this.core.batch;
  }

  /** One optimizer step on the next batch; returns true when it ended an epoch. */
  trainBatch(): boolean {
    const step = this.core.step();
    this.lastBatchCost = step.dataCost + step.penalty;
    this.steps++;
    if (!step.epochEnd) return false;
    this.epoch++;
    const costs = this.costs();
    this.history.push({ epoch: this.epoch, ...costs });
    this.optimizer.onEpochEnd(costs.train);
    return true;
  }

  /** Batches until the current epoch ends. */
  trainEpoch(): void {
    while (!this.trainBatch()) {
      /* next batch */
    }
  }

  /** Cost (data cost + penalty) of the current weights on some rows, in inference mode (no dropout). */
  cost(rows: ArrayLike<number>): number {
    const n = rows.length;
    if (n === 0) return Number.NaN;
    const x = Matrix.zeros(n, 2, this.model.dtype);
    const y = Matrix.zeros(n, 1, this.model.dtype);
    for (let k = 0; k < n; k++) {
      const i = rows[k] as number;
      x.data[2 * k] = this.x.data[2 * i] as number;
      x.data[2 * k + 1] = this.x.data[2 * i + 1] as number;
      y.data[k] = this.y.data[i] as number;
    }
    return this.model.evaluate(x, y, { batchSize: n, metrics: [] }).cost;
  }

  costs(): { train: number; test: number } {
    return { train: this.cost(this.data.train), test: this.cost(this.data.test) };
  }

  /** The input row and target of one sample, as the step trace takes them. */
  sample(i: number): { x: number[][]; y: number[] } {
    if (!(i >= 0 && i < this.data.y.length)) throw new Error(`no sample ${i}; the data set has ${this.data.y.length} rows`);
    return { x: [[this.x.data[2 * i] as number, this.x.data[2 * i + 1] as number]], y: [this.y.data[i] as number] };
  }

  /** The four stages of one step on sample i (a batch of one), without changing anything. */
  explain(i: number): StepTrace {
    const s = this.sample(i);
    return explainStep(this.model, s.x, s.y, { optimizer: this.optimizer });
  }

  /** Takes the step `explain(i)` describes: forward → cost → backward → update on that one sample. */
  stepOn(i: number): void {
    const s = this.sample(i);
    this.model.forward(s.x, { training: true });
    this.model.backward(s.y, { inputGradient: false });
    this.optimizer.step(this.model);
    this.steps++;
  }

  /** Gives the trainer's batch buffers back to the backend. */
  dispose(): void {
    this.core.dispose();
  }
}
