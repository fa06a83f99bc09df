import { closestName } from '../core/checks.js';
import { ConfigError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { resolveOptions, type OptionInput, type OptionSpecs } from '../core/options.js';
import type { LossDescriptor } from './loss-descriptor.js';
import { LOSS_DESCRIPTORS } from './loss-registry.js';
import { clip, EPS, label, logSumExp } from './loss-terms.js';

/**
 * Losses: the per-sample loss ℓᵢ(ŷᵢ, yᵢ) and its derivative ∂ℓᵢ/∂ŷᵢ, side by side, one descriptor
 * each in `loss-registry.ts` (the row loops and the clipping of probabilities: `loss-terms.ts`).
 * The cost aggregates them: C = (1/N)·Σᵢ wᵢℓᵢ (reduction 'mean') or C = Σᵢ wᵢℓᵢ ('sum'), plus the
 * layers' penalties. That aggregation (weights wᵢ, the 1/N) lives in one place: `src/nn/cost.ts`.
 *
 * Fused forms: softmax + categorical cross-entropy and sigmoid + binary cross-entropy are computed
 * from the logits z (log-sum-exp, softplus), and their gradient with respect to z is ŷ − y
 * (per output, divided by the output count for the binary mean). The model uses these whenever the
 * output layer's activation is `fusedActivation`.
 */
type Descriptors = (typeof LOSS_DESCRIPTORS)[number];
export type LossName = Descriptors['name'];

export const LOSS_NAMES: readonly LossName[] = LOSS_DESCRIPTORS.map((d) => d.name);

/** A loss with options given as an object: `{ name: 'huber', delta: 0.5 }`. */
export type LossWithOptions = Descriptors extends infer D
  ? D extends { readonly name: infer N; readonly options: infer S extends OptionSpecs }
    ? { name: N } & OptionInput<S>
    : never
  : never;

/** A loss by name, or by name with its options. */
export type LossSpec = LossName | LossWithOptions;

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

/**
 * Sparse cross-entropy against label-smoothed targets (Szegedy et al., 2016): with K classes and
 * smoothing ε, the target of row i is qⱼ = (1 − ε)·[j = y] + ε/K. Fused with softmax only.
 * Saved in a model file as plain sparse cross-entropy (ε is a training choice, not part of the model).
 */
export function labelSmoothedCrossentropy(epsilon: number): Loss {
  if (!(Number.isFinite(epsilon) && epsilon >= 0 && epsilon < 1)) throw new ConfigError(`label smoothing must be in [0, 1), got ${epsilon}`);
  const sparse = getLoss('sparseCategoricalCrossentropy');
  if (epsilon === 0) return sparse;
  return {
    ...sparse,
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

/** 'mean_squared_error' → 'meansquarederror': the form names and aliases are compared in. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[-_ ]/g, '');
}

const SPELLINGS = new Map<string, LossName>(
  LOSS_DESCRIPTORS.flatMap((d) => [d.name, ...('aliases' in d ? d.aliases : [])].map((s): [string, LossName] => [normalized(s), d.name])),
);

/** Normalizes 'mean_squared_error', 'binary-crossentropy', 'BCE', … to a LossName; unknown names suggest the close one. */
export function lossName(name: string): LossName {
  const canonical = SPELLINGS.get(normalized(name));
  if (canonical === undefined) {
    const close = closestName(name, LOSS_NAMES);
    throw new ConfigError(`unknown loss '${name}'${close === null ? '' : ` (did you mean '${close}'?)`}; expected one of ${LOSS_NAMES.join(', ')}`);
  }
  return canonical;
}

/** The descriptor of a loss (its task, options and where it is offered). */
export function lossDescriptor(name: LossName): LossDescriptor {
  return LOSS_DESCRIPTORS.find((d) => d.name === name) as LossDescriptor;
}

/** The losses without options, built once. */
const FIXED = new Map<LossName, Loss>();

export function getLoss(spec: LossSpec | Loss): Loss {
  if (typeof spec === 'object' && 'perSample' in spec) return spec;
  const { name: given, ...options } = typeof spec === 'string' ? { name: spec } : spec;
  const name = lossName(given);
  const d = lossDescriptor(name);
  if (d.options === undefined) {
    resolveOptions(name, {}, options);
    let loss = FIXED.get(name);
    if (loss === undefined) FIXED.set(name, (loss = d.create({})));
    return loss;
  }
  return d.create(resolveOptions(name, d.options, options));
}

/** The serializable form of a loss: its name, with its options when it has any. */
export function lossSpecOf(loss: Loss): LossSpec {
  const options = lossDescriptor(loss.name).options;
  if (options === undefined) return loss.name;
  const values = loss as unknown as Readonly<Record<string, number | boolean>>;
  return { name: loss.name, ...Object.fromEntries(Object.keys(options).map((k) => [k, values[k]])) } as LossSpec;
}

/** The usual loss for an output activation: softmax → categorical CE, sigmoid → binary CE, else MSE. */
export function defaultLossFor(outputActivation: string): LossName {
  if (outputActivation === 'softmax') return 'categoricalCrossentropy';
  if (outputActivation === 'sigmoid') return 'binaryCrossentropy';
  return 'mse';
}

/** A message for output/loss pairings that are known to be wrong, or null when the pairing is fine. */
export function pairingWarning(outputActivation: string, loss: Loss): string | null {
  const regression = lossDescriptor(loss.name).task === 'regression';
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

