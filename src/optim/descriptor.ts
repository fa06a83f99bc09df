import type { OptionSpecs } from '../core/options.js';
import type { LBFGS } from './lbfgs.js';
import type { Optimizer } from './optimizer.js';

/** The engine's optimizers: every one is a `Solver` and can be saved (config and state) and reset. */
export type AnyOptimizer = Optimizer | LBFGS;

/**
 * What an optimizer is, in one place (beside its class): its name, its options with defaults and
 * checks, and how to build it. `optim/registry.ts` lists them; the name union, the config types,
 * `createOptimizer`, the model-file schema, the CLI's choices and the playground's list are derived.
 */
export interface OptimizerDescriptor {
  readonly name: string;
  /** other spellings `createOptimizer` accepts (compared lowercase) */
  readonly aliases?: readonly string[];
  /** its own options; the saved config holds exactly these (plus lr, schedule and clipping for step optimizers) */
  readonly options: OptionSpecs;
  /** η₀ when none is given; absent for a solver that chooses its own steps (L-BFGS), which takes no lr, schedule or clipping */
  readonly defaultLr?: number;
  /** offered in the playground's optimizer list */
  readonly playground?: boolean;
  /** builds it from options (checked by the constructor) */
  readonly create: (options: Readonly<Record<string, unknown>>) => AnyOptimizer;
}
