import { ConfigError } from '../core/errors.js';
import { Matrix } from '../core/matrix.js';
import type { SideTask } from '../backend/backend.js';
import type { Rng } from '../core/rng.js';
import type { Loss } from '../nn/losses.js';
import type { Model } from '../nn/model.js';
import { trainingPasses, type TrainingPasses } from '../nn/passes.js';
import type { Param } from '../nn/param.js';
import { gatherRows } from './gather.js';
import type { Solver, StepProblem } from './solver.js';

/**
 * A cost term beyond the layers' own l1/l2 penalty, for update rules that regularize their own way
 * (scikit-learn's alpha/(2N)·Σ‖W‖² over a batch of N rows). It adds its gradient to `param.grad`
 * after the backward pass and returns its value.
 */
export type ExtraPenalty = (params: readonly Param[], rows: number) => number;

export interface TrainerOptions {
  model: Model;
  /** the loss whose cost the solver minimizes */
  loss: Loss;
  /** what changes the weights: a first-order optimizer, L-BFGS, or a scikit-learn rule */
  solver: Solver;
  /** all rows; `rows` picks the training ones (omit both for a stream, and train with `stepOn`) */
  x?: Matrix;
  y?: Matrix;
  /** training rows (indices into x, y), default all */
  rows?: Uint32Array;
  /** wᵢ per row of x (not per training row), or null */
  weights?: Float64Array | null;
  /** rows per step for 'minibatch' solvers (clipped to the training rows); 'full' solvers take all */
  batchSize: number;
  /** a fresh permutation of the training rows at the start of every epoch ('minibatch' solvers) */
  shuffle: boolean;
  /** the generator that shuffles (fit: the model's) */
  rng: Rng;
  extraPenalty?: ExtraPenalty | null;
  /** run the forward pass in training mode (dropout active), default true */
  training?: boolean;
}

/** What one step did, for logs and callbacks. */
export interface TrainerStep {
  /** 0-based epoch of this step */
  epoch: number;
  /** 0-based batch index within the epoch */
  batch: number;
  batches: number;
  /** rows of this batch */
  rows: number;
  /** rows trained on so far in this epoch */
  samples: number;
  /** data cost (1/N)·Σ wᵢℓᵢ (or Σ) of the step's last evaluation */
  dataCost: number;
  /** penalty at the same weights */
  penalty: number;
  /** η of the step (1 when a line search chose it) */
  lr: number;
  /** where the costs were evaluated: before the update ('start') or after it ('end') */
  evaluatedAt: 'start' | 'end';
  /** the solver's stopping rule fired */
  converged: boolean;
  /** this step finished the epoch */
  epochEnd: boolean;
  /** ŷ of the step's last evaluation (a view, valid until the next step) */
  output: Matrix;
  /** the batch's targets (a view, valid until the next step) */
  target: Matrix;
}

/** The epoch's training cost, as the steps evaluated it. */
export interface EpochCost {
  /** (1/n)·Σ_batches N_b·C_b for mean losses, Σ_batches C_b for sum losses */
  dataCost: number;
  /** the penalties of the steps, weighted by batch size */
  penalty: number;
}

interface BatchBuffers {
  /** the batch's inputs, in the model's backend memory, rows × inputs */
  x: Matrix;
  /** targets, rows × target columns */
  y: Matrix;
  /** wᵢ, or null without weights */
  w: Float64Array | null;
}

/**
 * The one training-step core. Every batch:
 *   gather rows → solver.solve({ evaluate: forward → cost → backward }) → log
 * It owns its batch buffers (allocated from the model's backend for this run, never shared with
 * `predict`, `evaluate` or validation), so nothing a callback does can change what it trains on.
 * `Model.fit`, `fitAsync`, the scikit-learn estimators and the playground all drive it.
 */
export class Trainer {
  readonly model: Model;
  readonly loss: Loss;
  readonly solver: Solver;
  /** rows per full batch */
  readonly batchSize: number;
  readonly batches: number;
  /** training rows */
  readonly samples: number;
  /** epochs completed */
  epoch = 0;
  /** next batch within the epoch */
  batch = 0;
  private readonly x: Matrix | null;
  private readonly y: Matrix | null;
  private readonly rows: Uint32Array;
  private readonly weights: Float64Array | null;
  private readonly order: Uint32Array;
  private readonly shuffle: boolean;
  private readonly rng: Rng;
  private readonly extraPenalty: ExtraPenalty | null;
  private readonly training: boolean;
  private readonly params: readonly Param[];
  /** the model's allocation-free forward, cost and backward */
  private readonly passes: TrainingPasses;
  /** batch buffers by rows, twice over (key rows·2 + slot): one set is stepped on while the other is filled */
  private readonly buffers = new Map<number, BatchBuffers>();
  /** the slot of the buffers the current step uses */
  private slot: 0 | 1 = 0;
  /** the next batch, being gathered beside this step's first parallel product (or null) */
  private next: PendingBatch | null = null;
  /** one pending gathering per slot, reused step after step (a training step allocates nothing for it) */
  private readonly pending: readonly [PendingBatch, PendingBatch] = [new PendingBatch(this.gatherer()), new PendingBatch(this.gatherer())];
  /** the batch gathered into the buffers stays valid (one unshuffled batch) */
  private gathered = -1;
  private weightedCost = 0;
  private weightedPenalty = 0;
  /** rows stepped on in the current (or just ended) epoch */
  private epochRows = 0;
  /** a streamed epoch ended: the next `stepOn` starts a new one */
  private streamEpochEnded = true;
  private current: BatchBuffers | null = null;
  private last = { dataCost: Number.NaN, penalty: Number.NaN, output: null as Matrix | null };
  private readonly problem: StepProblem;
  private disposed = false;

  constructor(options: TrainerOptions) {
    const { model, solver } = options;
    this.model = model;
    this.loss = options.loss;
    this.solver = solver;
    this.x = options.x ?? null;
    this.y = options.y ?? null;
    this.rows = options.rows ?? identityRows(options.x?.rows ?? 0);
    this.samples = this.rows.length;
    if (this.samples === 0 && this.x !== null) throw new ConfigError('trainer: no training rows');
    this.weights = options.weights ?? null;
    this.order = Uint32Array.from(this.rows);
    this.batchSize = solver.batching === 'full' ? this.samples : Math.max(1, Math.min(options.batchSize, this.samples));
    this.batches = this.samples === 0 ? 0 : Math.ceil(this.samples / this.batchSize);
    this.shuffle = solver.batching === 'minibatch' && options.shuffle;
    this.rng = options.rng;
    this.extraPenalty = options.extraPenalty ?? null;
    this.training = options.training ?? true;
    this.params = model.parameters();
    this.passes = trainingPasses(model);
    if (solver.batching === 'full' && this.training && model.layers.some((l) => l.type === 'dropout' && (l.config() as { rate: number }).rate > 0)) {
      throw new ConfigError(
        'a full-batch solver (L-BFGS) evaluates the same objective several times per step, but Dropout makes every evaluation random; ' +
          'remove the Dropout layers or train with a first-order optimizer (sgd, adam, …)',
      );
    }
    this.problem = { params: this.params, backend: model.backend, evaluate: () => this.evaluate() };
  }

  /** The training rows in this epoch's order. */
  get epochOrder(): Uint32Array {
    return this.order;
  }

  /** One solver step on the next batch. */
  step(): TrainerStep {
    if (this.disposed) throw new ConfigError('trainer: used after dispose()');
    if (this.x === null || this.y === null) throw new ConfigError('trainer: built without rows (a stream); train with stepOn');
    const b = this.batch;
    if (b === 0) {
      if (this.shuffle) {
        // a fresh permutation each epoch, so the order depends only on the generator's state (resumable)
        this.order.set(this.rows);
        this.rng.shuffle(this.order);
      }
      this.startEpoch();
    }
    const start = b * this.batchSize;
    const count = Math.min(this.batchSize, this.samples - start);
    const buf = this.batchBuffers(b, start, count);
    if (b + 1 < this.batches) this.gatherBeside(b + 1);
    const { lr, outcome, dataCost, penalty } = this.solveOn(buf);
    const epoch = this.epoch;
    this.batch++;
    const epochEnd = this.batch === this.batches;
    if (epochEnd) {
      this.batch = 0;
      this.epoch++;
    }
    return {
      epoch,
      batch: b,
      batches: this.batches,
      rows: count,
      samples: start + count,
      dataCost,
      penalty,
      lr,
      evaluatedAt: outcome.evaluatedAt,
      converged: outcome.converged,
      epochEnd,
      output: this.last.output as Matrix,
      target: buf.y,
    };
  }

  /**
   * One solver step on a batch that comes from outside (a stream): its rows are copied into the
   * trainer's own buffers first, so the source may reuse its matrices. The caller ends each epoch
   * with `endStreamEpoch()`.
   */
  stepOn(x: Matrix, y: Matrix): TrainerStep {
    if (this.disposed) throw new ConfigError('trainer: used after dispose()');
    if (this.solver.batching === 'full') throw new ConfigError('trainer: a full-batch solver (L-BFGS) needs every row in each step, not batches from a stream');
    if (this.streamEpochEnded) {
      this.streamEpochEnded = false;
      this.batch = 0;
      this.startEpoch();
    }
    const count = x.rows;
    const buf = this.buffersFor(count, y.cols);
    buf.x.data.set(x.data.subarray(0, count * this.model.inputs));
    buf.y.data.set(y.data.subarray(0, count * y.cols));
    const { lr, outcome, dataCost, penalty } = this.solveOn(buf);
    const b = this.batch++;
    return {
      epoch: this.epoch,
      batch: b,
      batches: -1,
      rows: count,
      samples: this.epochRows,
      dataCost,
      penalty,
      lr,
      evaluatedAt: outcome.evaluatedAt,
      converged: outcome.converged,
      epochEnd: false,
      output: this.last.output as Matrix,
      target: buf.y,
    };
  }

  /** Ends a streamed epoch; returns its training cost (as `epochCost`). */
  endStreamEpoch(): EpochCost {
    this.streamEpochEnded = true;
    this.epoch++;
    this.batch = 0;
    return this.epochCost();
  }

  /** Rows stepped on in the current (or just ended) epoch. */
  get rowsThisEpoch(): number {
    return this.epochRows;
  }

  /** The training cost of the epoch that just ended (call after the step with `epochEnd`). */
  epochCost(): EpochCost {
    const n = Math.max(1, this.epochRows);
    return {
      dataCost: this.loss.reduction === 'mean' ? this.weightedCost / n : this.weightedCost,
      penalty: this.weightedPenalty / n,
    };
  }

  private startEpoch(): void {
    this.weightedCost = 0;
    this.weightedPenalty = 0;
    this.epochRows = 0;
  }

  /** The solver's step on the batch in `buf`, and the epoch sums. */
  private solveOn(buf: BatchBuffers): { lr: number; outcome: ReturnType<Solver['solve']>; dataCost: number; penalty: number } {
    const count = buf.x.rows;
    this.current = buf;
    const lr = this.solver.stepSize ?? 1;
    const outcome = this.solver.solve(this.problem);
    const { dataCost, penalty } = this.last;
    // undo the batch's mean so batches of different sizes add up correctly
    this.weightedCost += this.loss.reduction === 'mean' ? dataCost * count : dataCost;
    this.weightedPenalty += penalty * count;
    this.epochRows += count;
    return { lr, outcome, dataCost, penalty };
  }

  /** Batch b of this epoch (rows `start` … `start + count` of the order), gathered into buffers. */
  private batchBuffers(b: number, start: number, count: number): BatchBuffers {
    const next = this.next;
    this.next = null;
    if (next !== null && next.epoch === this.epoch && next.batch === b) {
      // gathered beside the last step's products, or now if no parallel job came
      next.run();
      this.slot = next.slot;
      return next.buffers as BatchBuffers;
    }
    next?.cancel();
    const buf = this.buffersFor(count, (this.y as Matrix).cols, this.slot);
    // an unshuffled single batch is the same every epoch: gather it once
    if (!(this.batches === 1 && !this.shuffle && this.gathered === count)) {
      this.gatherInto(buf, start, count);
      this.gathered = this.batches === 1 ? count : -1;
    }
    return buf;
  }

  /**
   * Hands the gathering of batch b (of this epoch) to the backend, to do beside the helpers' work
   * on this step's first parallel product, into the other slot's buffers. Nothing without helpers.
   */
  private gatherBeside(b: number): void {
    const backend = this.model.backend;
    if (backend.besideNextJob === undefined) return;
    const start = b * this.batchSize;
    const count = Math.min(this.batchSize, this.samples - start);
    const slot = this.slot === 0 ? 1 : 0;
    const pending = this.pending[slot];
    pending.arm(this.epoch, b, slot, this.buffersFor(count, (this.y as Matrix).cols, slot), start, count);
    if (backend.besideNextJob(pending)) this.next = pending;
    else pending.cancel();
  }

  /** gatherInto, for the pending gatherings */
  private gatherer(): (buf: BatchBuffers, start: number, count: number) => void {
    return (buf, start, count) => this.gatherInto(buf, start, count);
  }

  /** rows start … start + count of this epoch's order → the batch buffers */
  private gatherInto(buf: BatchBuffers, start: number, count: number): void {
    const x = this.x as Matrix;
    const y = this.y as Matrix;
    gatherRows(x.data, x.cols, this.order, start, count, buf.x.data);
    gatherRows(y.data, y.cols, this.order, start, count, buf.y.data);
    if (buf.w !== null && this.weights !== null) gatherRows(this.weights, 1, this.order, start, count, buf.w);
  }

  /** Gives the batch buffers back to the backend (WASM memory is not garbage-collected). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // a gathering still queued in the backend must not write into the freed buffers
    for (const p of this.pending) p.cancel();
    this.next = null;
    for (const b of this.buffers.values()) this.model.backend.free(b.x);
    this.buffers.clear();
  }

  /** forward → cost → backward on the current batch at the current weights; ∂C/∂θ lands in param.grad. */
  private evaluate(): number {
    const buf = this.current as BatchBuffers;
    const passes = this.passes;
    const w = buf.w;
    // 1. forward pass
    const output = passes.forwardInput(buf.x, this.training);
    // 2. loss and cost
    const dataCost = passes.dataCost(this.loss, buf.y, w);
    // 3. backward pass (gradients only)
    passes.backpropagate(this.loss, buf.y, w, false);
    let penalty = this.model.penalty();
    if (this.extraPenalty !== null) penalty += this.extraPenalty(this.params, buf.x.rows);
    this.last = { dataCost, penalty, output };
    return dataCost + penalty;
  }

  private buffersFor(rows: number, targetCols: number, slot: 0 | 1 = 0): BatchBuffers {
    const key = rows * 2 + slot;
    let b = this.buffers.get(key);
    if (b !== undefined && b.y.cols !== targetCols) {
      this.model.backend.free(b.x);
      b = undefined;
    }
    if (b === undefined) {
      const model = this.model;
      b = {
        x: model.backend.alloc(rows, model.inputs, model.dtype),
        y: Matrix.zeros(rows, targetCols, model.dtype),
        w: this.weights === null ? null : new Float64Array(rows),
      };
      this.buffers.set(key, b);
    }
    return b;
  }
}

/**
 * A batch to gather once: beside a parallel job (the backend calls `run`), or when it is needed.
 * Re-armed for each batch of its slot; a backend still holding it from an earlier batch is handed
 * it again (or another) before it could run it.
 */
class PendingBatch implements SideTask {
  private done = true;
  epoch = -1;
  batch = -1;
  slot: 0 | 1 = 0;
  buffers: BatchBuffers | null = null;
  private start = 0;
  private count = 0;

  constructor(private readonly gather: (buf: BatchBuffers, start: number, count: number) => void) {}

  /** Batch `batch` of epoch `epoch`: rows start … start + count of the order, into `buffers`. */
  arm(epoch: number, batch: number, slot: 0 | 1, buffers: BatchBuffers, start: number, count: number): void {
    this.epoch = epoch;
    this.batch = batch;
    this.slot = slot;
    this.buffers = buffers;
    this.start = start;
    this.count = count;
    this.done = false;
  }

  run(): void {
    if (this.done) return;
    this.done = true;
    this.gather(this.buffers as BatchBuffers, this.start, this.count);
  }

  /** Makes a later `run` do nothing. */
  cancel(): void {
    this.done = true;
  }
}

export function identityRows(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
