import { ConfigError } from '../core/errors.js';
import type { FloatArray } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { activationDescriptor, type ActivationName } from './activations.js';

/**
 * Weight initializers. Each fills a fanIn × fanOut kernel (or a bias) from the one seeded Rng.
 * Uniform ones draw from U(−limit, limit), normal ones from N(0, std²):
 *   Glorot: limit = √(6/(fanIn+fanOut)), std = √(2/(fanIn+fanOut))   (Glorot & Bengio, 2010)
 *   He:     limit = √(6/fanIn),          std = √(2/fanIn)            (He et al., 2015)
 *   LeCun:  limit = √(3/fanIn),          std = √(1/fanIn)            (LeCun et al., 1998)
 */
export type InitializerName =
  | 'glorotUniform'
  | 'glorotNormal'
  | 'heUniform'
  | 'heNormal'
  | 'lecunUniform'
  | 'lecunNormal'
  | 'zeros'
  | 'ones';

export const INITIALIZER_NAMES: readonly InitializerName[] = [
  'glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunUniform', 'lecunNormal', 'zeros', 'ones',
];

/** A named initializer, `{ name: 'constant', value }`, or 'auto' (chosen from the activation). */
export type InitializerSpec = InitializerName | 'auto' | { name: 'constant'; value: number };

/** 'auto': the activation's descriptor says (He for the ReLU family, LeCun normal for SELU), Glorot uniform otherwise. */
export function defaultKernelInitializer(activation: ActivationName): InitializerName {
  return activationDescriptor(activation).initializer ?? 'glorotUniform';
}

export function checkInitializer(spec: InitializerSpec, what: string): void {
  if (typeof spec === 'object') {
    if (spec.name !== 'constant' || !Number.isFinite(spec.value)) {
      throw new ConfigError(`${what}: expected { name: 'constant', value: <finite number> }, got ${JSON.stringify(spec)}`);
    }
    return;
  }
  if (spec !== 'auto' && !(INITIALIZER_NAMES as readonly string[]).includes(spec)) {
    throw new ConfigError(`${what}: unknown initializer '${String(spec)}'; expected one of auto, ${INITIALIZER_NAMES.join(', ')}, or { name: 'constant', value }`);
  }
}

/** Fills `data` according to spec for a layer with the given fan-in and fan-out. */
export function initialize(
  data: FloatArray,
  spec: Exclude<InitializerSpec, 'auto'>,
  fanIn: number,
  fanOut: number,
  rng: Rng,
): void {
  if (typeof spec === 'object') {
    data.fill(spec.value);
    return;
  }
  switch (spec) {
    case 'zeros':
      data.fill(0);
      return;
    case 'ones':
      data.fill(1);
      return;
    case 'glorotUniform':
      return uniform(data, Math.sqrt(6 / (fanIn + fanOut)), rng);
    case 'glorotNormal':
      return normal(data, Math.sqrt(2 / (fanIn + fanOut)), rng);
    case 'heUniform':
      return uniform(data, Math.sqrt(6 / fanIn), rng);
    case 'heNormal':
      return normal(data, Math.sqrt(2 / fanIn), rng);
    case 'lecunUniform':
      return uniform(data, Math.sqrt(3 / fanIn), rng);
    case 'lecunNormal':
      return normal(data, Math.sqrt(1 / fanIn), rng);
  }
}

function uniform(data: FloatArray, limit: number, rng: Rng): void {
  for (let i = 0; i < data.length; i++) data[i] = rng.range(-limit, limit);
}

function normal(data: FloatArray, std: number, rng: Rng): void {
  for (let i = 0; i < data.length; i++) data[i] = rng.normal(0, std);
}
