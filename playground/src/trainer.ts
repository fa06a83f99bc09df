import { Matrix, explainStep, type Model, type Optimizer, type StepTrace } from '../../src/index.js';
import type { PlaneData } from './dataset.js';

/** Train and test cost at the end of an epoch (epoch 0 = before training). */
export interface CostPoint {
  epoch: number;
  train: number;
  test: number;
}

/**
 * Mini-batch training one batch at a time, so the page can play, pause, run one epoch or one batch
 * (`fit` runs whole epochs). The same order as `fit`: at the start of every epoch the training
 * rows are shuffled with the model's generator, then each batch is
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
  /** training rows in this epoch's order */
  private readonly order: Uint32Array;
  /** position of the next batch in `order` */
  private cursor = 0;
  private readonly x: Float32Array;
  private readonly targets = new Map<number, Matrix>();

  constructor(
    readonly model: Model,
    readonly optimizer: Optimizer,
    readonly data: PlaneData,
    readonly batchSize: number,
  ) {
    // the model keeps its optimizer, so a saved model file can resume training
    model.optimizer = optimizer;
    this.order = Uint32Array.from(data.train);
    this.x = Float32Array.from(data.x);
    this.history.push({ epoch: 0, ...this.costs() });
  }

  /** Rows per batch: the setting, at most the training set. */
  get effectiveBatchSize(): number {
    return Math.max(1, Math.min(this.batchSize, this.order.length));
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.order.length / this.effectiveBatchSize);
  }

  /** Index of the next batch within its epoch. */
  get batchInEpoch(): number {
    return Math.ceil(this.cursor / this.effectiveBatchSize);
  }

  /** One optimizer step on the next batch; returns true when it ended an epoch. */
  trainBatch(): boolean {
    const model = this.model;
    if (this.cursor === 0) model.rng.shuffle(this.order);
    const count = Math.min(this.effectiveBatchSize, this.order.length - this.cursor);
    const input = model.inputBuffer(count);
    const y = this.targetBuffer(count);
    for (let k = 0; k < count; k++) {
      const i = this.order[this.cursor + k] as number;
      input.data[2 * k] = this.x[2 * i] as number;
      input.data[2 * k + 1] = this.x[2 * i + 1] as number;
      y.data[k] = this.data.y[i] as number;
    }
    // 1. forward  2. cost  3. backward (gradients only)  4. update
    model.forwardInput(input, true);
    this.lastBatchCost = model.dataCost(model.loss, y, null) + model.penalty();
    model.backpropagate(model.loss, y, null, false);
    this.optimizer.step(model);
    this.steps++;
    this.cursor += count;
    if (this.cursor < this.order.length) return false;
    this.cursor = 0;
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
    const input = this.model.inputBuffer(n);
    const y = this.targetBuffer(n);
    for (let k = 0; k < n; k++) {
      const i = rows[k] as number;
      input.data[2 * k] = this.x[2 * i] as number;
      input.data[2 * k + 1] = this.x[2 * i + 1] as number;
      y.data[k] = this.data.y[i] as number;
    }
    this.model.forwardInput(input, false);
    return this.model.dataCost(this.model.loss, y, null) + this.model.penalty();
  }

  costs(): { train: number; test: number } {
    return { train: this.cost(this.data.train), test: this.cost(this.data.test) };
  }

  /** The input row and target of one sample, as the step trace takes them. */
  sample(i: number): { x: number[][]; y: number[] } {
    if (!(i >= 0 && i < this.data.y.length)) throw new Error(`no sample ${i}; the data set has ${this.data.y.length} rows`);
    return { x: [[this.x[2 * i] as number, this.x[2 * i + 1] as number]], y: [this.data.y[i] as number] };
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

  private targetBuffer(rows: number): Matrix {
    let m = this.targets.get(rows);
    if (m === undefined) {
      if (this.targets.size > 4) this.targets.clear();
      m = Matrix.zeros(rows, 1, this.model.dtype);
      this.targets.set(rows, m);
    }
    return m;
  }
}
