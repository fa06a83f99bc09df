import type { InitializerName } from './initializers.js';

/**
 * What an activation is, in one place: its name, its parameter, its reference formulas and how
 * every other part of mlpkit (WASM kernels, ONNX, standalone JS, torch, playground) expresses it.
 * The entries live in `activation-registry.ts`; everything else is derived from them.
 */

/** The part of the ONNX graph builder an activation needs (`io/export/onnx-graph.ts` has it). */
export interface ActivationGraph {
  /** Appends one node and returns its output's name. */
  op(opType: string, inputs: readonly string[], options?: { attributes?: readonly OnnxAttribute[]; output?: string; base?: string }): string;
  /** A scalar constant's name. */
  scalar(base: string, value: number): string;
}

export type OnnxAttribute =
  | { readonly name: string; readonly kind: 'float'; readonly value: number }
  | { readonly name: string; readonly kind: 'int'; readonly value: number };

/** Appends a = φ(z) to the graph; `out` carries the output's name when the value must have one. */
export type OnnxMapping = (g: ActivationGraph, z: string, alpha: number, out: { output?: string }) => string;

/** Helper functions the standalone JavaScript can call (their sources: `io/export/standalone-runtime.ts`). */
export type StandaloneHelper = 'sigmoid' | 'erf';

/** The torch.nn module computing φ. */
export interface TorchMapping {
  /** torch.nn class name */
  readonly module: string;
  /** the keyword argument that carries α (LeakyReLU: negative_slope) */
  readonly alphaArg?: string;
  /** keyword arguments written on export (Softmax: dim −1) */
  readonly args?: Readonly<Record<string, number>>;
  /** keyword arguments accepted on import only with one of these values (GELU: approximate 'none') */
  readonly accepts?: Readonly<Record<string, readonly (number | string)[]>>;
}

interface CommonDescriptor {
  readonly name: string;
  /** other spellings accepted (compared lowercase, without '-', '_' or spaces) */
  readonly aliases?: readonly string[];
  /** α's default for activations that take one (leakyRelu: negative slope; elu: saturation); must be ≥ 0 */
  readonly alpha?: number;
  /** the kernel number in `backend/wasm/assembly/activations.as`; without one the WASM backend runs `f`/`df` in JavaScript */
  readonly wasm?: number;
  /** ONNX operators computing φ */
  readonly onnx: OnnxMapping;
  /** torch.nn module, or null when φ needs none (identity) */
  readonly torch: TorchMapping | null;
  /** the kernel initializer 'auto' picks (default glorotUniform) */
  readonly initializer?: InitializerName;
  /** the one-letter code of the playground's layer list (`8t,4r`); absent: not offered there */
  readonly playground?: string;
}

export interface ElementwiseDescriptor extends CommonDescriptor {
  readonly kind: 'elementwise';
  /** a = φ(z) */
  readonly f: (z: number, alpha: number) => number;
  /** φ′(z), given z and a = φ(z) */
  readonly df: (z: number, a: number, alpha: number) => number;
  /** φ(v) as a JavaScript expression in `v` (the standalone export), with α written in */
  readonly js: (alpha: number) => string;
  readonly jsHelpers?: readonly StandaloneHelper[];
}

export interface RowwiseDescriptor extends CommonDescriptor {
  readonly kind: 'rowwise';
  /** a[o…o+n) = φ(z[o…o+n)) */
  readonly forwardRow: (z: ArrayLike<number>, a: { [i: number]: number }, offset: number, n: number) => void;
  /** dZ = J_φ(z)ᵀ · dA over one row */
  readonly backwardRow: (a: ArrayLike<number>, dA: ArrayLike<number>, dZ: { [i: number]: number }, offset: number, n: number) => void;
  /** source of `(z) => void` applying φ in place to one row (the standalone export) */
  readonly jsRow: string;
}

export type ActivationDescriptor = ElementwiseDescriptor | RowwiseDescriptor;
