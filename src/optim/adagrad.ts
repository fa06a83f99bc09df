import type { AdagradUpdate, Backend } from '../backend/backend.js';
import type { Matrix } from '../core/matrix.js';
import { resolveOptions, type OptionInput, type OptionSpecs } from '../core/options.js';
import type { Param } from '../nn/param.js';
import type { AnyOptimizer, OptimizerDescriptor } from './descriptor.js';
import { BASE_OPTION_KEYS, Optimizer, type OptimizerConfig, type OptimizerOptions } from './optimizer.js';

export const ADAGRAD_OPTIONS = {
  /** ε, default 1e-10 */
  epsilon: { default: 1e-10, min: 0, exclusiveMin: true },
  /** η_t = η / (1 + (t − 1)·lrDecay), default 0 */
  lrDecay: { default: 0, min: 0 },
  /** starting value of the squared-gradient sum, default 0 */
  initialAccumulatorValue: { default: 0, min: 0 },
  /** λ, L2 penalty added to the gradient, default 0 */
  weightDecay: { default: 0, min: 0 },
} as const satisfies OptionSpecs;

export type AdagradOptions = OptimizerOptions & OptionInput<typeof ADAGRAD_OPTIONS>;

/**
 * Adagrad (Duchi et al., 2011), as `torch.optim.Adagrad`:
 *   η_t = η/(1 + (t − 1)·decay);   G ← G + g²;   θ ← θ − η_t·g/(√G + ε)
 */
export class Adagrad extends Optimizer {
  readonly name = 'adagrad';
  readonly epsilon: number;
  readonly lrDecay: number;
  readonly initialAccumulatorValue: number;
  readonly weightDecay: number;
  /** reused for every update call (no allocation per step) */
  private readonly hyper: AdagradUpdate;

  constructor(options: AdagradOptions = {}) {
    super(options, ADAGRAD_DESCRIPTOR.defaultLr);
    const o = resolveOptions('Adagrad', ADAGRAD_OPTIONS, options, BASE_OPTION_KEYS);
    this.epsilon = o.epsilon;
    this.lrDecay = o.lrDecay;
    this.initialAccumulatorValue = o.initialAccumulatorValue;
    this.weightDecay = o.weightDecay;
    this.hyper = { lr: this.lr, epsilon: this.epsilon, weightDecay: this.weightDecay };
  }

  protected slotNames(): readonly string[] {
    return ['sum'];
  }

  protected override initSlots(slots: Matrix[]): void {
    (slots[0] as Matrix).data.fill(this.initialAccumulatorValue);
  }

  protected update(backend: Backend, p: Param, slots: Matrix[], lr: number, t: number): void {
    // η_t = η/(1 + (t − 1)·decay)
    this.hyper.lr = lr / (1 + (t - 1) * this.lrDecay);
    backend.adagradUpdate(p.value, p.grad, slots[0] as Matrix, this.hyper);
  }

  config(): OptimizerConfig {
    return {
      name: 'adagrad',
      ...this.baseConfig(),
      epsilon: this.epsilon,
      lrDecay: this.lrDecay,
      initialAccumulatorValue: this.initialAccumulatorValue,
      weightDecay: this.weightDecay,
    };
  }
}

export const ADAGRAD_DESCRIPTOR = {
  name: 'adagrad',
  options: ADAGRAD_OPTIONS,
  defaultLr: 0.01,
  playground: true,
  create: (options): AnyOptimizer => new Adagrad(options as AdagradOptions),
} as const satisfies OptimizerDescriptor;
