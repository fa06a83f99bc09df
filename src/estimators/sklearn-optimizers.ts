import type { FloatArray } from '../core/matrix.js';
import type { Param } from '../nn/param.js';
import type { Solver, StepOutcome, StepProblem } from '../train/solver.js';

/**
 * scikit-learn's stochastic optimizers (sklearn/neural_network/_stochastic_optimizers.py), which are
 * not the engine's torch-style ones: the SGD velocity carries the learning rate (so a changing η
 * acts differently), and Adam folds both bias corrections into the step size with ε outside them.
 * Each computes the update from `param.grad` and adds it to `param.value` (θ ← θ + update). As
 * `Solver`s they ride on the engine's trainer, which forms the batches and evaluates the cost.
 */
export interface SklearnOptimizer extends Solver {
  /** η currently in use */
  readonly learningRate: number;
  /** One update of every parameter from its gradient. */
  step(params: readonly Param[]): void;
  /** End of an epoch; `timeStep` is the number of samples seen so far (drives 'invscaling'). */
  iterationEnds(timeStep: number): void;
  /**
   * Called when the stopping rule fires: true to stop, false to go on (the 'adaptive' schedule
   * divides η by 5 instead, until η ≤ 1e-6). `log` receives scikit-learn's verbose message.
   */
  triggerStopping(message: string, log: ((line: string) => void) | null): boolean;
}

export interface SklearnSgdOptions {
  learningRateInit: number;
  schedule: 'constant' | 'invscaling' | 'adaptive';
  momentum: number;
  nesterov: boolean;
  powerT: number;
}

/**
 * SGD with momentum, scikit-learn's form:
 *   v ← μ·v − η·g;   θ ← θ + v             (classical)
 *   v ← μ·v − η·g;   θ ← θ + μ·v − η·g     (Nesterov)
 * 'invscaling': η = η₀/(t + 1)^powerT after each epoch, t = samples seen;
 * 'adaptive': η ← η/5 each time the stopping rule fires.
 */
export class SklearnSGD implements SklearnOptimizer {
  learningRate: number;
  private readonly velocities = new Map<Param, FloatArray>();

  constructor(private readonly options: SklearnSgdOptions) {
    this.learningRate = options.learningRateInit;
  }

  readonly batching = 'minibatch';

  get stepSize(): number {
    return this.learningRate;
  }

  /** The trainer's step: the batch's cost and gradient, then scikit-learn's update. */
  solve(problem: StepProblem): StepOutcome {
    problem.evaluate();
    this.step(problem.params);
    return { evaluatedAt: 'start', converged: false };
  }

  /** scikit-learn changes η per epoch through `iterationEnds` (it needs the samples seen), not here. */
  onEpochEnd(_monitor: number): void {}

  step(params: readonly Param[]): void {
    const { momentum: mu, nesterov } = this.options;
    const eta = this.learningRate;
    for (const p of params) {
      const theta = p.value.data;
      const g = p.grad.data;
      const v = this.velocity(p);
      for (let i = 0; i < theta.length; i++) {
        // v ← μ·v − η·g
        const vi = mu * (v[i] as number) - eta * (g[i] as number);
        v[i] = vi;
        // θ ← θ + v, or θ ← θ + μ·v − η·g (Nesterov)
        theta[i] = (theta[i] as number) + (nesterov ? mu * vi - eta * (g[i] as number) : vi);
      }
    }
  }

  iterationEnds(timeStep: number): void {
    // η = η₀ / (t + 1)^powerT
    if (this.options.schedule === 'invscaling') this.learningRate = this.options.learningRateInit / (timeStep + 1) ** this.options.powerT;
  }

  triggerStopping(message: string, log: ((line: string) => void) | null): boolean {
    if (this.options.schedule !== 'adaptive') {
      log?.(`${message} Stopping.`);
      return true;
    }
    if (this.learningRate <= 1e-6) {
      log?.(`${message} Learning rate too small. Stopping.`);
      return true;
    }
    this.learningRate /= 5;
    log?.(`${message} Setting learning rate to ${this.learningRate.toFixed(6)}`);
    return false;
  }

  private velocity(p: Param): FloatArray {
    let v = this.velocities.get(p);
    if (v === undefined) {
      v = p.value.data instanceof Float64Array ? new Float64Array(p.value.size) : new Float32Array(p.value.size);
      this.velocities.set(p, v);
    }
    return v;
  }
}

export interface SklearnAdamOptions {
  learningRateInit: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * Adam, scikit-learn's form (Kingma & Ba, 2015, Algorithm 1 with the efficient step of §2):
 *   m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
 *   ηₜ = η₀·√(1 − β₂ᵗ)/(1 − β₁ᵗ)
 *   θ ← θ − ηₜ·m/(√v + ε)
 * (torch's Adam puts ε after the bias correction: θ ← θ − η·m̂/(√v̂ + ε).)
 */
export class SklearnAdam implements SklearnOptimizer {
  learningRate: number;
  /** steps taken */
  t = 0;
  private readonly moments = new Map<Param, { m: FloatArray; v: FloatArray }>();

  constructor(private readonly options: SklearnAdamOptions) {
    this.learningRate = options.learningRateInit;
  }

  readonly batching = 'minibatch';

  get stepSize(): number {
    return this.learningRate;
  }

  /** The trainer's step: the batch's cost and gradient, then scikit-learn's update. */
  solve(problem: StepProblem): StepOutcome {
    problem.evaluate();
    this.step(problem.params);
    return { evaluatedAt: 'start', converged: false };
  }

  /** scikit-learn changes η per epoch through `iterationEnds` (it needs the samples seen), not here. */
  onEpochEnd(_monitor: number): void {}

  step(params: readonly Param[]): void {
    const { beta1: b1, beta2: b2, epsilon: eps, learningRateInit: eta0 } = this.options;
    this.t++;
    // ηₜ = η₀·√(1 − β₂ᵗ)/(1 − β₁ᵗ)
    this.learningRate = (eta0 * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t);
    const lr = this.learningRate;
    for (const p of params) {
      const theta = p.value.data;
      const g = p.grad.data;
      const { m, v } = this.slots(p);
      for (let i = 0; i < theta.length; i++) {
        const gi = g[i] as number;
        // m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²
        const mi = b1 * (m[i] as number) + (1 - b1) * gi;
        const vi = b2 * (v[i] as number) + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        // θ ← θ − ηₜ·m/(√v + ε)
        theta[i] = (theta[i] as number) - (lr * mi) / (Math.sqrt(vi) + eps);
      }
    }
  }

  iterationEnds(_timeStep: number): void {}

  triggerStopping(message: string, log: ((line: string) => void) | null): boolean {
    log?.(`${message} Stopping.`);
    return true;
  }

  private slots(p: Param): { m: FloatArray; v: FloatArray } {
    let s = this.moments.get(p);
    if (s === undefined) {
      const make = (): FloatArray => (p.value.data instanceof Float64Array ? new Float64Array(p.value.size) : new Float32Array(p.value.size));
      s = { m: make(), v: make() };
      this.moments.set(p, s);
    }
    return s;
  }
}
