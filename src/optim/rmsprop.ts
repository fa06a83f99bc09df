import type { Backend, RmspropUpdate } from '../backend/backend.js';
import type { Matrix } from '../core/matrix.js';
import { resolveOptions, type OptionInput, type OptionSpecs } from '../core/options.js';
import type { Param } from '../nn/param.js';
import type { AnyOptimizer, OptimizerDescriptor } from './descriptor.js';
import { BASE_OPTION_KEYS, Optimizer, type OptimizerConfig, type OptimizerOptions } from './optimizer.js';

export const RMSPROP_OPTIONS = {
  /** ρ, the smoothing constant of the squared-gradient average (PyTorch's `alpha`), default 0.99 */
  rho: { default: 0.99, min: 0, max: 1 },
  /** ε, default 1e-8 */
  epsilon: { default: 1e-8, min: 0, exclusiveMin: true },
  /** μ, default 0 */
  momentum: { default: 0, min: 0 },
  /** divide by an estimate of the variance rather than the raw second moment, default false */
  centered: { default: false },
  /** λ, L2 penalty added to the gradient, default 0 */
  weightDecay: { default: 0, min: 0 },
} as const satisfies OptionSpecs;

export type RmspropOptions = OptimizerOptions & OptionInput<typeof RMSPROP_OPTIONS>;

/**
 * RMSprop (Hinton, lecture 6e), as `torch.optim.RMSprop`:
 *   s ← ρs + (1 − ρ)g²;   centered: ḡ ← ρḡ + (1 − ρ)g, d = √(s − ḡ²) + ε, else d = √s + ε
 *   momentum: b ← μb + g/d, θ ← θ − η·b;   otherwise θ ← θ − η·g/d
 */
export class RMSprop extends Optimizer {
  readonly name = 'rmsprop';
  readonly rho: number;
  readonly epsilon: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly weightDecay: number;
  /** reused for every update call (no allocation per step) */
  private readonly hyper: RmspropUpdate;

  constructor(options: RmspropOptions = {}) {
    super(options, RMSPROP_DESCRIPTOR.defaultLr);
    const o = resolveOptions('RMSprop', RMSPROP_OPTIONS, options, BASE_OPTION_KEYS);
    this.rho = o.rho;
    this.epsilon = o.epsilon;
    this.momentum = o.momentum;
    this.centered = o.centered;
    this.weightDecay = o.weightDecay;
    this.hyper = { lr: this.lr, rho: this.rho, epsilon: this.epsilon, momentum: this.momentum, centered: this.centered, weightDecay: this.weightDecay };
  }

  protected slotNames(): readonly string[] {
    return ['sq', ...(this.centered ? ['gAvg'] : []), ...(this.momentum > 0 ? ['buf'] : [])];
  }

  protected update(backend: Backend, p: Param, slots: Matrix[], lr: number): void {
    const gAvg = this.centered ? (slots[1] as Matrix) : null;
    const buf = this.momentum > 0 ? (slots[this.centered ? 2 : 1] as Matrix) : null;
    this.hyper.lr = lr;
    backend.rmspropUpdate(p.value, p.grad, slots[0] as Matrix, gAvg, buf, this.hyper);
  }

  config(): OptimizerConfig {
    return {
      name: 'rmsprop',
      ...this.baseConfig(),
      rho: this.rho,
      epsilon: this.epsilon,
      momentum: this.momentum,
      centered: this.centered,
      weightDecay: this.weightDecay,
    };
  }
}

export const RMSPROP_DESCRIPTOR = {
  name: 'rmsprop',
  options: RMSPROP_OPTIONS,
  defaultLr: 0.01,
  playground: true,
  create: (options): AnyOptimizer => new RMSprop(options as RmspropOptions),
} as const satisfies OptimizerDescriptor;
