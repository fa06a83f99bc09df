import { checkNumber } from '../core/checks.js';
import { ConfigError } from '../core/errors.js';

/**
 * Learning-rate schedules: η as a function of the base rate η₀, the number t of steps already taken,
 * and the current epoch e (0-based). Reduce-on-plateau also listens to a monitored value at epoch ends.
 */
export type ScheduleConfig =
  | { name: 'constant' }
  /** η = η₀·γ^⌊e / stepSize⌋ */
  | { name: 'step'; stepSize: number; gamma: number }
  /** η = η₀·γ^e */
  | { name: 'exponential'; gamma: number }
  /** η = η₀ / (1 + t)^powerT */
  | { name: 'inverseScaling'; powerT: number }
  /** linear warm-up to η₀ over warmupSteps, then η = ηmin + ½(η₀ − ηmin)(1 + cos(π·progress)) until totalSteps */
  | { name: 'cosine'; warmupSteps: number; totalSteps: number; minLr: number }
  /** η ← η·factor after `patience` epochs without an improvement of at least minDelta */
  | { name: 'reduceOnPlateau'; factor: number; patience: number; minDelta: number; cooldown: number; minLr: number };

export type ScheduleName = ScheduleConfig['name'];
export const SCHEDULE_NAMES: readonly ScheduleName[] = ['constant', 'step', 'exponential', 'inverseScaling', 'cosine', 'reduceOnPlateau'];

export interface Schedule {
  readonly config: ScheduleConfig;
  /** η for the step about to be taken */
  rate(baseLr: number, t: number, epoch: number): number;
  /** Called at the end of every epoch with the monitored value (validation cost, else training cost). */
  onEpochEnd(epoch: number, monitor: number): void;
  /** Mutable state, for saving (reduce-on-plateau only). */
  getState(): number[];
  setState(state: readonly number[]): void;
}

/** Builds a schedule from its config, filling defaults and validating every field. */
export function createSchedule(spec: ScheduleName | Partial<ScheduleConfig> & { name: ScheduleName }): Schedule {
  const s = typeof spec === 'string' ? { name: spec } : spec;
  switch (s.name) {
    case 'constant':
      return stateless({ name: 'constant' }, (lr) => lr);
    case 'step': {
      const c = s as Partial<Extract<ScheduleConfig, { name: 'step' }>>;
      const stepSize = checkNumber('step schedule: stepSize', c.stepSize ?? 10, { min: 1, integer: true });
      const gamma = checkNumber('step schedule: gamma', c.gamma ?? 0.1, { min: 0, max: 1, exclusiveMin: true });
      // η = η₀·γ^⌊e / stepSize⌋
      return stateless({ name: 'step', stepSize, gamma }, (lr, _t, e) => lr * Math.pow(gamma, Math.floor(e / stepSize)));
    }
    case 'exponential': {
      const c = s as Partial<Extract<ScheduleConfig, { name: 'exponential' }>>;
      const gamma = checkNumber('exponential schedule: gamma', c.gamma ?? 0.95, { min: 0, max: 1, exclusiveMin: true });
      // η = η₀·γ^e
      return stateless({ name: 'exponential', gamma }, (lr, _t, e) => lr * Math.pow(gamma, e));
    }
    case 'inverseScaling': {
      const c = s as Partial<Extract<ScheduleConfig, { name: 'inverseScaling' }>>;
      const powerT = checkNumber('inverseScaling schedule: powerT', c.powerT ?? 0.5, { min: 0 });
      // η = η₀ / (1 + t)^p
      return stateless({ name: 'inverseScaling', powerT }, (lr, t) => lr / Math.pow(1 + t, powerT));
    }
    case 'cosine': {
      const c = s as Partial<Extract<ScheduleConfig, { name: 'cosine' }>>;
      const warmupSteps = checkNumber('cosine schedule: warmupSteps', c.warmupSteps ?? 0, { min: 0, integer: true });
      const totalSteps = checkNumber('cosine schedule: totalSteps', c.totalSteps ?? 1000, { min: 1, integer: true });
      const minLr = checkNumber('cosine schedule: minLr', c.minLr ?? 0, { min: 0 });
      if (warmupSteps >= totalSteps) throw new ConfigError(`cosine schedule: warmupSteps (${warmupSteps}) must be < totalSteps (${totalSteps})`);
      return stateless({ name: 'cosine', warmupSteps, totalSteps, minLr }, (lr, t) => {
        // warm-up: η = η₀·(t + 1)/warmupSteps
        if (t < warmupSteps) return (lr * (t + 1)) / warmupSteps;
        const progress = Math.min(1, (t - warmupSteps) / (totalSteps - warmupSteps));
        // η = ηmin + ½(η₀ − ηmin)(1 + cos(π·progress))
        return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
      });
    }
    case 'reduceOnPlateau': {
      const c = s as Partial<Extract<ScheduleConfig, { name: 'reduceOnPlateau' }>>;
      return new ReduceOnPlateau({
        name: 'reduceOnPlateau',
        factor: checkNumber('reduceOnPlateau: factor', c.factor ?? 0.1, { min: 0, max: 1, exclusiveMin: true }),
        patience: checkNumber('reduceOnPlateau: patience', c.patience ?? 10, { min: 0, integer: true }),
        minDelta: checkNumber('reduceOnPlateau: minDelta', c.minDelta ?? 1e-4, { min: 0 }),
        cooldown: checkNumber('reduceOnPlateau: cooldown', c.cooldown ?? 0, { min: 0, integer: true }),
        minLr: checkNumber('reduceOnPlateau: minLr', c.minLr ?? 0, { min: 0 }),
      });
    }
    default:
      throw new ConfigError(`unknown schedule '${String((s as { name: unknown }).name)}'; expected one of ${SCHEDULE_NAMES.join(', ')}`);
  }
}

function stateless(config: ScheduleConfig, rate: (lr: number, t: number, e: number) => number): Schedule {
  return { config, rate, onEpochEnd: () => {}, getState: () => [], setState: () => {} };
}

class ReduceOnPlateau implements Schedule {
  /** η = η₀·scale, clamped at minLr */
  private scale = 1;
  private best = Number.MAX_VALUE;
  private wait = 0;
  private cooldownLeft = 0;

  constructor(readonly config: Extract<ScheduleConfig, { name: 'reduceOnPlateau' }>) {}

  rate(baseLr: number): number {
    return Math.max(this.config.minLr, baseLr * this.scale);
  }

  // As torch.optim.lr_scheduler.ReduceLROnPlateau (mode 'min', threshold_mode 'abs'): an epoch inside
  // the cooldown never counts as bad, so `cooldown: k` gives k full epochs of grace after a reduction.
  onEpochEnd(_epoch: number, monitor: number): void {
    if (monitor < this.best - this.config.minDelta) {
      this.best = monitor;
      this.wait = 0;
    } else {
      this.wait++;
    }
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.wait = 0;
    }
    if (this.wait > this.config.patience) {
      this.scale *= this.config.factor;
      this.wait = 0;
      this.cooldownLeft = this.config.cooldown;
    }
  }

  getState(): number[] {
    return [this.scale, this.best, this.wait, this.cooldownLeft];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4) throw new ConfigError(`reduceOnPlateau: expected 4 state values, got ${state.length}`);
    [this.scale, this.best, this.wait, this.cooldownLeft] = state as [number, number, number, number];
  }
}
