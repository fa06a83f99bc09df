import { ConfigError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { erf } from './erf.js';

/**
 * Activation functions φ and their exact derivatives, side by side.
 * Element-wise ones give `f(z)` and `df(z, a)` = φ′(z), where a = φ(z) is passed too because many
 * derivatives are cheapest from the output (σ′ = a(1 − a), tanh′ = 1 − a²).
 * Softmax is row-wise: it has `forwardRow` and a Jacobian-vector product `backwardRow`.
 */
export type ActivationName =
  | 'identity'
  | 'relu'
  | 'leakyRelu'
  | 'elu'
  | 'selu'
  | 'gelu'
  | 'sigmoid'
  | 'tanh'
  | 'softplus'
  | 'softsign'
  | 'swish'
  | 'softmax';

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'identity', 'relu', 'leakyRelu', 'elu', 'selu', 'gelu', 'sigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'softmax',
];

/** How a layer names its activation: a name, or a name with its parameter (α for leakyRelu and elu). */
export type ActivationSpec = ActivationName | 'linear' | 'logistic' | 'silu' | { name: ActivationName; alpha?: number };

export interface ElementwiseActivation {
  readonly name: ActivationName;
  readonly kind: 'elementwise';
  /** The parameter of leakyRelu (negative slope) and elu (saturation); 0 elsewhere. */
  readonly alpha: number;
  /** a = φ(z) */
  f(z: number): number;
  /** φ′(z), given z and a = φ(z) */
  df(z: number, a: number): number;
}

export interface RowwiseActivation {
  readonly name: 'softmax';
  readonly kind: 'rowwise';
  readonly alpha: number;
  /** a[o…o+n) = softmax(z[o…o+n)) */
  forwardRow(z: ArrayLike<number>, a: { [i: number]: number }, offset: number, n: number): void;
  /** dZ = J_softmax(z)ᵀ · dA = a ⊙ (dA − ⟨a, dA⟩) over one row */
  backwardRow(a: ArrayLike<number>, dA: ArrayLike<number>, dZ: { [i: number]: number }, offset: number, n: number): void;
}

export type Activation = ElementwiseActivation | RowwiseActivation;

// SELU constants (Klambauer et al., 2017)
const SELU_LAMBDA = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;
const INV_SQRT_2 = 1 / Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** σ(z) = 1 / (1 + e^(−z)), evaluated without overflow for large |z| */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function elementwise(
  name: ActivationName,
  f: (z: number) => number,
  df: (z: number, a: number) => number,
  alpha = 0,
): ElementwiseActivation {
  return { name, kind: 'elementwise', alpha, f, df };
}

const identity = elementwise('identity', (z) => z, () => 1);
// relu′(0) is taken as 0, as PyTorch does
const relu = elementwise('relu', (z) => (z > 0 ? z : 0), (z) => (z > 0 ? 1 : 0));
const sigmoidAct = elementwise('sigmoid', sigmoid, (_z, a) => a * (1 - a));
const tanh = elementwise('tanh', Math.tanh, (_z, a) => 1 - a * a);
// softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^(−|z|));  softplus′ = σ(z)
const softplus = elementwise('softplus', (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))), (z) => sigmoid(z));
// softsign(z) = z / (1 + |z|);  softsign′ = 1 / (1 + |z|)²
const softsign = elementwise('softsign', (z) => z / (1 + Math.abs(z)), (z) => 1 / ((1 + Math.abs(z)) * (1 + Math.abs(z))));
// swish(z) = z·σ(z);  swish′ = σ(z) + z·σ(z)(1 − σ(z)) = σ(z)(1 + z(1 − σ(z)))
const swish = elementwise('swish', (z) => z * sigmoid(z), (z) => {
  const s = sigmoid(z);
  return s * (1 + z * (1 - s));
});
// gelu(z) = z·Φ(z) with Φ(z) = ½(1 + erf(z/√2));  gelu′ = Φ(z) + z·φ(z), φ the normal density
const gelu = elementwise('gelu', (z) => 0.5 * z * (1 + erf(z * INV_SQRT_2)), (z) =>
  0.5 * (1 + erf(z * INV_SQRT_2)) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z),
);
// selu(z) = λ·z for z > 0, λα(e^z − 1) otherwise;  selu′ = λ or λα·e^z
const selu = elementwise('selu', (z) => (z > 0 ? SELU_LAMBDA * z : SELU_LAMBDA * SELU_ALPHA * Math.expm1(z)), (z) =>
  z > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(z),
);

function leakyRelu(alpha: number): ElementwiseActivation {
  // leakyRelu(z) = z for z > 0, αz otherwise
  return elementwise('leakyRelu', (z) => (z > 0 ? z : alpha * z), (z) => (z > 0 ? 1 : alpha), alpha);
}

function elu(alpha: number): ElementwiseActivation {
  // elu(z) = z for z > 0, α(e^z − 1) otherwise;  elu′ = 1 or αe^z
  return elementwise('elu', (z) => (z > 0 ? z : alpha * Math.expm1(z)), (z) => (z > 0 ? 1 : alpha * Math.exp(z)), alpha);
}

const softmax: RowwiseActivation = {
  name: 'softmax',
  kind: 'rowwise',
  alpha: 0,
  // aⱼ = e^(zⱼ − max z) / Σₖ e^(zₖ − max z)
  forwardRow(z, a, offset, n) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, z[offset + j] as number);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp((z[offset + j] as number) - max);
      a[offset + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) a[offset + j] = (a[offset + j] as number) / sum;
  },
  // dZⱼ = aⱼ (dAⱼ − Σₖ aₖ dAₖ)
  backwardRow(a, dA, dZ, offset, n) {
    let dot = 0;
    for (let j = 0; j < n; j++) dot += (a[offset + j] as number) * (dA[offset + j] as number);
    for (let j = 0; j < n; j++) dZ[offset + j] = (a[offset + j] as number) * ((dA[offset + j] as number) - dot);
  },
};

const ALIASES: Record<string, ActivationName> = {
  identity: 'identity',
  linear: 'identity',
  none: 'identity',
  relu: 'relu',
  leakyrelu: 'leakyRelu',
  elu: 'elu',
  selu: 'selu',
  gelu: 'gelu',
  sigmoid: 'sigmoid',
  logistic: 'sigmoid',
  tanh: 'tanh',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
  softmax: 'softmax',
};

/** Normalizes a name such as 'leaky_relu', 'LeakyReLU' or 'silu' to its canonical ActivationName. */
export function activationName(name: string): ActivationName {
  const canonical = ALIASES[name.toLowerCase().replace(/[-_ ]/g, '')];
  if (canonical === undefined) {
    throw new ConfigError(`unknown activation '${name}'; expected one of ${ACTIVATION_NAMES.join(', ')} (or linear, logistic, silu)`);
  }
  return canonical;
}

/** Resolves a spec to the activation object (validating α). */
export function getActivation(spec: ActivationSpec): Activation {
  const name = activationName(typeof spec === 'string' ? spec : spec.name);
  const given = typeof spec === 'string' ? undefined : spec.alpha;
  if (given !== undefined && !(Number.isFinite(given) && given >= 0)) {
    throw new ConfigError(`activation ${name}: alpha must be a finite number ≥ 0, got ${String(given)}`);
  }
  switch (name) {
    case 'identity': return identity;
    case 'relu': return relu;
    case 'leakyRelu': return leakyRelu(given ?? 0.01);
    case 'elu': return elu(given ?? 1);
    case 'selu': return selu;
    case 'gelu': return gelu;
    case 'sigmoid': return sigmoidAct;
    case 'tanh': return tanh;
    case 'softplus': return softplus;
    case 'softsign': return softsign;
    case 'swish': return swish;
    case 'softmax': return softmax;
  }
}

/** The serializable form of an activation: its name, plus α where it has one. */
export function activationSpecOf(act: Activation): ActivationSpec {
  return act.name === 'leakyRelu' || act.name === 'elu' ? { name: act.name, alpha: act.alpha } : act.name;
}

/** A ← φ(Z) over whole matrices: element by element, or row by row for softmax. */
export function applyActivation(act: Activation, z: Matrix, a: Matrix): void {
  const Z = z.data;
  const A = a.data;
  if (act.kind === 'rowwise') {
    for (let i = 0; i < z.rows; i++) act.forwardRow(Z, A, i * z.cols, z.cols);
    return;
  }
  for (let i = 0; i < Z.length; i++) A[i] = act.f(Z[i] as number);
}

/** dZ ← dA ⊙ φ′(Z) over whole matrices (for softmax, its Jacobian-vector product per row). */
export function applyActivationDerivative(act: Activation, z: Matrix, a: Matrix, dA: Matrix, dZ: Matrix): void {
  const Z = z.data;
  const A = a.data;
  const G = dA.data;
  const D = dZ.data;
  if (act.kind === 'rowwise') {
    for (let i = 0; i < z.rows; i++) act.backwardRow(A, G, D, i * z.cols, z.cols);
    return;
  }
  for (let i = 0; i < Z.length; i++) D[i] = (G[i] as number) * act.df(Z[i] as number, A[i] as number);
}
