import type { Backend } from '../backend/backend.js';
import { checkNumber } from '../core/checks.js';
import { ConfigError, ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Param } from '../nn/param.js';
import type { Solver, StepOutcome, StepProblem } from '../train/solver.js';
import type { OptimizerConfig, OptimizerName } from './registry.js';
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

/** The keys of `OptimizerOptions`, known to every step optimizer besides its own. */
export const BASE_OPTION_KEYS: readonly string[] = ['lr', 'schedule', 'clipNorm', 'clipValue'];

/** The saved state of an optimizer: step count, epoch, schedule state and per-parameter slots. */
export interface OptimizerState {
  iterations: number;
  epoch: number;
  schedule: number[];
  /** slots[p][s] = flattened values of slot s of parameter p (in `parameters()` order) */
  slots: number[][][];
  /** steps[p] = updates parameter p has had (its own t, as torch keeps state['step']); absent in older files: `iterations` for every parameter with slots */
  steps?: number[];
}

/** One parameter's optimizer state: its own step count t and its slot buffers. */
interface ParamState {
  step: number;
  readonly buffers: Matrix[];
  /** the backend the buffers came from (they are freed back to it) */
  readonly backend: Backend;
}

/**
 * Base of the gradient-step optimizers. `step` turns the gradients of the last backward pass into
 * new weights: it clips them (if asked), asks the schedule for η, and calls the subclass's update
 * rule once per parameter with that parameter's state slots. Backpropagation computes gradients;
 * only this changes weights.
 */
export abstract class Optimizer implements Solver {
  abstract readonly name: OptimizerName;
  readonly batching = 'minibatch';
  /** η₀ */
  readonly lr: number;
  readonly schedule: Schedule;
  readonly clipNorm: number | null;
  readonly clipValue: number | null;
  /** number of steps taken (drives step-based schedules); each parameter also keeps its own count */
  iterations = 0;
  /** epochs completed (drives epoch-based schedules) */
  epoch = 0;
  private readonly state = new Map<Param, ParamState>();
  /** the first parameter of the model this optimizer holds state for (one model per optimizer) */
  private bound: Param | null = null;

  protected constructor(options: OptimizerOptions, defaultLr: number) {
    this.lr = checkNumber(`${new.target.name}: lr`, options.lr ?? defaultLr, { min: 0, exclusiveMin: true });
    const s = options.schedule ?? 'constant';
    this.schedule = typeof s === 'object' && 'rate' in s ? s : createSchedule(s);
    this.clipNorm = options.clipNorm === undefined ? null : checkNumber(`${new.target.name}: clipNorm`, options.clipNorm, { min: 0, exclusiveMin: true });
    this.clipValue = options.clipValue === undefined ? null : checkNumber(`${new.target.name}: clipValue`, options.clipValue, { min: 0, exclusiveMin: true });
  }

  /** Names of the per-parameter state buffers (e.g. ['m', 'v'] for Adam). */
  protected abstract slotNames(): readonly string[];

  /** Applies this optimizer's rule to one parameter, with its slots, at learning rate lr and that parameter's step t ≥ 1. */
  protected abstract update(backend: Backend, param: Param, slots: Matrix[], lr: number, t: number): void;

  /** Hyperparameters, for saving (the options this optimizer was built with, defaults filled). */
  abstract config(): OptimizerConfig;

  /** The learning rate the next step will use. */
  get learningRate(): number {
    return this.schedule.rate(this.lr, this.iterations, this.epoch);
  }

  get stepSize(): number {
    return this.learningRate;
  }

  /** One update of every parameter from its gradient: θ ← rule(θ, ∂cost/∂θ, state). */
  step(model: Trainable): void {
    this.stepParams(model.parameters(), model.backend);
  }

  /** The solver step: evaluate the batch's cost and gradient, then (when the cost is finite) update. */
  solve(problem: StepProblem): StepOutcome {
    const cost = problem.evaluate();
    if (Number.isFinite(cost)) this.stepParams(problem.params, problem.backend);
    return { evaluatedAt: 'start', converged: false };
  }

  private stepParams(params: readonly Param[], backend: Backend): void {
    this.bind(params);
    this.clip(backend, params);
    const lr = this.learningRate;
    this.iterations++;
    for (const p of params) {
      const s = this.stateOf(backend, p);
      s.step++;
      this.update(backend, p, s.buffers, lr, s.step);
    }
  }

  /** An optimizer keeps state for one model; a second one is refused (its moments and step counts would mix). */
  private bind(params: readonly Param[]): void {
    const first = params[0] ?? null;
    if (this.bound === null || this.state.size === 0) {
      this.bound = first;
      return;
    }
    if (first !== this.bound) {
      throw new ConfigError(
        `${this.name}: this optimizer already holds state for another model (its ${this.bound.name} has been stepped ${this.state.get(this.bound)?.step ?? 0} times); ` +
          'give each model its own optimizer, or call reset() first',
      );
    }
  }

  /** A first-order optimizer carries its state across runs (resuming continues the moments). */
  onTrainBegin(): void {}

  /** Tells the schedule an epoch ended; `monitor` is the value reduce-on-plateau watches. */
  onEpochEnd(monitor: number): void {
    this.schedule.onEpochEnd(this.epoch, monitor);
    this.epoch++;
  }

  /** The state buffers of a parameter (allocated on first use). */
  slotsOf(backend: Backend, p: Param): Matrix[] {
    return this.stateOf(backend, p).buffers;
  }

  private stateOf(backend: Backend, p: Param): ParamState {
    let s = this.state.get(p);
    if (s === undefined) {
      const buffers = this.slotNames().map(() => backend.alloc(p.value.rows, p.value.cols, p.value.dtype));
      this.initSlots(buffers);
      s = { step: 0, buffers, backend };
      this.state.set(p, s);
    }
    return s;
  }

  private forget(p: Param): void {
    const s = this.state.get(p);
    if (s === undefined) return;
    for (const m of s.buffers) s.backend.free(m);
    this.state.delete(p);
  }

  /** Hook for non-zero initial state (Adagrad's initial accumulator). */
  protected initSlots(_slots: Matrix[]): void {}

  getState(model: Trainable): OptimizerState {
    const params = model.parameters();
    return {
      iterations: this.iterations,
      epoch: this.epoch,
      schedule: this.schedule.getState(),
      slots: params.map((p) => (this.state.get(p)?.buffers ?? []).map((m) => Array.from(m.data))),
      steps: params.map((p) => this.state.get(p)?.step ?? 0),
    };
  }

  setState(model: Trainable, state: OptimizerState): void {
    const params = model.parameters();
    if (state.slots.length !== params.length) {
      throw new ShapeError(`${this.name}: state has slots for ${state.slots.length} parameters, model has ${params.length}`);
    }
    if (state.steps !== undefined && state.steps.length !== params.length) {
      throw new ShapeError(`${this.name}: state has step counts for ${state.steps.length} parameters, model has ${params.length}`);
    }
    this.bind(params);
    this.iterations = state.iterations;
    this.epoch = state.epoch;
    this.schedule.setState(state.schedule);
    const names = this.slotNames();
    params.forEach((p, i) => {
      const saved = state.slots[i] as number[][];
      const steps = saved.length === 0 && names.length > 0 ? 0 : (state.steps?.[i] ?? state.iterations);
      if (steps === 0) {
        // no state yet for this parameter: its next step is its first
        this.forget(p);
        return;
      }
      if (saved.length !== names.length) throw new ShapeError(`${this.name}: ${p.name} has ${saved.length} state slots, expected ${names.length}`);
      const s = this.stateOf(model.backend, p);
      s.step = steps;
      saved.forEach((values, k) => {
        const slot = s.buffers[k] as Matrix;
        if (values.length !== slot.size) throw new ShapeError(`${this.name}: slot ${names[k]} of ${p.name} has ${values.length} values, expected ${slot.size}`);
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
    for (const p of [...this.state.keys()]) this.forget(p);
    this.bound = null;
  }

  protected baseConfig(): { lr: number; schedule: ScheduleConfig; clipNorm?: number; clipValue?: number } {
    return {
      lr: this.lr,
      schedule: this.schedule.config,
      ...(this.clipNorm !== null ? { clipNorm: this.clipNorm } : {}),
      ...(this.clipValue !== null ? { clipValue: this.clipValue } : {}),
    };
  }

  private clip(backend: Backend, params: readonly Param[]): void {
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

export type { OptimizerConfig, OptimizerName } from './registry.js';
