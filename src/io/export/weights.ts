import { ConfigError, ModelFormatError } from '../../core/errors.js';
import { Dense } from '../../nn/dense.js';
import { Dropout } from '../../nn/dropout.js';
import type { Layer } from '../../nn/layer.js';
import { Model, type ModelOptions } from '../../nn/model.js';
import { decodeSafetensors, encodeSafetensors, type TensorEntry, type TensorToWrite } from './safetensors.js';
import { architectureOf, checkArchitecture, sequentialOf, type LinearSlot, type SequentialArchitecture } from './torch-layout.js';

/** `__metadata__.format` of the files mlpkit writes. */
export const SAFETENSORS_FORMAT = 'mlpkit-sequential';

/** The architecture of a model, as `fromSafetensors` takes it. */
export function architectureOfModel(model: Model): SequentialArchitecture {
  return {
    inputs: model.inputs,
    layers: model.layers.map((layer) => {
      const c = layer.config();
      return c.type === 'dropout' ? { type: 'dropout' as const, rate: c.rate } : { units: c.units, activation: c.activation, useBias: c.useBias };
    }),
  };
}

export interface ToSafetensorsOptions {
  /** More `__metadata__` entries (string → string), e.g. the preprocessing as JSON; `format`, `inputs` and `modules` are reserved. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** `__metadata__` keys that toSafetensors writes itself. */
const RESERVED_METADATA = ['format', 'inputs', 'modules'];

/**
 * The weights as a safetensors file laid out like `torch.nn.Sequential` of Linear and activation
 * modules (see torch-layout.ts): `<i>.weight` = Wᵀ (out × in), `<i>.bias` = b, in the model's dtype
 * (F32 or F64). `__metadata__` holds `format`, `inputs` and `modules`, the JSON list of modules
 * ({"type": "Linear", "in_features": 4, …}) from which Python rebuilds the Sequential and mlpkit
 * the model.
 */
export function toSafetensors(model: Model, options: ToSafetensorsOptions = {}): Uint8Array {
  const extra = options.metadata ?? {};
  for (const [key, value] of Object.entries(extra)) {
    if (RESERVED_METADATA.includes(key)) throw new ConfigError(`toSafetensors: metadata key '${key}' is reserved (${RESERVED_METADATA.join(', ')})`);
    if (typeof value !== 'string') throw new ConfigError(`toSafetensors: metadata '${key}' must be a string (safetensors metadata is string → string), got ${typeof value}`);
  }
  const { modules, linears } = sequentialOf(architectureOfModel(model));
  const dtype = model.dtype === 'float64' ? 'F64' : 'F32';
  const tensors: TensorToWrite[] = [];
  for (const slot of linears) {
    const layer = model.layers[slot.layer] as Dense;
    const W = layer.weights.value;
    // torch stores weight as out × in: weight[j][i] = W[i][j]
    const weight = new Float64Array(W.size);
    for (let i = 0; i < W.rows; i++) for (let j = 0; j < W.cols; j++) weight[j * W.rows + i] = W.data[i * W.cols + j] as number;
    tensors.push({ name: `${slot.module}.weight`, dtype, shape: [W.cols, W.rows], values: weight });
    if (layer.bias !== null) tensors.push({ name: `${slot.module}.bias`, dtype, shape: [W.cols], values: layer.bias.value.data });
  }
  return encodeSafetensors(tensors, { ...extra, format: SAFETENSORS_FORMAT, inputs: String(model.inputs), modules: JSON.stringify(modules) });
}

export interface FromSafetensorsOptions extends Omit<ModelOptions, 'inputs' | 'layers'> {
  /** Prefix of every tensor name, e.g. 'net.' for a Sequential stored as attribute `net` (default ''). */
  readonly prefix?: string;
}

/**
 * A model with the weights of a safetensors file in the `torch.nn.Sequential` layout. The
 * architecture (input width, layers with activations) comes from the argument or, when omitted,
 * from the file's `__metadata__.modules` (files written by `toSafetensors`, or by the Python
 * snippet in docs/export.md). Every tensor must be present with its shape (`<i>.weight` out × in,
 * `<i>.bias` out), a floating dtype (F32, F64, F16, BF16) and finite values, and no tensor may be
 * left over: each mismatch throws a ModelFormatError naming the tensor.
 */
export function fromSafetensors(bytes: Uint8Array, architecture?: SequentialArchitecture, options: FromSafetensorsOptions = {}): Model {
  const file = decodeSafetensors(bytes);
  const arch = architecture ?? architectureFromMetadata(file.metadata);
  checkArchitecture(arch);
  const { linears } = sequentialOf(arch);
  const { prefix = '', ...modelOptions } = options;
  const used = new Set<string>();
  const take = (name: string, slot: LinearSlot, shape: readonly number[]): TensorEntry => {
    const full = prefix + name;
    const t = file.tensors.get(full);
    if (t === undefined) throw missingTensor(full, slot, shape, file.tensors, prefix);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ModelFormatError(
        `tensor '${full}' has shape [${t.shape.join(', ')}]; layer ${slot.layer} (Dense ${slot.inFeatures} → ${slot.outFeatures}) needs [${shape.join(', ')}]${name.endsWith('weight') ? ' (torch Linear weight is out × in)' : ''}`,
      );
    }
    const bad = t.values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new ModelFormatError(`tensor '${full}' holds a non-finite value (${t.values[bad]}) at flat index ${bad}`);
    used.add(full);
    return t;
  };

  const weights = linears.map((slot) => {
    const weight = take(`${slot.module}.weight`, slot, [slot.outFeatures, slot.inFeatures]);
    let bias: TensorEntry | null = null;
    if (slot.bias) bias = take(`${slot.module}.bias`, slot, [slot.outFeatures]);
    else if (file.tensors.has(`${prefix}${slot.module}.bias`)) {
      throw new ModelFormatError(`tensor '${prefix}${slot.module}.bias' is present but layer ${slot.layer} has useBias: false`);
    }
    return { slot, weight, bias };
  });
  const unused = [...file.tensors.keys()].filter((n) => !used.has(n));
  if (unused.length > 0) {
    throw new ModelFormatError(`the file holds tensors the architecture does not use: ${unused.join(', ')} (expected ${[...used].join(', ')})`);
  }

  const layers: Layer[] = arch.layers.map((l) => (l.type === 'dropout' ? new Dropout({ rate: l.rate }) : new Dense(denseOptions(l))));
  const model = new Model({ ...modelOptions, inputs: arch.inputs, layers });
  for (const { slot, weight, bias } of weights) {
    const layer = model.layers[slot.layer] as Dense;
    const W = layer.weights.value;
    // W[i][j] = weight[j][i]
    for (let i = 0; i < W.rows; i++) for (let j = 0; j < W.cols; j++) W.data[i * W.cols + j] = weight.values[j * W.rows + i] as number;
    if (bias !== null) (layer.bias as NonNullable<Dense['bias']>).value.data.set(bias.values);
  }
  return model;
}

function denseOptions(l: Exclude<SequentialArchitecture['layers'][number], { type: 'dropout' }>): ConstructorParameters<typeof Dense>[0] {
  const { type: _type, ...options } = l;
  return options;
}

function architectureFromMetadata(metadata: Readonly<Record<string, string>>): SequentialArchitecture {
  const text = metadata.modules;
  if (text === undefined) {
    throw new ConfigError('fromSafetensors: the file has no "modules" in its __metadata__, so pass the architecture ({inputs, layers})');
  }
  let modules: unknown;
  try {
    modules = JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(`__metadata__.modules is not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(modules)) throw new ModelFormatError('__metadata__.modules must be a JSON list of modules');
  return architectureOf(modules);
}

function missingTensor(name: string, slot: LinearSlot, shape: readonly number[], tensors: ReadonlyMap<string, TensorEntry>, prefix: string): ModelFormatError {
  const held = [...tensors.entries()].map(([n, t]) => `${n} [${t.shape.join(', ')}]`);
  const suffix = name.slice(prefix.length);
  const withPrefix = [...tensors.keys()].find((n) => n.endsWith(`.${suffix}`));
  const hint = withPrefix !== undefined ? `; the names seem to carry a prefix: pass prefix '${withPrefix.slice(0, withPrefix.length - suffix.length)}'` : '';
  return new ModelFormatError(
    `no tensor '${name}' (layer ${slot.layer}, Dense ${slot.inFeatures} → ${slot.outFeatures}, shape [${shape.join(', ')}]); the file holds: ${held.join(', ') || 'no tensors'}${hint}`,
  );
}
