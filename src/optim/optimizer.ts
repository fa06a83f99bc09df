import type { Backend } from '../backend/backend.js';
import { checkNumber } from '../core/checks.js';
import { ConfigError, ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Param } from '../nn/param.js';
import { createSchedule, type Schedule, type ScheduleConfig, type ScheduleName } from './schedules.js';

/** What an optimizer updates: parameters whose `grad` holds ∂cost/∂θ from the last backward pass. */
export interface Trainable {
  parameters(): Param[];
  readonly backend: Backend;
}

export interface OptimizerOptions {
  /** base learning rate η₀ */
  lr?: number;
  /** learning-rate schedule (default constant) */
  schedule?: Schedule | ScheduleName | (Partial<ScheduleConfig> & { name: ScheduleName });
  /** rescale all gradients together so their global L2 norm is at most this */
  clipNorm?: number;
  /** clamp every gradient element to [−clipValue, clipValue] */
  clipValue?: number;
}

/** The saved state of an optimizer: step count, epoch, schedule state and per-parameter slots. */
export interface OptimizerState {
  iterations: number;
  epoch: number;
  schedule: number[];
  /** slots[p][s] = flattened values of slot s of parameter p (in `parameters()` order) */
  slots: number[][][];
}

/**
 * Base of the gradient-step optimizers. `step` turns the gradients of the last backward pass into
 * new weights: it clips them (if asked), asks the schedule for η, and calls the subclass's update
 * rule once per parameter with that parameter's state slots. Backpropagation computes gradients;
 * only this changes weights.
 */
export abstract class Optimizer {
  abstract readonly name: string;
  /** η₀ */
  readonly lr: number;
  readonly schedule: Schedule;
  readonly clipNorm: number | null;
  readonly clipValue: number | null;
  /** number of steps taken, t */
  iterations = 0;
  /** epochs completed (drives epoch-based schedules) */
  epoch = 0;
  private readonly slots = new Map<Param, Matrix[]>();
  /** the backend the slots were allocated from (they are freed back to it on reset) */
  private slotBackend: Backend | null = null;

  protected constructor(options: OptimizerOptions, defaultLr: number) {
    this.lr = checkNumber(`${new.target.name}: lr`, options.lr ?? defaultLr, { min: 0, exclusiveMin: true });
    const s = options.schedule ?? 'constant';
    this.schedule = typeof s === 'object' && 'rate' in s ? s : createSchedule(s);
    this.clipNorm = options.clipNorm === undefined ? null : checkNumber(`${new.target.name}: clipNorm`, options.clipNorm, { min: 0, exclusiveMin: true });
    this.clipValue = options.clipValue === undefined ? null : checkNumber(`${new.target.name}: clipValue`, options.clipValue, { min: 0, exclusiveMin: true });
  }

  /** Names of the per-parameter state buffers (e.g. ['m', 'v'] for Adam). */
  protected abstract slotNames(): readonly string[];

  /** Applies this optimizer's rule to one parameter, with its slots, at learning rate lr and step t ≥ 1. */
  protected abstract update(backend: Backend, param: Param, slots: Matrix[], lr: number, t: number): void;

  /** Hyperparameters, for saving (the options this optimizer was built with, defaults filled). */
  abstract config(): OptimizerConfig;

  /** The learning rate the next step will use. */
  get learningRate(): number {
    return this.schedule.rate(this.lr, this.iterations, this.epoch);
  }

  /** One update of every parameter from its gradient: θ ← rule(θ, ∂cost/∂θ, state). */
  step(model: Trainable): void {
    const params = model.parameters();
    const backend = model.backend;
    this.clip(backend, params);
    const lr = this.learningRate;
    this.iterations++;
    for (const p of params) this.update(backend, p, this.slotsOf(backend, p), lr, this.iterations);
  }

  /** Tells the schedule an epoch ended; `monitor` is the value reduce-on-plateau watches. */
  onEpochEnd(monitor: number): void {
    this.schedule.onEpochEnd(this.epoch, monitor);
    this.epoch++;
  }

  /** The state buffers of a parameter (allocated on first use). */
  slotsOf(backend: Backend, p: Param): Matrix[] {
    let s = this.slots.get(p);
    if (s === undefined) {
      this.slotBackend = backend;
      s = this.slotNames().map(() => backend.alloc(p.value.rows, p.value.cols, p.value.dtype));
      this.initSlots(s);
      this.slots.set(p, s);
    }
    return s;
  }

  /** Hook for non-zero initial state (Adagrad's initial accumulator). */
  protected initSlots(_slots: Matrix[]): void {}

  getState(model: Trainable): OptimizerState {
    const params = model.parameters();
    return {
      iterations: this.iterations,
      epoch: this.epoch,
      schedule: this.schedule.getState(),
      slots: params.map((p) => (this.slots.get(p) ?? []).map((m) => Array.from(m.data))),
    };
  }

  setState(model: Trainable, state: OptimizerState): void {
    const params = model.parameters();
    if (state.slots.length !== params.length) {
      throw new ShapeError(`${this.name}: state has slots for ${state.slots.length} parameters, model has ${params.length}`);
    }
    this.iterations = state.iterations;
    this.epoch = state.epoch;
    this.schedule.setState(state.schedule);
    params.forEach((p, i) => {
      const saved = state.slots[i] as number[][];
      if (saved.length === 0) {
        // no state yet for this parameter: the next step starts it afresh
        for (const m of this.slots.get(p) ?? []) model.backend.free(m);
        this.slots.delete(p);
        return;
      }
      const names = this.slotNames();
      if (saved.length !== names.length) throw new ShapeError(`${this.name}: ${p.name} has ${saved.length} state slots, expected ${names.length}`);
      const slots = this.slotsOf(model.backend, p);
      saved.forEach((values, s) => {
        const slot = slots[s] as Matrix;
        if (values.length !== slot.size) throw new ShapeError(`${this.name}: slot ${names[s]} of ${p.name} has ${values.length} values, expected ${slot.size}`);
        slot.data.set(values);
      });
    });
  }

  /**
   * Forgets all state (step count and slots) and gives the slots' memory back to their backend —
   * with the WASM backend that memory is not garbage-collected, so an optimizer no longer used
   * should be reset (`fit` does it when a model gets a new optimizer; `model.dispose()` too).
   */
  reset(): void {
    this.iterations = 0;
    this.epoch = 0;
    for (const slots of this.slots.values()) for (const m of slots) this.slotBackend?.free(m);
    this.slots.clear();
  }

  protected baseConfig(): { lr: number; schedule: ScheduleConfig; clipNorm?: number; clipValue?: number } {
    return {
      lr: this.lr,
      schedule: this.schedule.config,
      ...(this.clipNorm !== null ? { clipNorm: this.clipNorm } : {}),
      ...(this.clipValue !== null ? { clipValue: this.clipValue } : {}),
    };
  }

  private clip(backend: Backend, params: Param[]): void {
    if (this.clipValue !== null) for (const p of params) backend.clipByValue(p.grad, this.clipValue);
    if (this.clipNorm !== null) {
      // g ← g·min(1, c/(‖g‖ + 10⁻⁶)), ‖g‖ over all parameters together (as torch's clip_grad_norm_)
      let sq = 0;
      for (const p of params) sq += backend.sumSquares(p.grad);
      const coef = this.clipNorm / (Math.sqrt(sq) + 1e-6);
      if (coef < 1) for (const p of params) backend.scale(p.grad, coef);
    }
  }
}

export type OptimizerName = 'sgd' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad' | 'lbfgs';

/** Serializable description of an optimizer (its hyperparameters). */
export type OptimizerConfig =
  | ({ name: 'sgd'; momentum: number; dampening: number; nesterov: boolean; weightDecay: number } & BaseConfig)
  | ({ name: 'adam' | 'adamw'; beta1: number; beta2: number; epsilon: number; amsgrad: boolean; weightDecay: number } & BaseConfig)
  | ({ name: 'rmsprop'; rho: number; epsilon: number; momentum: number; centered: boolean; weightDecay: number } & BaseConfig)
  | ({ name: 'adagrad'; epsilon: number; lrDecay: number; initialAccumulatorValue: number; weightDecay: number } & BaseConfig)
  | { name: 'lbfgs'; historySize: number; maxFun: number; tolerance: number };

interface BaseConfig {
  lr: number;
  schedule: ScheduleConfig;
  clipNorm?: number;
  clipValue?: number;
}

export function unknownOptimizer(name: string): never {
  throw new ConfigError(`unknown optimizer '${name}'; expected one of sgd, adam, adamw, rmsprop, adagrad, lbfgs`);
}
