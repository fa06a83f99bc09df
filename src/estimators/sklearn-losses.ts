import type { Matrix } from '../core/matrix.js';
import type { Loss } from '../nn/losses.js';

/**
 * scikit-learn's three MLP losses as engine `Loss` objects (sklearn/neural_network/_base.py).
 * The engine's cost is (1/N)·Σᵢ ℓᵢ ('mean' reduction) and scales the output delta by 1/N; the
 * L2 term alpha/(2N)·Σ‖W‖² is added by the training step (network.ts), not by the layers.
 *
 * Output delta: scikit-learn sets ∂ℓᵢ/∂zᵢ = ŷᵢ − yᵢ for every pair it uses (softmax + log-loss,
 * logistic + binary log-loss summed over outputs, identity + squared error). For the multi-output
 * squared error that is the gradient of ½·Σⱼ(ŷⱼ − yⱼ)², k times the gradient of the value it reports
 * (½·mean over outputs); we follow scikit-learn in both, so the loss curves and the steps agree.
 */

/** Probabilities are clipped to [ε, 1 − ε], ε = float64 machine epsilon, as scikit-learn clips. */
const EPS = 2.220446049250313e-16;

function clip(p: number): number {
  return Math.min(1 - EPS, Math.max(EPS, p));
}

/** x·log(y), 0 where x = 0 (scipy's xlogy) */
function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

/** dZ = ŷ − y, element by element */
function residual(a: Matrix, y: Matrix, d: Matrix): void {
  const A = a.data;
  const Y = y.data;
  const D = d.data;
  for (let i = 0; i < A.length; i++) D[i] = (A[i] as number) - (Y[i] as number);
}

/** ℓᵢ = −Σⱼ yᵢⱼ·log ŷᵢⱼ (softmax outputs) */
export const logLoss: Loss = {
  name: 'categoricalCrossentropy', reduction: 'mean', delta: 0, fusedActivation: 'softmax', targets: 'dense',
  perSample(yhat, y, out) {
    const k = yhat.cols;
    for (let i = 0; i < yhat.rows; i++) {
      let s = 0;
      for (let j = i * k; j < (i + 1) * k; j++) s -= xlogy(y.data[j] as number, clip(yhat.data[j] as number));
      out[i] = s;
    }
  },
  gradient: residual,
  // ∂ℓᵢ/∂zᵢⱼ = ŷᵢⱼ − yᵢⱼ
  gradientFromLogits: residual,
};

/** ℓᵢ = −Σⱼ [yᵢⱼ·log ŷᵢⱼ + (1 − yᵢⱼ)·log(1 − ŷᵢⱼ)] (logistic outputs, summed over outputs) */
export const binaryLogLoss: Loss = {
  name: 'binaryCrossentropy', reduction: 'mean', delta: 0, fusedActivation: 'sigmoid', targets: 'dense',
  perSample(yhat, y, out) {
    const k = yhat.cols;
    for (let i = 0; i < yhat.rows; i++) {
      let s = 0;
      for (let j = i * k; j < (i + 1) * k; j++) {
        const p = clip(yhat.data[j] as number);
        const t = y.data[j] as number;
        s -= xlogy(t, p) + xlogy(1 - t, 1 - p);
      }
      out[i] = s;
    }
  },
  gradient: residual,
  // ∂ℓᵢ/∂zᵢⱼ = ŷᵢⱼ − yᵢⱼ
  gradientFromLogits: residual,
};

/** ℓᵢ = (1/2k)·Σⱼ (yᵢⱼ − ŷᵢⱼ)² (identity outputs); the step uses ŷ − y (see above) */
export const squaredLoss: Loss = {
  name: 'mse', reduction: 'mean', delta: 0, fusedActivation: null, targets: 'dense',
  perSample(yhat, y, out) {
    const k = yhat.cols;
    for (let i = 0; i < yhat.rows; i++) {
      let s = 0;
      for (let j = i * k; j < (i + 1) * k; j++) {
        const r = (y.data[j] as number) - (yhat.data[j] as number);
        s += r * r;
      }
      out[i] = s / (2 * k);
    }
  },
  // ∂ℓᵢ/∂ŷᵢⱼ taken as ŷᵢⱼ − yᵢⱼ, as scikit-learn's backprop does
  gradient: residual,
};

/** scikit-learn's output activation name, and the loss it trains with. */
export type OutActivation = 'softmax' | 'logistic' | 'identity';

export function lossFor(out: OutActivation): Loss {
  return out === 'softmax' ? logLoss : out === 'logistic' ? binaryLogLoss : squaredLoss;
}
