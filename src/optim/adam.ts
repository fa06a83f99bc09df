import type { AdamUpdate, Backend } from '../backend/backend.js';
import type { Matrix } from '../core/matrix.js';
import { resolveOptions, type OptionInput, type OptionSpecs } from '../core/options.js';
import type { Param } from '../nn/param.js';
import type { AnyOptimizer, OptimizerDescriptor } from './descriptor.js';
import { BASE_OPTION_KEYS, Optimizer, type OptimizerConfig, type OptimizerOptions } from './optimizer.js';

export const ADAM_OPTIONS = {
  /** β₁, default 0.9 */
  beta1: { default: 0.9, min: 0, max: 0.999999999 },
  /** β₂, default 0.999 */
  beta2: { default: 0.999, min: 0, max: 0.999999999 },
  /** ε, default 1e-8 */
  epsilon: { default: 1e-8, min: 0, exclusiveMin: true },
  /** keep the running maximum of v (Reddi et al., 2018), default false */
  amsgrad: { default: false },
  /** λ: Adam adds λθ to the gradient; AdamW decays θ directly (default 0 for Adam, 0.01 for AdamW) */
  weightDecay: { default: 0, min: 0 },
} as const satisfies OptionSpecs;

/** AdamW's options: Adam's, with weight decay 0.01 by default. */
export const ADAMW_OPTIONS = { ...ADAM_OPTIONS, weightDecay: { default: 0.01, min: 0 } } as const satisfies OptionSpecs;

export type AdamOptions = OptimizerOptions & OptionInput<typeof ADAM_OPTIONS>;

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

  constructor(options: AdamOptions = {}, specs: typeof ADAM_OPTIONS | typeof ADAMW_OPTIONS = ADAM_OPTIONS) {
    super(options, ADAM_DESCRIPTOR.defaultLr);
    const o = resolveOptions(new.target.name, specs, options, BASE_OPTION_KEYS);
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
    this.epsilon = o.epsilon;
    this.amsgrad = o.amsgrad;
    this.weightDecay = o.weightDecay;
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
    super(options, ADAMW_OPTIONS);
  }
}

export const ADAM_DESCRIPTOR = {
  name: 'adam',
  options: ADAM_OPTIONS,
  defaultLr: 0.001,
  playground: true,
  create: (options): AnyOptimizer => new Adam(options as AdamOptions),
} as const satisfies OptimizerDescriptor;

export const ADAMW_DESCRIPTOR = {
  name: 'adamw',
  options: ADAMW_OPTIONS,
  defaultLr: 0.001,
  playground: true,
  create: (options): AnyOptimizer => new AdamW(options as AdamOptions),
} as const satisfies OptimizerDescriptor;
