import type { Backend, SgdUpdate } from '../backend/backend.js';
import { ConfigError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { resolveOptions, type OptionInput, type OptionSpecs } from '../core/options.js';
import type { Param } from '../nn/param.js';
import type { AnyOptimizer, OptimizerDescriptor } from './descriptor.js';
import { BASE_OPTION_KEYS, Optimizer, type OptimizerConfig, type OptimizerOptions } from './optimizer.js';

export const SGD_OPTIONS = {
  /** μ, default 0 (plain SGD) */
  momentum: { default: 0, min: 0 },
  /** dampening of the momentum term, default 0 */
  dampening: { default: 0, min: 0, max: 1 },
  /** Nesterov momentum (needs momentum > 0 and dampening 0), default false */
  nesterov: { default: false },
  /** λ, L2 penalty added to the gradient, default 0 */
  weightDecay: { default: 0, min: 0 },
} as const satisfies OptionSpecs;

export type SgdOptions = OptimizerOptions & OptionInput<typeof SGD_OPTIONS>;

/**
 * Stochastic gradient descent, with optional (Nesterov) momentum, as PyTorch's `torch.optim.SGD`:
 *   g ← g + λθ
 *   v ← μv + (1 − dampening)g          (v ← g on the first step)
 *   g ← g + μv (Nesterov)   or   g ← v
 *   θ ← θ − η·g
 * Without momentum this is W ← W − η·∂L/∂W.
 * Sutskever et al., "On the importance of initialization and momentum in deep learning" (2013).
 */
export class SGD extends Optimizer {
  readonly name = 'sgd';
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  /** reused for every update call (no allocation per step) */
  private readonly hyper: SgdUpdate;

  constructor(options: SgdOptions = {}) {
    super(options, SGD_DESCRIPTOR.defaultLr);
    const o = resolveOptions('SGD', SGD_OPTIONS, options, BASE_OPTION_KEYS);
    this.momentum = o.momentum;
    this.dampening = o.dampening;
    this.nesterov = o.nesterov;
    this.weightDecay = o.weightDecay;
    if (this.nesterov && (this.momentum === 0 || this.dampening !== 0)) {
      throw new ConfigError(`SGD: nesterov needs momentum > 0 and dampening 0 (got momentum ${this.momentum}, dampening ${this.dampening})`);
    }
    this.hyper = { lr: this.lr, momentum: this.momentum, dampening: this.dampening, nesterov: this.nesterov, weightDecay: this.weightDecay, firstStep: true };
  }

  protected slotNames(): readonly string[] {
    return this.momentum > 0 ? ['velocity'] : [];
  }

  protected update(backend: Backend, p: Param, slots: Matrix[], lr: number, t: number): void {
    this.hyper.lr = lr;
    this.hyper.firstStep = t === 1;
    backend.sgdUpdate(p.value, p.grad, slots[0] ?? null, this.hyper);
  }

  config(): OptimizerConfig {
    return { name: 'sgd', ...this.baseConfig(), momentum: this.momentum, dampening: this.dampening, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }
}

export const SGD_DESCRIPTOR = {
  name: 'sgd',
  options: SGD_OPTIONS,
  defaultLr: 0.01,
  playground: true,
  create: (options): AnyOptimizer => new SGD(options as SgdOptions),
} as const satisfies OptimizerDescriptor;
