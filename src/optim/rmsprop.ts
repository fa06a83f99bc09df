import type { Backend, RmspropUpdate } from '../backend/backend.js';
import { checkNumber } from '../core/checks.js';
import type { Matrix } from '../core/matrix.js';
import type { Param } from '../nn/param.js';
import { Optimizer, type OptimizerConfig, type OptimizerOptions } from './optimizer.js';

export interface RmspropOptions extends OptimizerOptions {
  /** ρ, the smoothing constant of the squared-gradient average (PyTorch's `alpha`), default 0.99 */
  rho?: number;
  /** ε, default 1e-8 */
  epsilon?: number;
  /** μ, default 0 */
  momentum?: number;
  /** divide by an estimate of the variance rather than the raw second moment, default false */
  centered?: boolean;
  weightDecay?: number;
}

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
    super(options, 0.01);
    this.rho = checkNumber('RMSprop: rho', options.rho ?? 0.99, { min: 0, max: 1 });
    this.epsilon = checkNumber('RMSprop: epsilon', options.epsilon ?? 1e-8, { min: 0, exclusiveMin: true });
    this.momentum = checkNumber('RMSprop: momentum', options.momentum ?? 0, { min: 0 });
    this.centered = options.centered ?? false;
    this.weightDecay = checkNumber('RMSprop: weightDecay', options.weightDecay ?? 0, { min: 0 });
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
