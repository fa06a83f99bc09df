import { Matrix, Trainer as CoreTrainer, explainStep, type Model, type Optimizer, type StepTrace } from '../../src/index.js';
import type { PlaneData } from './dataset.js';
import { expandFeatures } from './features.js';
import type { InputFeature } from './state.js';

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
 * The network's inputs are the switched-on features of the two plane coordinates (x₁, x₂, x₁², …).
 */
export class Trainer {
  /** epochs completed */
  epoch = 0;
  /** optimizer steps taken (batches and single-sample steps) */
  steps = 0;
  /** cost of the last batch */
  lastBatchCost = Number.NaN;
  readonly history: CostPoint[] = [];
  /** the engine's training core, over the training rows (replaced when the optimizer changes) */
  private core: CoreTrainer;
  private currentOptimizer: Optimizer;
  private currentBatchSize: number;
  /** a batch size asked for mid-epoch, used from the next epoch on */
  private pendingBatchSize: number | null = null;
  /** all rows, in the model's dtype: x is n × features, y is n × 1 */
  private readonly x: Matrix;
  private readonly y: Matrix;
  /** network inputs per row */
  readonly width: number;

  constructor(
    readonly model: Model,
    optimizer: Optimizer,
    readonly data: PlaneData,
    batchSize: number,
    readonly features: readonly InputFeature[] = ['x1', 'x2'],
  ) {
    // the model keeps its optimizer, so a saved model file can resume training
    model.optimizer = optimizer;
    this.currentOptimizer = optimizer;
    this.currentBatchSize = batchSize;
    const n = data.y.length;
    this.width = features.length;
    const inputs = expandFeatures(data.x, features);
    this.x = new Matrix(n, this.width, model.dtype === 'float64' ? inputs : Float32Array.from(inputs));
    this.y = Matrix.column(data.y, model.dtype);
    this.core = this.makeCore(optimizer, batchSize);
    this.history.push({ epoch: 0, ...this.costs() });
  }

  private makeCore(optimizer: Optimizer, batchSize: number): CoreTrainer {
    const model = this.model;
    return new CoreTrainer({ model, loss: model.loss, solver: optimizer, x: this.x, y: this.y, rows: this.data.train, batchSize, shuffle: true, rng: model.rng });
  }

  get optimizer(): Optimizer {
    return this.currentOptimizer;
  }

  /** The batch size asked for (the last one, even while it waits for the next epoch). */
  get batchSize(): number {
    return this.pendingBatchSize ?? this.currentBatchSize;
  }

  /**
   * Another optimizer (η, schedule, momentum, kind …) from the next step on, and a batch size from
   * the next step at an epoch's start, else from the next epoch: the weights, the generator, the
   * epoch count, the epoch's order and the curve stay. The caller carries the optimizer's state over.
   */
  retune(optimizer: Optimizer, batchSize: number): void {
    this.model.optimizer = optimizer;
    this.currentOptimizer = optimizer;
    this.swapCore(this.core, optimizer, batchSize);
  }

  /**
   * A trainer for `model` — the same network with other penalties, its weights and generator
   * state copied — that goes on where `from` stopped: epoch, steps, curve, the epoch in progress.
   */
  static continuing(from: Trainer, model: Model, optimizer: Optimizer, batchSize: number): Trainer {
    const t = new Trainer(model, optimizer, from.data, from.currentBatchSize, from.features);
    t.epoch = from.epoch;
    t.steps = from.steps;
    t.lastBatchCost = from.lastBatchCost;
    t.history.length = 0;
    t.history.push(...from.history);
    t.swapCore(from.core, optimizer, batchSize);
    from.dispose();
    return t;
  }

  /** A new core for this optimizer, at `old`'s place in training (epoch, batch, the epoch's order). */
  private swapCore(old: CoreTrainer, optimizer: Optimizer, batchSize: number): void {
    const midEpoch = old.batch > 0;
    // a batch size asked for mid-epoch waits for the epoch's end (its batches are cut already)
    const size = midEpoch ? this.currentBatchSize : batchSize;
    this.pendingBatchSize = midEpoch && batchSize !== this.currentBatchSize ? batchSize : null;
    const next = this.makeCore(optimizer, size);
    next.epoch = old.epoch;
    next.batch = old.batch;
    // the rest of this epoch visits the rows the old core would have
    next.epochOrder.set(old.epochOrder);
    if (old !== this.core) this.core.dispose();
    old.dispose();
    this.core = next;
    this.currentBatchSize = size;
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
    if (this.pendingBatchSize !== null && this.core.batch === 0) this.retune(this.currentOptimizer, this.pendingBatchSize);
    const step = this.core.step();
    this.lastBatchCost = step.dataCost + step.penalty;
    this.steps++;
    if (!step.epochEnd) return false;
    this.epoch++;
    const costs = this.costs();
    this.history.push({ epoch: this.epoch, ...costs });
    this.currentOptimizer.onEpochEnd(costs.train);
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
    const k = this.width;
    const x = Matrix.zeros(n, k, this.model.dtype);
    const y = Matrix.zeros(n, 1, this.model.dtype);
    for (let r = 0; r < n; r++) {
      const i = rows[r] as number;
      for (let j = 0; j < k; j++) x.data[r * k + j] = this.x.data[i * k + j] as number;
      y.data[r] = this.y.data[i] as number;
    }
    return this.model.evaluate(x, y, { batchSize: n, metrics: [] }).cost;
  }

  costs(): { train: number; test: number } {
    return { train: this.cost(this.data.train), test: this.cost(this.data.test) };
  }

  /** The input row (the switched-on features) and target of one sample, as the step trace takes them. */
  sample(i: number): { x: number[][]; y: number[] } {
    if (!(i >= 0 && i < this.data.y.length)) throw new Error(`no sample ${i}; the data set has ${this.data.y.length} rows`);
    return { x: [Array.from(this.x.data.subarray(i * this.width, (i + 1) * this.width))], y: [this.y.data[i] as number] };
  }

  /** The four stages of one step on sample i (a batch of one), without changing anything. */
  explain(i: number): StepTrace {
    const s = this.sample(i);
    return explainStep(this.model, s.x, s.y, { optimizer: this.currentOptimizer });
  }

  /** Takes the step `explain(i)` describes: forward → cost → backward → update on that one sample. */
  stepOn(i: number): void {
    const s = this.sample(i);
    this.model.forward(s.x, { training: true });
    this.model.backward(s.y, { inputGradient: false });
    this.currentOptimizer.step(this.model);
    this.steps++;
  }

  /** Gives the trainer's batch buffers back to the backend. */
  dispose(): void {
    this.core.dispose();
  }
}
