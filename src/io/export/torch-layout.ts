import { ConfigError, ModelFormatError } from '../../core/errors.js';
import { getActivation, type ActivationName, type ActivationSpec } from '../../nn/activations.js';
import type { DenseOptions, DropoutOptions } from '../../nn/layer-config.js';

/**
 * The correspondence between an mlpkit stack and a `torch.nn.Sequential`:
 *   Dense(units, φ) → Linear(in, units, bias) followed by φ's module (none for identity);
 *   Dropout(rate)   → Dropout(p = rate).
 * Modules are numbered in order, so the tensors are named `<index>.weight` (out × in, i.e. Wᵀ) and
 * `<index>.bias`: Dense(16, relu), Dense(3, softmax) → 0.weight, 0.bias, 2.weight, 2.bias.
 */

/** One module of the Sequential: the torch.nn class name and its keyword arguments. */
export type TorchModule =
  | { readonly type: 'Linear'; readonly in_features: number; readonly out_features: number; readonly bias: boolean }
  | { readonly type: 'LeakyReLU'; readonly negative_slope: number }
  | { readonly type: 'ELU'; readonly alpha: number }
  | { readonly type: 'Softmax'; readonly dim: number }
  | { readonly type: 'Dropout'; readonly p: number }
  | { readonly type: 'ReLU' | 'SELU' | 'GELU' | 'Sigmoid' | 'Tanh' | 'Softplus' | 'Softsign' | 'SiLU' | 'Identity' };

/** A layer of an architecture given to `fromSafetensors`: dense (the default type) or dropout. */
export type ArchitectureLayer = ({ readonly type?: 'dense' } & DenseOptions) | ({ readonly type: 'dropout' } & DropoutOptions);

/** The network a safetensors file's weights belong to. */
export interface SequentialArchitecture {
  /** width of an input row */
  readonly inputs: number;
  readonly layers: readonly ArchitectureLayer[];
}

const SIMPLE_MODULES: Partial<Record<ActivationName, TorchModule['type']>> = {
  relu: 'ReLU',
  selu: 'SELU',
  gelu: 'GELU',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softplus: 'Softplus',
  softsign: 'Softsign',
  swish: 'SiLU',
};

/** The torch module computing φ, or null for the identity. */
export function activationModule(name: ActivationName, alpha: number): TorchModule | null {
  switch (name) {
    case 'identity': return null;
    case 'leakyRelu': return { type: 'LeakyReLU', negative_slope: alpha };
    case 'elu': return { type: 'ELU', alpha };
    case 'softmax': return { type: 'Softmax', dim: -1 };
    default: return { type: SIMPLE_MODULES[name] as 'ReLU' };
  }
}

/** Where each dense layer's Linear sits in the Sequential, with its shapes. */
export interface LinearSlot {
  /** index of the Linear module, the prefix of its tensor names */
  readonly module: number;
  /** position of the dense layer in the architecture's layers */
  readonly layer: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly bias: boolean;
}

/** The Sequential's modules and the Linear slots of an architecture. */
export function sequentialOf(arch: SequentialArchitecture): { modules: TorchModule[]; linears: LinearSlot[] } {
  const modules: TorchModule[] = [];
  const linears: LinearSlot[] = [];
  let width = arch.inputs;
  arch.layers.forEach((layer, position) => {
    if (layer.type === 'dropout') {
      modules.push({ type: 'Dropout', p: layer.rate });
      return;
    }
    const bias = layer.useBias ?? true;
    linears.push({ module: modules.length, layer: position, inFeatures: width, outFeatures: layer.units, bias });
    modules.push({ type: 'Linear', in_features: width, out_features: layer.units, bias });
    const act = getActivation(layer.activation ?? 'identity');
    const module = activationModule(act.name, act.alpha);
    if (module !== null) modules.push(module);
    width = layer.units;
  });
  return { modules, linears };
}

/**
 * The architecture a module list describes (the inverse of `sequentialOf`): each Linear may be
 * followed by one activation module; Dropout stands alone. Anything else cannot be an mlpkit layer.
 */
export function architectureOf(modules: readonly unknown[]): SequentialArchitecture {
  const layers: ArchitectureLayer[] = [];
  let inputs = -1;
  let width = -1;
  modules.forEach((raw, i) => {
    const where = `module ${i}`;
    if (typeof raw !== 'object' || raw === null || typeof (raw as { type?: unknown }).type !== 'string') {
      throw new ModelFormatError(`${where}: expected {"type": "<torch.nn class>", …}, got ${JSON.stringify(raw)}`);
    }
    const m = raw as Record<string, unknown> & { type: string };
    if (m.type === 'Linear') {
      const inF = m.in_features;
      const outF = m.out_features;
      if (!Number.isInteger(inF) || !Number.isInteger(outF) || (inF as number) < 1 || (outF as number) < 1) {
        throw new ModelFormatError(`${where} (Linear): in_features and out_features must be positive integers, got ${String(inF)} and ${String(outF)}`);
      }
      if (width >= 0 && inF !== width) throw new ModelFormatError(`${where} (Linear): in_features is ${String(inF)}, but the previous layer gives ${width}`);
      if (inputs < 0) inputs = inF as number;
      layers.push({ units: outF as number, activation: 'identity', useBias: m.bias !== false });
      width = outF as number;
      return;
    }
    if (m.type === 'Dropout') {
      layers.push({ type: 'dropout', rate: typeof m.p === 'number' ? m.p : 0.5 });
      return;
    }
    if (m.type === 'Identity') return;
    const previous = layers[layers.length - 1];
    if (previous === undefined || previous.type === 'dropout' || previous.activation !== 'identity') {
      throw new ModelFormatError(`${where} (${m.type}): an activation must directly follow a Linear (one per Linear) to be an mlpkit Dense layer`);
    }
    layers[layers.length - 1] = { ...previous, activation: activationFromModule(m, where) };
  });
  if (inputs < 0) throw new ModelFormatError('the module list has no Linear layer');
  return { inputs, layers };
}

function activationFromModule(m: Record<string, unknown> & { type: string }, where: string): ActivationSpec {
  switch (m.type) {
    case 'ReLU': return 'relu';
    case 'SELU': return 'selu';
    case 'Sigmoid': return 'sigmoid';
    case 'Tanh': return 'tanh';
    case 'Softsign': return 'softsign';
    case 'SiLU': return 'swish';
    case 'LeakyReLU': return { name: 'leakyRelu', alpha: typeof m.negative_slope === 'number' ? m.negative_slope : 0.01 };
    case 'ELU': return { name: 'elu', alpha: typeof m.alpha === 'number' ? m.alpha : 1 };
    case 'GELU':
      if (m.approximate !== undefined && m.approximate !== 'none') throw new ModelFormatError(`${where} (GELU): approximate '${String(m.approximate)}' is not supported; mlpkit's gelu is exact (approximate 'none')`);
      return 'gelu';
    case 'Softplus':
      if ((m.beta ?? 1) !== 1) throw new ModelFormatError(`${where} (Softplus): beta ${String(m.beta)} is not supported; mlpkit's softplus has beta 1`);
      return 'softplus';
    case 'Softmax':
      if (m.dim !== undefined && m.dim !== -1 && m.dim !== 1) throw new ModelFormatError(`${where} (Softmax): dim ${String(m.dim)} is not supported; softmax runs over the features (dim -1 or 1)`);
      return 'softmax';
    default:
      throw new ModelFormatError(`${where}: torch.nn.${m.type} has no mlpkit equivalent (Linear, Dropout, Identity, ReLU, LeakyReLU, ELU, SELU, GELU, Sigmoid, Tanh, Softplus, Softsign, SiLU, Softmax)`);
  }
}

/** Checks an architecture given by a caller: a positive input width and a non-empty list of layers. */
export function checkArchitecture(arch: SequentialArchitecture): void {
  if (typeof arch !== 'object' || arch === null) throw new ConfigError('fromSafetensors: architecture must be {inputs, layers}');
  if (!Number.isInteger(arch.inputs) || arch.inputs < 1) throw new ConfigError(`fromSafetensors: architecture.inputs must be a positive integer, got ${String(arch.inputs)}`);
  if (!Array.isArray(arch.layers) || arch.layers.length === 0) throw new ConfigError('fromSafetensors: architecture.layers must be a non-empty array');
}
