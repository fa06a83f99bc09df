import type { AnyOptimizer } from './descriptor.js';
import { optimizerDescriptor, type OptimizerConfig, type OptimizerName } from './registry.js';

export type { AnyOptimizer } from './descriptor.js';
export { OPTIMIZER_NAMES } from './registry.js';

/** Builds an optimizer from a name or a (partial) config; omitted fields take their defaults, unknown ones are refused. */
export function createOptimizer(spec: OptimizerName | (Partial<OptimizerConfig> & { name: OptimizerName })): AnyOptimizer {
  const { name, ...options } = typeof spec === 'string' ? { name: spec } : spec;
  return optimizerDescriptor(name).create(options);
}
