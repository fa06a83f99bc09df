import type { Backend } from '../backend/backend.js';
import { resolveBackend, type BackendName } from '../backend/registry.js';
import { checkNumber } from '../core/checks.js';
import { ConfigError, ShapeError, warn } from '../core/errors.js';
import { checkFiniteRows, Matrix, toCheckedMatrix, toMatrix, toShapedMatrix, toTargetMatrix, type DType, type MatrixLike, type TargetLike } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import type { CostResult } from './cost.js';
import { Dense } from './dense.js';
import type { Layer } from './layer.js';
import { defaultLossFor, getLoss, pairingWarning, type Loss, type LossSpec } from './losses.js';
import type { Param } from './param.js';
import { ModelPasses } from './passes.js';
import type { AnyOptimizer } from '../optim/create.js';
import { evaluate, type EvaluateOptions, type Evaluation } from '../train/evaluate.js';
import { fit, fitAsync, type FitAsyncOptions, type FitOptions, type History } from '../train/fit.js';
import { summarize, type ModelSummary } from './summary.js';

export interface ModelOptions {
  /** Width of each input row (number of features). */
  inputs: number;
  /** The stack, applied in order; each Dense has its own activation. */
  layers: Layer[];
  /** Seed of the one generator behind initialization, shuffling, splits and dropout (default 42). */
  seed?: number;
  /** Element type of every buffer (default 'float32'). */
  dtype?: DType;
  /** Compute backend (default 'auto': the fastest registered one that supports dtype). */
  backend?: BackendName | Backend;
  /** The loss `fit`, `backward` and `evaluate` use by default (default: from the output activation). */
  loss?: LossSpec | Loss;
}

/** ∂cost/∂W, ∂cost/∂b and the delta ∂cost/∂z of one dense layer (views of the layer's buffers). */
export interface LayerGradients {
  /** position in `model.layers` */
  readonly layer: number;
  readonly name: string;
  /** ∂cost/∂W, inputs × units (penalty included) */
  readonly dW: Matrix;
  /** ∂cost/∂b, 1 × units (null without bias) */
  readonly db: Matrix | null;
  /** ∂cost/∂z, batch × units */
  readonly delta: Matrix;
}

/** What a backward pass computed. The matrices are live views: clone them to keep them past the next pass. */
export interface Gradients {
  readonly layers: readonly LayerGradients[];
  /** ∂cost/∂x, batch × inputs (null when not requested) */
  readonly input: Matrix | null;
  /** the cost whose gradient this is */
  readonly cost: CostResult;
}

/** How many rows `predict` pushes through the network at once. */
const PREDICT_BATCH = 1024;

/**
 * A multi-layer perceptron: an ordered stack of layers with a declared input width.
 * One training step is four separate calls, as the method teaches it:
 *   forward(x, {training: true})  →  cost(y)  →  backward(y)  →  optimizer.step(model)
 * (`fit` runs them in a loop). `backward` changes no weight.
 */
export class Model {
  readonly inputs: number;
  readonly layers: readonly Layer[];
  readonly dtype: DType;
  readonly backend: Backend;
  readonly seed: number;
  /** The one generator: initialization, shuffling, validation splits and dropout all draw from it. */
  readonly rng: Rng;
  /** The loss used by default in fit, backward and evaluate. */
  private currentLoss: Loss;
  /** The optimizer of the last `fit` (kept, with its state, so training can resume and be saved). */
  optimizer: AnyOptimizer | null = null;
  /** the allocation-free passes behind forward, cost and backward (the loops reach them through `trainingPasses`) */
  readonly #passes: ModelPasses;
  /** W₁, b₁, W₂, b₂, … — fixed once the layers are built */
  private readonly paramList: Param[];

  constructor(options: ModelOptions) {
    this.inputs = checkNumber('Model: inputs', options.inputs, { min: 1, integer: true });
    if (!Array.isArray(options.layers) || options.layers.length === 0) throw new ConfigError('Model: layers must be a non-empty array');
    this.seed = checkNumber('Model: seed', options.seed ?? 42, { integer: true, min: 0, max: 0xffffffff });
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') throw new ConfigError(`Model: dtype must be float32 or float64, got ${String(this.dtype)}`);
    this.backend = resolveBackend(options.backend, this.dtype);
    this.rng = new Rng(this.seed);
    this.layers = options.layers;
    let width = this.inputs;
    this.layers.forEach((layer, index) => {
      layer.build(width, { backend: this.backend, dtype: this.dtype, rng: this.rng, index });
      width = layer.outputWidth;
    });
    if (!(this.layers[this.layers.length - 1] instanceof Dense)) throw new ConfigError('Model: the last layer must be Dense (it produces the predictions)');
    this.paramList = this.layers.flatMap((l) => l.params());
    this.currentLoss = getLoss(options.loss ?? defaultLossFor(this.outputActivation));
    this.checkPairing();
    this.#passes = new ModelPasses(this);
  }

  /** Width of the last layer's output. */
  get outputs(): number {
    return (this.layers[this.layers.length - 1] as Layer).outputWidth;
  }

  /** Name of the output layer's activation. */
  get outputActivation(): string {
    return (this.layers[this.layers.length - 1] as Dense).activation.name;
  }

  get loss(): Loss {
    return this.currentLoss;
  }

  /** Sets the loss from a name or spec; warns on a known-bad output/loss pairing. */
  setLoss(spec: LossSpec | Loss): void {
    this.currentLoss = getLoss(spec);
    this.checkPairing();
  }

  /** The dense layers, in order. */
  denseLayers(): Dense[] {
    return this.layers.filter((l): l is Dense => l instanceof Dense);
  }

  /** Every trainable tensor in a fixed order (W₁, b₁, W₂, b₂, …); gradients sit in `param.grad`. */
  parameters(): Param[] {
    return this.paramList;
  }

  /** Total number of trainable values. */
  countParams(): number {
    return this.parameters().reduce((s, p) => s + p.value.size, 0);
  }

  /**
   * Forward pass: each layer computes z = x·W + b, a = φ(z), its output feeding the next.
   * Returns ŷ (a view of the output layer's buffer, valid until the next forward of the same size).
   */
  forward(x: MatrixLike, options: { training?: boolean } = {}): Matrix {
    const xm = toCheckedMatrix(x, this.dtype, 'forward: x');
    if (xm.cols !== this.inputs) throw new ShapeError(`Model: expected ${this.inputs} input columns, got ${xm.cols} (${xm.shape})`);
    const input = this.#passes.inputBuffer(xm.rows);
    input.data.set(xm.data);
    return this.#passes.forwardInput(input, options.training ?? false);
  }

  /**
   * The loss and cost of the last forward pass against targets y:
   * ℓᵢ per sample, C = (1/N)·Σ wᵢℓᵢ (or Σ for sum losses) plus the layers' penalty.
   */
  cost(y: TargetLike, options: { loss?: LossSpec | Loss; sampleWeight?: ArrayLike<number> | null } = {}): CostResult {
    const loss = options.loss === undefined ? this.currentLoss : getLoss(options.loss);
    const ym = toTargetMatrix(y, this.dtype);
    const dataCost = this.#passes.dataCost(loss, ym, options.sampleWeight ?? null);
    const penalty = this.penalty();
    return { loss: this.#passes.lossBuffer(ym.rows), dataCost, penalty, cost: dataCost + penalty };
  }

  /** Σ over dense layers of l1·Σ|W| + l2·ΣW². */
  penalty(): number {
    let s = 0;
    for (const layer of this.denseLayers()) s += layer.penalty();
    return s;
  }

  /**
   * Backward pass for the last forward: the chain rule from the output back gives ∂cost/∂W and ∂cost/∂b
   * for every layer (written into each param's `grad`) and, unless `inputGradient: false`, ∂cost/∂x.
   * Changes no weight.
   */
  backward(
    y: TargetLike,
    options: { loss?: LossSpec | Loss; sampleWeight?: ArrayLike<number> | null; inputGradient?: boolean } = {},
  ): Gradients {
    const loss = options.loss === undefined ? this.currentLoss : getLoss(options.loss);
    const ym = toTargetMatrix(y, this.dtype);
    const cost = this.cost(ym, options);
    const input = this.#passes.backpropagate(loss, ym, options.sampleWeight ?? null, options.inputGradient ?? true);
    const layers: LayerGradients[] = [];
    this.layers.forEach((layer, index) => {
      if (!(layer instanceof Dense)) return;
      layers.push({ layer: index, name: layer.name, dW: layer.weights.grad, db: layer.bias?.grad ?? null, delta: layer.deltaBuffer() });
    });
    return { layers, input, cost };
  }

  /** Trains the model with the exported `fit` function: forward → cost → backward → optimizer step, per batch. */
  fit(x: MatrixLike, y: TargetLike, options: FitOptions = {}): History {
    return fit(this, x, y, options);
  }

  /**
   * `fit` without blocking: yields to the event loop between steps, awaits async callbacks, and
   * stops on `options.signal` with the last complete epoch's weights (`stopReason` 'aborted').
   */
  fitAsync(x: MatrixLike, y: TargetLike, options: FitAsyncOptions = {}): Promise<History> {
    return fitAsync(this, x, y, options);
  }

  /** Cost and metrics on (x, y), without training. */
  evaluate(x: MatrixLike, y: TargetLike, options: EvaluateOptions = {}): Evaluation {
    return evaluate(this, x, y, options);
  }

  /** Predictions ŷ for every row (a fresh matrix), computed in batches of 1,024 rows. */
  predict(x: MatrixLike): Matrix {
    const xm = toShapedMatrix(x, this.dtype, 'predict: x');
    if (xm.cols !== this.inputs) throw new ShapeError(`Model: expected ${this.inputs} input columns, got ${xm.cols} (${xm.shape})`);
    const out = Matrix.zeros(xm.rows, this.outputs, this.dtype);
    for (let start = 0; start < xm.rows; start += PREDICT_BATCH) {
      const rows = Math.min(PREDICT_BATCH, xm.rows - start);
      const input = this.#passes.inputBuffer(rows);
      input.data.set(xm.data.subarray(start * this.inputs, (start + rows) * this.inputs));
      // Σ|xᵢ| (accumulated in f64) is finite iff every staged value is: one backend pass, not a JS scan
      if (!Number.isFinite(this.backend.sumAbs(input))) checkFiniteRows(xm, start, start + rows, 'predict: x', x instanceof Matrix && x !== xm ? x : null);
      const a = this.#passes.forwardInput(input, false);
      out.data.set(a.data, start * this.outputs);
    }
    return out;
  }

  /** Class probabilities: softmax outputs as they are; one sigmoid output p becomes [1 − p, p]. */
  predictProba(x: MatrixLike): Matrix {
    const p = this.predict(x);
    if (this.outputs !== 1) return p;
    const two = Matrix.zeros(p.rows, 2, this.dtype);
    for (let i = 0; i < p.rows; i++) {
      const v = p.data[i] as number;
      two.data[2 * i] = 1 - v;
      two.data[2 * i + 1] = v;
    }
    return two;
  }

  /** Predicted class index per row: argmax (the first of ties), or p ≥ 0.5 for a single output, as the metrics count it. */
  predictClasses(x: MatrixLike): Int32Array {
    const p = this.predict(x);
    if (this.outputs !== 1) return argmaxRows(p);
    const out = new Int32Array(p.rows);
    for (let i = 0; i < p.rows; i++) out[i] = (p.data[i] as number) >= 0.5 ? 1 : 0;
    return out;
  }

  /** The architecture table; printed with `print` when one is given (e.g. `model.summary(console.log)`). */
  summary(print?: (text: string) => void): ModelSummary {
    const s = summarize(this.inputs, this.layers);
    print?.(s.text);
    return s;
  }

  /** Copies of all parameter values, in `parameters()` order. */
  getWeights(): Matrix[] {
    return this.parameters().map((p) => p.value.clone());
  }

  /** Sets parameter values (same order and shapes as `getWeights`). */
  setWeights(values: readonly MatrixLike[]): void {
    const params = this.parameters();
    if (values.length !== params.length) throw new ShapeError(`setWeights: expected ${params.length} tensors, got ${values.length}`);
    params.forEach((p, i) => {
      const m = toMatrix(values[i] as MatrixLike, this.dtype, p.name);
      if (m.rows !== p.value.rows || m.cols !== p.value.cols) throw new ShapeError(`setWeights: ${p.name} is ${p.value.shape}, got ${m.shape}`);
      p.value.data.set(m.data);
    });
  }

  /** Frees every batch-size buffer (weights stay); the next forward allocates afresh. */
  releaseBuffers(): void {
    for (const layer of this.layers) layer.releaseBuffers();
    this.#passes.release();
  }

  /**
   * Frees every buffer the model holds — weights, gradients, batch buffers and its optimizer's state.
   * Needed with the WASM backend, whose memory the garbage collector does not reclaim; the model
   * cannot be used afterwards.
   */
  dispose(): void {
    this.releaseBuffers();
    for (const layer of this.layers) layer.dispose();
    this.optimizer?.reset();
    this.optimizer = null;
  }

  /** Whether the loss is computed in fused form with this model's output activation. */
  isFused(loss: Loss = this.currentLoss): boolean {
    return loss.fusedActivation !== null && loss.fusedActivation === this.outputActivation;
  }

  private checkPairing(): void {
    const message = pairingWarning(this.outputActivation, this.currentLoss);
    if (message !== null) warn(`mlpkit: ${message}`);
  }
}

/** Index of the largest value in each row. */
export function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    for (let j = 1; j < m.cols; j++) if ((m.data[i * m.cols + j] as number) > (m.data[i * m.cols + best] as number)) best = j;
    out[i] = best;
  }
  return out;
}
