import type { Backend } from '../backend/backend.js';
import { ShapeError } from '../core/errors.js';
import { Matrix, type DType } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { Dense } from '../nn/dense.js';
import type { Loss } from '../nn/losses.js';
import { Model } from '../nn/model.js';
import type { ExtraPenalty } from '../train/trainer.js';
import type { MLPActivation } from './params.js';
import { lossFor, type OutActivation } from './sklearn-losses.js';

/** The engine's name for each of scikit-learn's activations. */
const ENGINE_ACTIVATION = { identity: 'identity', logistic: 'sigmoid', tanh: 'tanh', relu: 'relu', softmax: 'softmax' } as const;

/**
 * The estimator's network: an engine Model (float64 by default) of Dense layers, on the default
 * backend ('auto': the WASM backend once `initWasmBackend()` has run, else the reference), with scikit-learn's
 * initialization and its regularized cost
 *   C = (1/N)·Σᵢ ℓᵢ + alpha/(2N)·Σ_layers ‖W‖²    (N = rows in the batch)
 * trained by the engine's Trainer with this L2 term as its extra penalty.
 */
export class Network {
  readonly model: Model;
  readonly loss: Loss;
  /** [n_features, ...hidden, n_outputs] */
  readonly layerUnits: readonly number[];
  /** the Dense layers' W₁, W₂, … (the L2 term applies to these) */
  private readonly kernels: Matrix[];
  private readonly kernelGrads: Matrix[];

  constructor(layerUnits: readonly number[], readonly activation: MLPActivation, readonly outActivation: OutActivation, dtype: DType = 'float64', backend?: Backend) {
    this.layerUnits = [...layerUnits];
    const last = layerUnits.length - 2;
    const layers = layerUnits.slice(1).map(
      (units, i) =>
        new Dense({
          units,
          activation: ENGINE_ACTIVATION[i === last ? outActivation : activation],
          // the weights are drawn by `initialize` (scikit-learn's Glorot variant) or set from outside
          kernelInitializer: 'zeros',
        }),
    );
    this.loss = lossFor(outActivation);
    this.model = new Model({ inputs: layerUnits[0] as number, layers, dtype, loss: this.loss, ...(backend !== undefined ? { backend } : {}) });
    const dense = this.model.denseLayers();
    this.kernels = dense.map((d) => d.weights.value);
    this.kernelGrads = dense.map((d) => d.weights.grad);
  }

  /**
   * scikit-learn's `_init_coef`, layer by layer, W then b:
   * W, b ~ U(−r, r), r = √(factor/(fan_in + fan_out)), factor 2 for logistic, 6 otherwise (Glorot & Bengio, 2010).
   */
  initialize(rng: Rng): void {
    const factor = this.activation === 'logistic' ? 2 : 6;
    for (const layer of this.model.denseLayers()) {
      const r = Math.sqrt(factor / (layer.inputWidth + layer.units));
      for (const p of [layer.weights, layer.bias]) {
        if (p === null) continue;
        const d = p.value.data;
        for (let i = 0; i < d.length; i++) d[i] = rng.range(-r, r);
      }
    }
  }

  /** The number of weight matrices (n_layers − 1). */
  get depth(): number {
    return this.kernels.length;
  }

  /**
   * The L2 term as the trainer's extra penalty: for a batch of N rows it adds (alpha/N)·W to every
   * ∂C/∂W and returns alpha/(2N)·Σ‖W‖².
   */
  l2Penalty(alpha: number): ExtraPenalty | null {
    if (alpha === 0) return null;
    return (_params, n) => {
      let squares = 0;
      for (let l = 0; l < this.kernels.length; l++) {
        const W = (this.kernels[l] as Matrix).data;
        const dW = (this.kernelGrads[l] as Matrix).data;
        for (let i = 0; i < W.length; i++) {
          const w = W[i] as number;
          squares += w * w;
          // ∂C/∂W += (alpha/N)·W
          dW[i] = (dW[i] as number) + (alpha / n) * w;
        }
      }
      // alpha/(2N)·Σ‖W‖²
      return (0.5 * alpha * squares) / n;
    };
  }

  /**
   * Forward and backward pass on (x, y) through the model's public step (forward, then backward);
   * writes ∂C/∂θ into every `param.grad` and returns C. Training goes through the trainer instead.
   */
  costAndGradient(x: Matrix, y: Matrix, alpha: number): number {
    this.model.forward(x, { training: true });
    const data = this.model.backward(y, { loss: this.loss, inputGradient: false }).cost.dataCost;
    const l2 = this.l2Penalty(alpha);
    return l2 === null ? data : data + l2(this.model.parameters(), y.rows);
  }

  /** Outputs for every row of x (softmax / logistic / identity), a fresh n × n_outputs matrix. */
  predict(x: Matrix): Matrix {
    return this.model.predict(x);
  }

  /** Copies of the weights, W as fan_in × fan_out rows and b as one row per layer. */
  getCoefs(): number[][][] {
    return this.kernels.map((W) => W.toArray());
  }

  getIntercepts(): number[][] {
    return this.model.denseLayers().map((d) => Array.from((d.bias as { value: Matrix }).value.data));
  }

  setCoefs(coefs: readonly (readonly (readonly number[])[] | Matrix)[]): void {
    if (coefs.length !== this.kernels.length) throw new ShapeError(`coefs: expected ${this.kernels.length} matrices, got ${coefs.length}`);
    coefs.forEach((c, l) => {
      const W = this.kernels[l] as Matrix;
      const m = c instanceof Matrix ? c : Matrix.from(c, 'float64');
      if (m.rows !== W.rows || m.cols !== W.cols) throw new ShapeError(`coefs[${l}]: expected ${W.shape}, got ${m.shape}`);
      W.data.set(m.data);
    });
  }

  setIntercepts(intercepts: readonly ArrayLike<number>[]): void {
    const dense = this.model.denseLayers();
    if (intercepts.length !== dense.length) throw new ShapeError(`intercepts: expected ${dense.length} vectors, got ${intercepts.length}`);
    intercepts.forEach((b, l) => {
      const bias = (dense[l] as Dense).bias as { value: Matrix };
      if (b.length !== bias.value.size) throw new ShapeError(`intercepts[${l}]: expected ${bias.value.size} values, got ${b.length}`);
      bias.value.data.set(Array.from(b));
    });
  }

  /** All parameter values (for restoring the best weights of early stopping). */
  snapshot(): Float64Array[] {
    return this.model.parameters().map((p) => Float64Array.from(p.value.data));
  }

  restore(values: readonly Float64Array[]): void {
    this.model.parameters().forEach((p, i) => p.value.data.set(values[i] as Float64Array));
  }
}
