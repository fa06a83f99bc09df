import type { LossDescriptor } from './loss-descriptor.js';
import { checkSameShape, clip, elementwise, EPS, label, logSumExp, rowReduce } from './loss-terms.js';
import type { Loss } from './losses.js';

/**
 * Every loss mlpkit has: the per-sample loss ℓᵢ(ŷᵢ, yᵢ) beside its derivative ∂ℓᵢ/∂ŷᵢ (and the
 * fused form from the logits where one exists), with its options and where it is offered. Names,
 * the model-file schema, `getLoss`, the CLI's checks and the playground's lists are derived from
 * LOSS_DESCRIPTORS below. Names never change: model files store them.
 */

// element terms, defined once so computing a loss allocates nothing
const squared = (p: number, t: number): number => (t - p) * (t - p);
const absolute = (p: number, t: number): number => Math.abs(t - p);
const mseGrad = (p: number, t: number, k: number): number => (2 / k) * (p - t);
const sseGrad = (p: number, t: number): number => 2 * (p - t);
const maeGrad = (p: number, t: number, k: number): number => Math.sign(p - t) / k;
const bceTerm = (p: number, t: number): number => {
  const q = clip(p);
  return -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
};
const bceGrad = (p: number, t: number, k: number): number => (p < EPS || p > 1 - EPS ? 0 : (p - t) / (k * p * (1 - p)));
const bceLogitTerm = (z: number, t: number): number => Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
const bceLogitGrad = (p: number, t: number, k: number): number => (p - t) / k;
const cceTerm = (p: number, t: number): number => (t === 0 ? 0 : -t * Math.log(clip(p)));
const cceGrad = (p: number, t: number): number => (t === 0 ? 0 : -t / Math.max(p, EPS));

// ℓ = (1/k)·Σⱼ (yⱼ − ŷⱼ)²;  ∂ℓ/∂ŷⱼ = (2/k)(ŷⱼ − yⱼ)
const mse: Loss = {
  name: 'mse', reduction: 'mean', delta: 0, fusedActivation: null, targets: 'dense',
  perSample: (yhat, y, out) => rowReduce(yhat, y, out, squared, true),
  gradient: (yhat, y, dA) => elementwise(yhat, y, dA, mseGrad),
};

// ℓ = Σⱼ (yⱼ − ŷⱼ)², summed over samples too;  ∂ℓ/∂ŷⱼ = 2(ŷⱼ − yⱼ)
const sse: Loss = {
  name: 'sse', reduction: 'sum', delta: 0, fusedActivation: null, targets: 'dense',
  perSample: (yhat, y, out) => rowReduce(yhat, y, out, squared, false),
  gradient: (yhat, y, dA) => elementwise(yhat, y, dA, sseGrad),
};

// ℓ = (1/k)·Σⱼ |yⱼ − ŷⱼ|;  ∂ℓ/∂ŷⱼ = sign(ŷⱼ − yⱼ)/k
const mae: Loss = {
  name: 'mae', reduction: 'mean', delta: 0, fusedActivation: null, targets: 'dense',
  perSample: (yhat, y, out) => rowReduce(yhat, y, out, absolute, true),
  gradient: (yhat, y, dA) => elementwise(yhat, y, dA, maeGrad),
};

function huber(delta: number): Loss {
  // ℓ = (1/k)·Σⱼ h(ŷⱼ − yⱼ), h(r) = ½r² for |r| ≤ δ, δ(|r| − ½δ) otherwise;  h′(r) = clamp(r, −δ, δ)
  const term = (p: number, t: number): number => {
    const r = Math.abs(p - t);
    return r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
  };
  const grad = (p: number, t: number, k: number): number => Math.min(delta, Math.max(-delta, p - t)) / k;
  return {
    name: 'huber', reduction: 'mean', delta, fusedActivation: null, targets: 'dense',
    perSample: (yhat, y, out) => rowReduce(yhat, y, out, term, true),
    gradient: (yhat, y, dA) => elementwise(yhat, y, dA, grad),
  };
}

// ℓ = −(1/k)·Σⱼ [yⱼ log ŷⱼ + (1 − yⱼ) log(1 − ŷⱼ)]
const binaryCrossentropy: Loss = {
  name: 'binaryCrossentropy', reduction: 'mean', delta: 0, fusedActivation: 'sigmoid', targets: 'dense',
  perSample: (yhat, y, out) => rowReduce(yhat, y, out, bceTerm, true),
  // ∂ℓ/∂ŷⱼ = (ŷⱼ − yⱼ) / (k·ŷⱼ(1 − ŷⱼ))  (zero where ŷ was clipped)
  gradient: (yhat, y, dA) => elementwise(yhat, y, dA, bceGrad),
  // with ŷ = σ(z): ℓⱼ = max(z, 0) − z·y + log(1 + e^(−|z|))
  perSampleFromLogits: (z, y, out) => rowReduce(z, y, out, bceLogitTerm, true),
  // ∂ℓ/∂zⱼ = (ŷⱼ − yⱼ)/k
  gradientFromLogits: (a, y, dZ) => elementwise(a, y, dZ, bceLogitGrad),
};

// ℓ = −Σⱼ yⱼ log ŷⱼ
const categoricalCrossentropy: Loss = {
  name: 'categoricalCrossentropy', reduction: 'mean', delta: 0, fusedActivation: 'softmax', targets: 'dense',
  perSample: (yhat, y, out) => rowReduce(yhat, y, out, cceTerm, false),
  // ∂ℓ/∂ŷⱼ = −yⱼ/ŷⱼ
  gradient: (yhat, y, dA) => elementwise(yhat, y, dA, cceGrad),
  // with ŷ = softmax(z): ℓ = Σⱼ yⱼ·(logΣₖe^(zₖ) − zⱼ)   (log-sum-exp)
  perSampleFromLogits: (z, y, out) => {
    checkSameShape(z, y);
    for (let i = 0; i < z.rows; i++) {
      const lse = logSumExp(z.data, i * z.cols, z.cols);
      let l = 0;
      for (let j = 0; j < z.cols; j++) {
        const t = y.data[i * z.cols + j] as number;
        if (t !== 0) l += t * (lse - (z.data[i * z.cols + j] as number));
      }
      out[i] = l;
    }
  },
  // ∂ℓ/∂zⱼ = ŷⱼ·Σₖyₖ − yⱼ  (= ŷⱼ − yⱼ for one-hot or probability targets)
  gradientFromLogits: (a, y, dZ) => {
    checkSameShape(a, y);
    for (let i = 0; i < a.rows; i++) {
      let total = 0;
      for (let j = 0; j < a.cols; j++) total += y.data[i * a.cols + j] as number;
      for (let j = 0; j < a.cols; j++) {
        const k = i * a.cols + j;
        dZ.data[k] = (a.data[k] as number) * total - (y.data[k] as number);
      }
    }
  },
};

// y holds one integer class label per row: ℓ = −log ŷ_y
const sparseCategoricalCrossentropy: Loss = {
  name: 'sparseCategoricalCrossentropy', reduction: 'mean', delta: 0, fusedActivation: 'softmax', targets: 'labels',
  perSample: (yhat, y, out) => {
    for (let i = 0; i < yhat.rows; i++) out[i] = -Math.log(clip(yhat.data[i * yhat.cols + label(y, i, yhat.cols)] as number));
  },
  // ∂ℓ/∂ŷⱼ = −1/ŷⱼ for j = y, 0 elsewhere
  gradient: (yhat, y, dA) => {
    dA.data.fill(0);
    for (let i = 0; i < yhat.rows; i++) {
      const k = i * yhat.cols + label(y, i, yhat.cols);
      dA.data[k] = -1 / Math.max(yhat.data[k] as number, EPS);
    }
  },
  // ℓ = logΣₖe^(zₖ) − z_y
  perSampleFromLogits: (z, y, out) => {
    for (let i = 0; i < z.rows; i++) {
      out[i] = logSumExp(z.data, i * z.cols, z.cols) - (z.data[i * z.cols + label(y, i, z.cols)] as number);
    }
  },
  // ∂ℓ/∂zⱼ = ŷⱼ − [j = y]
  gradientFromLogits: (a, y, dZ) => {
    dZ.data.set(a.data);
    for (let i = 0; i < a.rows; i++) {
      const k = i * a.cols + label(y, i, a.cols);
      dZ.data[k] = (dZ.data[k] as number) - 1;
    }
  },
};

export const LOSS_DESCRIPTORS = [
  { name: 'mse', aliases: ['meansquarederror', 'squarederror'], task: 'regression', playground: { regression: 1, binary: 2 }, create: () => mse },
  { name: 'sse', aliases: ['sumsquarederror', 'sumofsquarederrors'], task: 'regression', create: () => sse },
  { name: 'mae', aliases: ['meanabsoluteerror'], task: 'regression', playground: { regression: 2 }, create: () => mae },
  {
    name: 'huber',
    task: 'regression',
    options: {
      /** δ, where the loss turns from quadratic to linear, default 1 */
      delta: { default: 1, min: 0, exclusiveMin: true },
    },
    playground: { regression: 3 },
    create: (o) => huber(o.delta as number),
  },
  { name: 'binaryCrossentropy', aliases: ['bce', 'logloss'], task: 'classification', playground: { binary: 1 }, create: () => binaryCrossentropy },
  { name: 'categoricalCrossentropy', aliases: ['cce', 'crossentropy'], task: 'classification', create: () => categoricalCrossentropy },
  { name: 'sparseCategoricalCrossentropy', aliases: ['sparsecrossentropy'], task: 'classification', playground: { multiclass: 1 }, create: () => sparseCategoricalCrossentropy },
] as const satisfies readonly LossDescriptor[];
