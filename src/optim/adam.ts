import type { AdamUpdate, Backend } from '../backend/backend.js';
import { checkNumber } from '../core/checks.js';
import type { Matrix } from '../core/matrix.js';
import type { Param } from '../nn/param.js';
import { Optimizer, type OptimizerConfig, type OptimizerOptions } from './optimizer.js';

export interface AdamOptions extends OptimizerOptions {
  /** β₁, default 0.9 */
  beta1?: number;
  /** β₂, default 0.999 */
  beta2?: number;
  /** ε, default 1e-8 */
  epsilon?: number;
  /** keep the running maximum of v (Reddi et al., 2018), default false */
  amsgrad?: boolean;
  /** λ: Adam adds λθ to the gradient; AdamW decays θ directly (default 0 for Adam, 0.01 for AdamW) */
  weightDecay?: number;
}

/**
 * Adam (Kingma & Ba, 2015), as `torch.optim.Adam`:
 *   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²
 *   m̂ = m/(1 − β₁ᵗ);   v̂ = v/(1 − β₂ᵗ)   (AMSGrad: v̂ uses max over time of v)
 *   θ ← θ − η·m̂/(√v̂ + ε)
 */
export class Adam extends Optimizer {
  readonly name: 'adam' | 'adamw' = 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  readonly weightDecay: number;
  protected readonly decoupled: boolean = false;
  /** reused for every update call (no allocation per step) */
  private hyper: AdamUpdate | null = null;

  constructor(options: AdamOptions = {}, defaultWeightDecay = 0) {
    super(options, 0.001);
    this.beta1 = checkNumber(`${new.target.name}: beta1`, options.beta1 ?? 0.9, { min: 0, max: 0.999999999 });
    this.beta2 = checkNumber(`${new.target.name}: beta2`, options.beta2 ?? 0.999, { min: 0, max: 0.999999999 });
    this.epsilon = checkNumber(`${new.target.name}: epsilon`, options.epsilon ?? 1e-8, { min: 0, exclusiveMin: true });
    this.amsgrad = options.amsgrad ?? false;
    this.weightDecay = checkNumber(`${new.target.name}: weightDecay`, options.weightDecay ?? defaultWeightDecay, { min: 0 });
  }

  protected slotNames(): readonly string[] {
    return this.amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v'];
  }

  protected update(backend: Backend, p: Param, slots: Matrix[], lr: number, t: number): void {
    const h = (this.hyper ??= {
      lr,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      step: t,
      weightDecay: this.weightDecay,
      decoupled: this.decoupled,
      amsgrad: this.amsgrad,
    });
    h.lr = lr;
    h.step = t;
    backend.adamUpdate(p.value, p.grad, slots[0] as Matrix, slots[1] as Matrix, slots[2] ?? null, h);
  }

  config(): OptimizerConfig {
    return {
      name: this.name,
      ...this.baseConfig(),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      amsgrad: this.amsgrad,
      weightDecay: this.weightDecay,
    };
  }
}

/**
 * AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay, as `torch.optim.AdamW`:
 *   θ ← θ − η·λ·θ, then the Adam step with the raw gradient.
 */
export class AdamW extends Adam {
  override readonly name = 'adamw';
  protected override readonly decoupled = true;

  constructor(options: AdamOptions = {}) {
    super(options, 0.01);
  }
}
