import type { AdagradUpdate, Backend } from '../backend/backend.js';
import { checkNumber } from '../core/checks.js';
import type { Matrix } from '../core/matrix.js';
import type { Param } from '../nn/param.js';
import { Optimizer, type OptimizerConfig, type OptimizerOptions } from './optimizer.js';

export interface AdagradOptions extends OptimizerOptions {
  /** ε, default 1e-10 */
  epsilon?: number;
  /** η_t = η / (1 + (t − 1)·lrDecay), default 0 */
  lrDecay?: number;
  /** starting value of the squared-gradient sum, default 0 */
  initialAccumulatorValue?: number;
  weightDecay?: number;
}

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
    super(options, 0.01);
    this.epsilon = checkNumber('Adagrad: epsilon', options.epsilon ?? 1e-10, { min: 0, exclusiveMin: true });
    this.lrDecay = checkNumber('Adagrad: lrDecay', options.lrDecay ?? 0, { min: 0 });
    this.initialAccumulatorValue = checkNumber('Adagrad: initialAccumulatorValue', options.initialAccumulatorValue ?? 0, { min: 0 });
    this.weightDecay = checkNumber('Adagrad: weightDecay', options.weightDecay ?? 0, { min: 0 });
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
