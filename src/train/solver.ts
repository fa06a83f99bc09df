import type { Backend } from '../backend/backend.js';
import type { Param } from '../nn/param.js';

/**
 * What a solver improves in one step: the parameters, and the objective on the step's rows.
 * The trainer builds it; `evaluate` runs forward → cost → backward at the current weights and
 * leaves ∂C/∂θ in every `param.grad`.
 */
export interface StepProblem {
  readonly params: readonly Param[];
  readonly backend: Backend;
  /** C(θ) = data cost + penalty on the step's rows at the current weights, with ∂C/∂θ in each param.grad */
  evaluate(): number;
}

/** What one solver step did. */
export interface StepOutcome {
  /**
   * Where the step's last evaluation was: 'start' (a gradient step evaluates, then moves the
   * weights) or 'end' (a line search leaves the weights at its last, accepted evaluation).
   */
  readonly evaluatedAt: 'start' | 'end';
  /** a stopping rule of the solver fired (L-BFGS: gradient small, no progress, evaluations spent) */
  readonly converged: boolean;
}

/**
 * The one interface between the training loop and whatever changes the weights: the engine's
 * first-order optimizers, L-BFGS, and scikit-learn's update rules all implement it, so the loop
 * never asks which one it has.
 */
export interface Solver {
  /**
   * 'minibatch': each step uses the gradient of one batch (the loop forms batches of batchSize);
   * 'full': each step works on the whole training set (one step per epoch) and may evaluate it
   * several times, so the objective must be deterministic.
   */
  readonly batching: 'minibatch' | 'full';
  /** η of the next step, or null when the solver chooses its own step (line search) */
  readonly stepSize: number | null;
  /** A training run starts from weights set from outside: forget anything tied to the previous ones. */
  onTrainBegin?(): void;
  /** One update of the parameters. */
  solve(problem: StepProblem): StepOutcome;
  /** An epoch ended; `monitor` is the value a plateau schedule watches (validation cost, else training cost). */
  onEpochEnd(monitor: number): void;
}
