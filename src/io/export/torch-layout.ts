import { ConfigError, ModelFormatError } from '../../core/errors.js';
import { ACTIVATION_DESCRIPTORS } from '../../nn/activation-registry.js';
import { activationDescriptor, getActivation, type ActivationName, type ActivationSpec } from '../../nn/activations.js';
import type { TorchMapping } from '../../nn/activation-descriptor.js';
import type { DenseOptions, DropoutOptions } from '../../nn/layer-config.js';

/**
 * The correspondence between an mlpkit stack and a `torch.nn.Sequential`:
 *   Dense(units, φ) → Linear(in, units, bias) followed by φ's module (none for identity);
 *   Dropout(rate)   → Dropout(p = rate).
 * Modules are numbered in order, so the tensors are named `<index>.weight` (out × in, i.e. Wᵀ) and
 * `<index>.bias`: Dense(16, relu), Dense(3, softmax) → 0.weight, 0.bias, 2.weight, 2.bias.
 */

/** The torch.nn class of an activation (its descriptor's `torch.module`). */
export type TorchActivationType = NonNullable<(typeof ACTIVATION_DESCRIPTORS)[number]['torch']>['module'];

/** One module of the Sequential: the torch.nn class name and its keyword arguments. */
export type TorchModule =
  | { readonly type: 'Linear'; readonly in_features: number; readonly out_features: number; readonly bias: boolean }
  | { readonly type: 'Dropout'; readonly p: number }
  | { readonly type: 'Identity' }
  | ({ readonly type: TorchActivationType } & { readonly [argument: string]: number | string });

/** A layer of an architecture given to `fromSafetensors`: dense (the default type) or dropout. */
export type ArchitectureLayer = ({ readonly type?: 'dense' } & DenseOptions) | ({ readonly type: 'dropout' } & DropoutOptions);

/** The network a safetensors file's weights belong to. */
export interface SequentialArchitecture {
  /** width of an input row */
  readonly inputs: number;
  readonly layers: readonly ArchitectureLayer[];
}

/** The torch module computing φ, or null for the identity. */
export function activationModule(name: ActivationName, alpha: number): TorchModule | null {
  const torch = activationDescriptor(name).torch;
  if (torch === null) return null;
  const module = { type: torch.module as TorchActivationType, ...torch.args };
  return torch.alphaArg === undefined ? module : { ...module, [torch.alphaArg]: alpha };
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
  const d = ACTIVATION_DESCRIPTORS.find((e) => e.torch?.module === m.type);
  if (d === undefined) {
    const known = ['Linear', 'Dropout', 'Identity', ...ACTIVATION_DESCRIPTORS.flatMap((e) => (e.torch === null ? [] : [e.torch.module]))];
    throw new ModelFormatError(`${where}: torch.nn.${m.type} has no mlpkit equivalent (${known.join(', ')})`);
  }
  const torch = d.torch as TorchMapping;
  for (const [key, allowed] of Object.entries(torch.accepts ?? {})) {
    const value = m[key];
    if (value !== undefined && !allowed.includes(value as number | string)) {
      throw new ModelFormatError(`${where} (${m.type}): ${key} ${quoted(value)} is not supported; mlpkit's ${d.name} takes ${key} ${allowed.map(quoted).join(' or ')}`);
    }
  }
  if (torch.alphaArg === undefined) return d.name;
  const alpha = m[torch.alphaArg];
  return { name: d.name, alpha: typeof alpha === 'number' ? alpha : ('alpha' in d ? d.alpha : 0) };
}

function quoted(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** Checks an architecture given by a caller: a positive input width and a non-empty list of layers. */
export function checkArchitecture(arch: SequentialArchitecture): void {
  if (typeof arch !== 'object' || arch === null) throw new ConfigError('fromSafetensors: architecture must be {inputs, layers}');
  if (!Number.isInteger(arch.inputs) || arch.inputs < 1) throw new ConfigError(`fromSafetensors: architecture.inputs must be a positive integer, got ${String(arch.inputs)}`);
  if (!Array.isArray(arch.layers) || arch.layers.length === 0) throw new ConfigError('fromSafetensors: architecture.layers must be a non-empty array');
}
