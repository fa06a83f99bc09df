import { ConfigError, ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { BufferCache } from './buffer-cache.js';
import { aggregate, checkTargets, perSampleLoss, scaleRowsToCost } from './cost.js';
import type { Dense } from './dense.js';
import type { Layer } from './layer.js';
import type { Loss } from './losses.js';
import type { Model } from './model.js';

/**
 * The low-level training interface of a `Model`: the allocation-free passes that training loops
 * run once per step. `Model.forward`, `cost` and `backward` are these with the checks and copies a
 * caller needs; the loops (the Trainer, `evaluate`, `evaluateStream`, `gradCheck`) call these
 * directly, through `trainingPasses(model)`. Not part of the package's public API.
 *
 * Buffer contract: `inputBuffer(rows)` is the model's own cache, shared with `predict`, `forward`
 * and `evaluate`; whoever fills it must run `forwardInput` before anything else touches the model.
 * The Trainer never uses it: it owns its batch buffers.
 */
export interface TrainingPasses {
  /** The model's input buffer for a batch of `rows` (backend memory, rows × inputs). */
  inputBuffer(rows: number): Matrix;
  /** Forward from a batch already in backend memory: a = φ(x·W + b) layer by layer, no copy; returns ŷ (a view). */
  forwardInput(input: Matrix, training: boolean): Matrix;
  /** (1/N)·Σ wᵢℓᵢ (or Σ wᵢℓᵢ) of the last forward pass, with ℓᵢ left in the per-sample buffer. */
  dataCost(loss: Loss, y: Matrix, weights: ArrayLike<number> | null): number;
  /** The chain rule from the output back, for the last forward pass: ∂cost/∂θ into each `param.grad`; returns ∂cost/∂x when asked. */
  backpropagate(loss: Loss, y: Matrix, weights: ArrayLike<number> | null, inputGradient: boolean): Matrix | null;
}

/** The training passes of `model`. */
export function trainingPasses(model: Model): TrainingPasses {
  const passes = byModel.get(model);
  if (passes === undefined) throw new ConfigError('trainingPasses: not a constructed Model');
  return passes;
}

const byModel = new WeakMap<Model, ModelPasses>();

interface PassBuffers extends Record<string, Matrix | null> {
  /** the input batch, copied into backend memory */
  x: Matrix;
  /** ∂ℓ/∂ŷ then ∂cost/∂ŷ, batch × outputs (unfused losses) */
  dA: Matrix;
}

/** The implementation behind `TrainingPasses`, one per model, with the per-batch-size buffers. */
export class ModelPasses implements TrainingPasses {
  private readonly buffers: BufferCache<PassBuffers>;
  private readonly lossValues = new Map<number, Float64Array>();
  private lastBatchRows = -1;

  /** Builds the passes of `model` (its layers built) and registers them for `trainingPasses`. */
  constructor(private readonly model: Model) {
    this.buffers = new BufferCache<PassBuffers>(model.backend, (rows) => ({
      x: model.backend.alloc(rows, model.inputs, model.dtype),
      dA: model.backend.alloc(rows, model.outputs, model.dtype),
    }));
    byModel.set(model, this);
  }

  inputBuffer(rows: number): Matrix {
    return this.buffers.get(rows).x;
  }

  forwardInput(input: Matrix, training: boolean): Matrix {
    let a = input;
    for (const layer of this.model.layers) a = layer.forward(a, training);
    this.lastBatchRows = input.rows;
    return a;
  }

  dataCost(loss: Loss, y: Matrix, weights: ArrayLike<number> | null): number {
    const out = this.outputLayerState();
    checkTargets(loss, this.model.outputs, y, out.a.rows);
    if (weights !== null && weights.length < out.a.rows) throw new ShapeError(`sampleWeight has ${weights.length} values for ${out.a.rows} rows`);
    const perSample = this.lossBuffer(out.a.rows);
    perSampleLoss(loss, this.model.isFused(loss), out.z, out.a, y, perSample);
    return aggregate(loss, perSample, weights);
  }

  backpropagate(loss: Loss, y: Matrix, weights: ArrayLike<number> | null, inputGradient: boolean): Matrix | null {
    const layers = this.model.layers;
    const last = layers.length - 1;
    const outputLayer = layers[last] as Dense;
    const out = this.outputLayerState();
    checkTargets(loss, this.model.outputs, y, out.a.rows);
    let d: Matrix | null;
    if (this.model.isFused(loss) && loss.gradientFromLogits !== undefined) {
      // fused output delta: ∂ℓᵢ/∂z = ŷᵢ − yᵢ (softmax + CE, sigmoid + BCE), then ×wᵢ/N
      const dZ = outputLayer.deltaBuffer();
      loss.gradientFromLogits(out.a, y, dZ);
      scaleRowsToCost(loss, dZ, weights);
      d = outputLayer.backwardFromDelta(inputGradient || last > 0);
    } else {
      // ∂cost/∂ŷ = (wᵢ/N)·∂ℓᵢ/∂ŷᵢ, then the layer applies φ′
      const dA = this.buffers.get(this.lastBatchRows).dA;
      loss.gradient(out.a, y, dA);
      scaleRowsToCost(loss, dA, weights);
      d = outputLayer.backward(dA, inputGradient || last > 0);
    }
    for (let i = last - 1; i >= 0; i--) {
      d = (layers[i] as Layer).backward(d as Matrix, inputGradient || i > 0);
    }
    return inputGradient ? d : null;
  }

  /** ℓᵢ of the last `dataCost` for a batch of `rows` (a live buffer). */
  lossBuffer(rows: number): Float64Array {
    let b = this.lossValues.get(rows);
    if (b === undefined) {
      if (this.lossValues.size > 6) this.lossValues.clear();
      b = new Float64Array(rows);
      this.lossValues.set(rows, b);
    }
    return b;
  }

  /** Frees every batch-size buffer; the next pass allocates afresh. */
  release(): void {
    this.buffers.clear();
    this.lossValues.clear();
    this.lastBatchRows = -1;
  }

  private outputLayerState(): { z: Matrix; a: Matrix } {
    const layers = this.model.layers;
    const o = (layers[layers.length - 1] as Dense).lastOutputs;
    if (this.lastBatchRows < 0 || o === null) throw new ShapeError('Model: no forward pass to compute a cost for; call forward first');
    return o;
  }
}
