import { closestName } from '../core/checks.js';
import { ConfigError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { ActivationDescriptor } from './activation-descriptor.js';
import { ACTIVATION_DESCRIPTORS } from './activation-registry.js';

export { sigmoid } from './activation-registry.js';

/**
 * Activation functions φ and their exact derivatives, built from the descriptors of
 * `activation-registry.ts` (where the formulas are).
 * Element-wise ones give `f(z)` and `df(z, a)` = φ′(z), where a = φ(z) is passed too because many
 * derivatives are cheapest from the output (σ′ = a(1 − a), tanh′ = 1 − a²).
 * Softmax is row-wise: it has `forwardRow` and a Jacobian-vector product `backwardRow`.
 */
type Descriptors = (typeof ACTIVATION_DESCRIPTORS)[number];
export type ActivationName = Descriptors['name'];
/** The activations that take a parameter α. */
export type AlphaActivationName = Extract<Descriptors, { alpha: number }>['name'];
type RowwiseName = Extract<Descriptors, { kind: 'rowwise' }>['name'];
/** Other accepted spellings: linear, none, logistic, silu. */
export type ActivationAlias = NonNullable<Extract<Descriptors, { aliases: readonly string[] }>['aliases']>[number];

export const ACTIVATION_NAMES: readonly ActivationName[] = ACTIVATION_DESCRIPTORS.map((d) => d.name);

/** How a layer names its activation: a name, or a name with its parameter (α for leakyRelu and elu). */
export type ActivationSpec = ActivationName | ActivationAlias | { name: ActivationName; alpha?: number };

export interface ElementwiseActivation {
  readonly name: Exclude<ActivationName, RowwiseName>;
  readonly kind: 'elementwise';
  /** The parameter of leakyRelu (negative slope) and elu (saturation); 0 elsewhere. */
  readonly alpha: number;
  /** a = φ(z) */
  f(z: number): number;
  /** φ′(z), given z and a = φ(z) */
  df(z: number, a: number): number;
}

export interface RowwiseActivation {
  readonly name: RowwiseName;
  readonly kind: 'rowwise';
  readonly alpha: number;
  /** a[o…o+n) = softmax(z[o…o+n)) */
  forwardRow(z: ArrayLike<number>, a: { [i: number]: number }, offset: number, n: number): void;
  /** dZ = J_softmax(z)ᵀ · dA = a ⊙ (dA − ⟨a, dA⟩) over one row */
  backwardRow(a: ArrayLike<number>, dA: ArrayLike<number>, dZ: { [i: number]: number }, offset: number, n: number): void;
}

export type Activation = ElementwiseActivation | RowwiseActivation;

const BY_NAME = new Map<string, ActivationDescriptor>(ACTIVATION_DESCRIPTORS.map((d) => [d.name, d]));

/** 'leaky_relu' → 'leakyrelu': the form names and aliases are compared in. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[-_ ]/g, '');
}

const SPELLINGS = new Map<string, ActivationName>(
  ACTIVATION_DESCRIPTORS.flatMap((d) => [d.name, ...('aliases' in d ? d.aliases : [])].map((s): [string, ActivationName] => [normalized(s), d.name])),
);

/** The descriptor of an activation (its formulas and mappings). */
export function activationDescriptor(name: ActivationName): ActivationDescriptor {
  return BY_NAME.get(name) as ActivationDescriptor;
}

/** Normalizes a name such as 'leaky_relu', 'LeakyReLU' or 'silu' to its canonical ActivationName. */
export function activationName(name: string): ActivationName {
  const canonical = SPELLINGS.get(normalized(name));
  if (canonical === undefined) {
    const close = closestName(name, ACTIVATION_NAMES);
    const aliases = ACTIVATION_DESCRIPTORS.flatMap((d) => ('aliases' in d ? d.aliases : []));
    throw new ConfigError(`unknown activation '${name}'${close === null ? '' : ` (did you mean '${close}'?)`}; expected one of ${ACTIVATION_NAMES.join(', ')} (or ${aliases.join(', ')})`);
  }
  return canonical;
}

/** The activations without α, built once. */
const FIXED = new Map<ActivationName, Activation>();

function build(d: ActivationDescriptor, alpha: number): Activation {
  const name = d.name as ActivationName;
  if (d.kind === 'rowwise') return { name: name as RowwiseName, kind: 'rowwise', alpha, forwardRow: d.forwardRow, backwardRow: d.backwardRow };
  const { f, df } = d;
  return { name: name as ElementwiseActivation['name'], kind: 'elementwise', alpha, f: (z) => f(z, alpha), df: (z, a) => df(z, a, alpha) };
}

/** Resolves a spec to the activation object (validating α). */
export function getActivation(spec: ActivationSpec): Activation {
  const name = activationName(typeof spec === 'string' ? spec : spec.name);
  const given = typeof spec === 'string' ? undefined : spec.alpha;
  if (given !== undefined && !(Number.isFinite(given) && given >= 0)) {
    throw new ConfigError(`activation ${name}: alpha must be a finite number ≥ 0, got ${String(given)}`);
  }
  const d = activationDescriptor(name);
  if (d.alpha !== undefined) return build(d, given ?? d.alpha);
  let act = FIXED.get(name);
  if (act === undefined) FIXED.set(name, (act = build(d, 0)));
  return act;
}

/** The serializable form of an activation: its name, plus α where it has one. */
export function activationSpecOf(act: Activation): ActivationSpec {
  return activationDescriptor(act.name).alpha !== undefined ? { name: act.name, alpha: act.alpha } : act.name;
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
