import { closestName } from '../core/checks.js';
import { ConfigError } from '../core/errors.js';
import type { OptionSpecs, OptionValues } from '../core/options.js';
import { ADAGRAD_DESCRIPTOR } from './adagrad.js';
import { ADAM_DESCRIPTOR, ADAMW_DESCRIPTOR } from './adam.js';
import type { OptimizerDescriptor } from './descriptor.js';
import { LBFGS_DESCRIPTOR } from './lbfgs.js';
import { RMSPROP_DESCRIPTOR } from './rmsprop.js';
import type { ScheduleConfig } from './schedules.js';
import { SGD_DESCRIPTOR } from './sgd.js';

/** Every optimizer, by its descriptor (each sits beside its class). Names never change: model files store them. */
export const OPTIMIZER_DESCRIPTORS = [SGD_DESCRIPTOR, ADAM_DESCRIPTOR, ADAMW_DESCRIPTOR, RMSPROP_DESCRIPTOR, ADAGRAD_DESCRIPTOR, LBFGS_DESCRIPTOR] as const;

type Descriptors = (typeof OPTIMIZER_DESCRIPTORS)[number];
export type OptimizerName = Descriptors['name'];

/** lr, schedule and clipping: the options every step optimizer has (`OptimizerOptions`), saved resolved. */
interface StepConfig {
  lr: number;
  schedule: ScheduleConfig;
  clipNorm?: number;
  clipValue?: number;
}

type ConfigOf<D> = D extends { readonly name: infer N; readonly options: infer S extends OptionSpecs }
  ? { name: N } & OptionValues<S> & (D extends { readonly defaultLr: number } ? StepConfig : unknown)
  : never;

/** Serializable description of an optimizer (its hyperparameters), one member per descriptor. */
export type OptimizerConfig = ConfigOf<Descriptors>;

export const OPTIMIZER_NAMES: readonly OptimizerName[] = OPTIMIZER_DESCRIPTORS.map((d) => d.name);

/** The descriptor of a name (case-insensitive, aliases such as 'l-bfgs' too); unknown names suggest the close one. */
export function optimizerDescriptor(name: string): OptimizerDescriptor {
  if (typeof name !== 'string') throw new ConfigError('optimizer: name is required');
  const lower = name.toLowerCase();
  const found = OPTIMIZER_DESCRIPTORS.find((d) => d.name === lower || ('aliases' in d && (d.aliases as readonly string[]).includes(lower)));
  if (found !== undefined) return found;
  const close = closestName(name, OPTIMIZER_NAMES);
  throw new ConfigError(`unknown optimizer '${name}'${close === null ? '' : ` (did you mean '${close}'?)`}; expected one of ${OPTIMIZER_NAMES.join(', ')}`);
}
