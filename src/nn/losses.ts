import { ConfigError, ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

/**
 * Losses: the per-sample loss ℓᵢ(ŷᵢ, yᵢ) and its derivative ∂ℓᵢ/∂ŷᵢ, side by side.
 * The cost aggregates them: C = (1/N)·Σᵢ wᵢℓᵢ (reduction 'mean') or C = Σᵢ wᵢℓᵢ ('sum'), plus the
 * layers' penalties. That aggregation (weights wᵢ, the 1/N) lives in one place: `src/nn/cost.ts`.
 *
 * Fused forms: softmax + categorical cross-entropy and sigmoid + binary cross-entropy are computed
 * from the logits z (log-sum-exp, softplus), and their gradient with respect to z is ŷ − y
 * (per output, divided by the output count for the binary mean). The model uses these whenever the
 * output layer's activation is `fusedActivation`.
 */
export type LossName =
  | 'mse'
  | 'sse'
  | 'mae'
  | 'huber'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy';

export const LOSS_NAMES: readonly LossName[] = [
  'mse', 'sse', 'mae', 'huber', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy',
];

export type LossSpec = LossName | { name: 'huber'; delta?: number };

export interface Loss {
  readonly name: LossName;
  readonly reduction: 'mean' | 'sum';
  /** Huber's threshold δ; 0 for other losses */
  readonly delta: number;
  /** The output activation with which the loss has a fused, stable form, or null. */
  readonly fusedActivation: 'softmax' | 'sigmoid' | null;
  /** What the targets are: one column of integer class labels, or one value per output. */
  readonly targets: 'labels' | 'dense';
  /** out[i] = ℓᵢ(ŷᵢ, yᵢ) */
  perSample(yhat: Matrix, y: Matrix, out: Float64Array): void;
  /** dA[i][j] = ∂ℓᵢ/∂ŷᵢⱼ */
  gradient(yhat: Matrix, y: Matrix, dA: Matrix): void;
  /** Fused: out[i] = ℓᵢ computed from logits z. */
  perSampleFromLogits?(z: Matrix, y: Matrix, out: Float64Array): void;
  /** Fused: dZ[i][j] = ∂ℓᵢ/∂zᵢⱼ, given a = φ(z). */
  gradientFromLogits?(a: Matrix, y: Matrix, dZ: Matrix): void;
}

/** Probabilities are clipped to [ε, 1 − ε] in the unfused cross-entropies, so log never sees 0. */
const EPS = 1e-7;

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

/**
 * Sparse cross-entropy against label-smoothed targets (Szegedy et al., 2016): with K classes and
 * smoothing ε, the target of row i is qⱼ = (1 − ε)·[j = y] + ε/K. Fused with softmax only.
 * Saved in a model file as plain sparse cross-entropy (ε is a training choice, not part of the model).
 */
export function labelSmoothedCrossentropy(epsilon: number): Loss {
  if (!(Number.isFinite(epsilon) && epsilon >= 0 && epsilon < 1)) throw new ConfigError(`label smoothing must be in [0, 1), got ${epsilon}`);
  if (epsilon === 0) return sparseCategoricalCrossentropy;
  return {
    ...sparseCategoricalCrossentropy,
    // ℓ = −Σⱼ qⱼ log ŷⱼ
    perSample: (yhat, y, out) => {
      const k = yhat.cols;
      for (let i = 0; i < yhat.rows; i++) {
        const t = label(y, i, k);
        let l = 0;
        for (let j = 0; j < k; j++) l -= ((j === t ? 1 - epsilon : 0) + epsilon / k) * Math.log(clip(yhat.data[i * k + j] as number));
        out[i] = l;
      }
    },
    // ∂ℓ/∂ŷⱼ = −qⱼ/ŷⱼ
    gradient: (yhat, y, dA) => {
      const k = yhat.cols;
      for (let i = 0; i < yhat.rows; i++) {
        const t = label(y, i, k);
        for (let j = 0; j < k; j++) dA.data[i * k + j] = -((j === t ? 1 - epsilon : 0) + epsilon / k) / Math.max(yhat.data[i * k + j] as number, EPS);
      }
    },
    // ℓ = logΣₖe^(zₖ) − (1 − ε)·z_y − (ε/K)·Σⱼ zⱼ
    perSampleFromLogits: (z, y, out) => {
      const k = z.cols;
      for (let i = 0; i < z.rows; i++) {
        let sum = 0;
        for (let j = 0; j < k; j++) sum += z.data[i * k + j] as number;
        out[i] = logSumExp(z.data, i * k, k) - (1 - epsilon) * (z.data[i * k + label(y, i, k)] as number) - (epsilon / k) * sum;
      }
    },
    // ∂ℓ/∂zⱼ = ŷⱼ − qⱼ
    gradientFromLogits: (a, y, dZ) => {
      const k = a.cols;
      for (let i = 0; i < a.rows; i++) {
        const t = label(y, i, k);
        for (let j = 0; j < k; j++) dZ.data[i * k + j] = (a.data[i * k + j] as number) - (j === t ? 1 - epsilon : 0) - epsilon / k;
      }
    },
  };
}

const ALIASES: Record<string, LossName> = {
  mse: 'mse',
  meansquarederror: 'mse',
  squarederror: 'mse',
  sse: 'sse',
  sumsquarederror: 'sse',
  sumofsquarederrors: 'sse',
  mae: 'mae',
  meanabsoluteerror: 'mae',
  huber: 'huber',
  bce: 'binaryCrossentropy',
  binarycrossentropy: 'binaryCrossentropy',
  logloss: 'binaryCrossentropy',
  cce: 'categoricalCrossentropy',
  crossentropy: 'categoricalCrossentropy',
  categoricalcrossentropy: 'categoricalCrossentropy',
  sparsecategoricalcrossentropy: 'sparseCategoricalCrossentropy',
  sparsecrossentropy: 'sparseCategoricalCrossentropy',
};

/** Normalizes 'mean_squared_error', 'binary-crossentropy', 'BCE', … to a LossName. */
export function lossName(name: string): LossName {
  const canonical = ALIASES[name.toLowerCase().replace(/[-_ ]/g, '')];
  if (canonical === undefined) throw new ConfigError(`unknown loss '${name}'; expected one of ${LOSS_NAMES.join(', ')}`);
  return canonical;
}

export function getLoss(spec: LossSpec | Loss): Loss {
  if (typeof spec === 'object' && 'perSample' in spec) return spec;
  const name = lossName(typeof spec === 'string' ? spec : spec.name);
  switch (name) {
    case 'mse': return mse;
    case 'sse': return sse;
    case 'mae': return mae;
    case 'huber': {
      const delta = typeof spec === 'object' && 'delta' in spec && spec.delta !== undefined ? spec.delta : 1;
      if (!(Number.isFinite(delta) && delta > 0)) throw new ConfigError(`huber: delta must be a number > 0, got ${delta}`);
      return huber(delta);
    }
    case 'binaryCrossentropy': return binaryCrossentropy;
    case 'categoricalCrossentropy': return categoricalCrossentropy;
    case 'sparseCategoricalCrossentropy': return sparseCategoricalCrossentropy;
  }
}

/** The serializable form of a loss. */
export function lossSpecOf(loss: Loss): LossSpec {
  return loss.name === 'huber' ? { name: 'huber', delta: loss.delta } : loss.name;
}

/** The usual loss for an output activation: softmax → categorical CE, sigmoid → binary CE, else MSE. */
export function defaultLossFor(outputActivation: string): LossName {
  if (outputActivation === 'softmax') return 'categoricalCrossentropy';
  if (outputActivation === 'sigmoid') return 'binaryCrossentropy';
  return 'mse';
}

/** A message for output/loss pairings that are known to be wrong, or null when the pairing is fine. */
export function pairingWarning(outputActivation: string, loss: Loss): string | null {
  const regression = loss.name === 'mse' || loss.name === 'sse' || loss.name === 'mae' || loss.name === 'huber';
  if (outputActivation === 'softmax' && regression) {
    return `softmax output with ${loss.name} loss: the gradient vanishes as probabilities saturate; use categoricalCrossentropy (or sparseCategoricalCrossentropy for integer labels)`;
  }
  if (outputActivation === 'sigmoid' && regression) {
    return `sigmoid output with ${loss.name} loss trains slowly when outputs saturate; use binaryCrossentropy for 0/1 targets`;
  }
  if ((loss.name === 'categoricalCrossentropy' || loss.name === 'sparseCategoricalCrossentropy') && outputActivation !== 'softmax') {
    return `${loss.name} expects probabilities that sum to 1, but the output activation is ${outputActivation}; use softmax`;
  }
  if (loss.name === 'binaryCrossentropy' && outputActivation !== 'sigmoid' && outputActivation !== 'softmax') {
    return `binaryCrossentropy expects probabilities in (0, 1), but the output activation is ${outputActivation}; use sigmoid`;
  }
  return null;
}

function clip(p: number): number {
  return Math.min(1 - EPS, Math.max(EPS, p));
}

function logSumExp(z: ArrayLike<number>, offset: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, z[offset + j] as number);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp((z[offset + j] as number) - max);
  return max + Math.log(sum);
}

function label(y: Matrix, i: number, classes: number): number {
  const c = y.data[i * y.cols] as number;
  if (!(Number.isInteger(c) && c >= 0 && c < classes)) {
    throw new ShapeError(`sparse labels must be integers in 0…${classes - 1}; row ${i} has ${c}`);
  }
  return c;
}

function checkSameShape(yhat: Matrix, y: Matrix): void {
  if (yhat.rows !== y.rows || yhat.cols !== y.cols) {
    throw new ShapeError(`loss: predictions are ${yhat.shape} but targets are ${y.shape}`);
  }
}

/** out[i] = Σⱼ f(ŷᵢⱼ, yᵢⱼ), divided by k when `mean` */
function rowReduce(yhat: Matrix, y: Matrix, out: Float64Array, f: (p: number, t: number) => number, mean: boolean): void {
  checkSameShape(yhat, y);
  const k = yhat.cols;
  for (let i = 0; i < yhat.rows; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += f(yhat.data[i * k + j] as number, y.data[i * k + j] as number);
    out[i] = mean ? s / k : s;
  }
}

/** dA[i][j] = g(ŷᵢⱼ, yᵢⱼ, k) */
function elementwise(yhat: Matrix, y: Matrix, dA: Matrix, g: (p: number, t: number, k: number) => number): void {
  checkSameShape(yhat, y);
  const k = yhat.cols;
  const P = yhat.data;
  const T = y.data;
  const D = dA.data;
  for (let i = 0; i < P.length; i++) D[i] = g(P[i] as number, T[i] as number, k);
}
