import { ConfigError } from '../core/errors.js';
import { Adagrad } from './adagrad.js';
import { Adam, AdamW } from './adam.js';
import { LBFGS } from './lbfgs.js';
import { unknownOptimizer, type Optimizer, type OptimizerConfig, type OptimizerName } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

/** The engine's optimizers: every one is a `Solver` and can be saved (config and state) and reset. */
export type AnyOptimizer = Optimizer | LBFGS;

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'lbfgs'];

/** Builds an optimizer from a name or a (partial) config; omitted fields take their defaults. */
export function createOptimizer(spec: OptimizerName | string | (Partial<OptimizerConfig> & { name: string })): AnyOptimizer {
  const config = (typeof spec === 'string' ? { name: spec } : spec) as Record<string, unknown> & { name: string };
  const { name, ...options } = config;
  switch (name.toLowerCase()) {
    case 'sgd':
      return new SGD(options);
    case 'adam':
      return new Adam(options);
    case 'adamw':
      return new AdamW(options);
    case 'rmsprop':
      return new RMSprop(options);
    case 'adagrad':
      return new Adagrad(options);
    case 'lbfgs':
    case 'l-bfgs':
      return new LBFGS(options);
    default:
      if (typeof name !== 'string') throw new ConfigError('optimizer: name is required');
      return unknownOptimizer(name);
  }
}
