import { checkNumber, checkOneOf } from '../core/checks.js';
import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';

/** Hidden-layer activation (scikit-learn's names; `logistic` is the sigmoid). */
export type MLPActivation = 'identity' | 'logistic' | 'tanh' | 'relu';
export type MLPSolver = 'lbfgs' | 'sgd' | 'adam';
/** Learning-rate schedule of the `sgd` solver. */
export type MLPLearningRate = 'constant' | 'invscaling' | 'adaptive';

/**
 * The parameters of MLPClassifier and MLPRegressor: scikit-learn's, in camelCase, with its defaults
 * (see docs/estimators.md for the name-by-name table).
 */
export interface MLPParams {
  /** units of each hidden layer, default [100] */
  hiddenLayerSizes: number[];
  /** hidden activation, default 'relu' */
  activation: MLPActivation;
  /** default 'adam' */
  solver: MLPSolver;
  /** L2 strength: the cost adds alpha/(2·n_batch)·Σ‖W‖², default 0.0001 */
  alpha: number;
  /** mini-batch size; 'auto' = min(200, n_samples) */
  batchSize: number | 'auto';
  /** sgd schedule, default 'constant' */
  learningRate: MLPLearningRate;
  /** η₀ for sgd and adam, default 0.001 */
  learningRateInit: number;
  /** exponent of 'invscaling': η = η₀ / (t + 1)^powerT, default 0.5 */
  powerT: number;
  /** epochs (sgd, adam) or iterations (lbfgs), default 200 */
  maxIter: number;
  /** reshuffle the samples every epoch (sgd, adam), default true */
  shuffle: boolean;
  /** seed of initialization, shuffling and the early-stopping split; null draws a fresh seed; an Rng is used (and advanced) as is */
  randomState: number | Rng | null;
  /** improvement threshold of the stopping rules, default 1e-4 */
  tol: number;
  /** progress messages through the estimator's `logger`, default false */
  verbose: boolean | number;
  /** start `fit` from the weights of the previous fit, default false */
  warmStart: boolean;
  /** μ of sgd, default 0.9 */
  momentum: number;
  /** Nesterov momentum for sgd, default true */
  nesterovsMomentum: boolean;
  /** hold out validationFraction of the data and stop on its score, default false */
  earlyStopping: boolean;
  /** share held out for early stopping, default 0.1 */
  validationFraction: number;
  /** β₁ of adam, default 0.9 */
  beta1: number;
  /** β₂ of adam, default 0.999 */
  beta2: number;
  /** ε of adam, default 1e-8 */
  epsilon: number;
  /** epochs without tol improvement before stopping, default 10 (Infinity: never) */
  nIterNoChange: number;
  /** lbfgs: the most loss evaluations, default 15,000 */
  maxFun: number;
  /**
   * element type of the network (not a scikit-learn parameter): 'float64', the default, computes as
   * scikit-learn does; 'float32' is about twice as fast on the WASM backend, with float32 rounding
   */
  dtype: 'float64' | 'float32';
}

/** scikit-learn's defaults. */
export function defaultParams(): MLPParams {
  return {
    hiddenLayerSizes: [100],
    activation: 'relu',
    solver: 'adam',
    alpha: 0.0001,
    batchSize: 'auto',
    learningRate: 'constant',
    learningRateInit: 0.001,
    powerT: 0.5,
    maxIter: 200,
    shuffle: true,
    randomState: null,
    tol: 1e-4,
    verbose: false,
    warmStart: false,
    momentum: 0.9,
    nesterovsMomentum: true,
    earlyStopping: false,
    validationFraction: 0.1,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    nIterNoChange: 10,
    maxFun: 15000,
    dtype: 'float64',
  };
}

/** What the constructor and `setParams` accept: any subset; `hiddenLayerSizes` may be one number. */
export type MLPOptions = Partial<Omit<MLPParams, 'hiddenLayerSizes'>> & { hiddenLayerSizes?: number | readonly number[] };

const PARAM_NAMES = Object.keys(defaultParams()) as (keyof MLPParams)[];

/** Merges `options` into `base` and validates every value; the error names the estimator, the parameter and the value. */
export function resolveParams(owner: string, base: MLPParams, options: MLPOptions): MLPParams {
  if (options === null || typeof options !== 'object') throw new ConfigError(`${owner}: parameters must be an object, got ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (!(PARAM_NAMES as string[]).includes(key)) {
      throw new ConfigError(`${owner}: unknown parameter '${key}'; valid parameters are ${PARAM_NAMES.join(', ')}`);
    }
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as MLPOptions;
  const hidden = defined.hiddenLayerSizes ?? base.hiddenLayerSizes;
  const p: MLPParams = { ...base, ...defined, hiddenLayerSizes: typeof hidden === 'number' ? [hidden] : [...hidden] };
  validate(owner, p);
  return p;
}

function validate(owner: string, p: MLPParams): void {
  const name = (key: keyof MLPParams): string => `${owner}: ${key}`;
  if (!Array.isArray(p.hiddenLayerSizes)) throw new ConfigError(`${name('hiddenLayerSizes')} must be an array of integers ≥ 1, got ${String(p.hiddenLayerSizes)}`);
  p.hiddenLayerSizes.forEach((units, i) => checkNumber(`${name('hiddenLayerSizes')}[${i}]`, units, { min: 1, integer: true }));
  checkOneOf(name('activation'), p.activation, ['identity', 'logistic', 'tanh', 'relu'] as const);
  checkOneOf(name('solver'), p.solver, ['lbfgs', 'sgd', 'adam'] as const);
  checkNumber(name('alpha'), p.alpha, { min: 0 });
  if (p.batchSize !== 'auto') checkNumber(name('batchSize'), p.batchSize, { min: 1, integer: true });
  checkOneOf(name('learningRate'), p.learningRate, ['constant', 'invscaling', 'adaptive'] as const);
  checkNumber(name('learningRateInit'), p.learningRateInit, { min: 0, exclusiveMin: true });
  checkNumber(name('powerT'), p.powerT, { min: 0 });
  checkNumber(name('maxIter'), p.maxIter, { min: 1, integer: true });
  checkBoolean(name('shuffle'), p.shuffle);
  if (p.randomState !== null && !(p.randomState instanceof Rng)) {
    checkNumber(name('randomState'), p.randomState, { min: 0, max: 0xffffffff, integer: true });
  }
  checkNumber(name('tol'), p.tol, { min: 0 });
  if (typeof p.verbose !== 'boolean') checkNumber(name('verbose'), p.verbose, { min: 0, integer: true });
  checkBoolean(name('warmStart'), p.warmStart);
  checkNumber(name('momentum'), p.momentum, { min: 0, max: 1 });
  checkBoolean(name('nesterovsMomentum'), p.nesterovsMomentum);
  checkBoolean(name('earlyStopping'), p.earlyStopping);
  checkBelowOne(name('validationFraction'), p.validationFraction);
  checkBelowOne(name('beta1'), p.beta1);
  checkBelowOne(name('beta2'), p.beta2);
  checkNumber(name('epsilon'), p.epsilon, { min: 0, exclusiveMin: true });
  if (p.nIterNoChange !== Infinity) checkNumber(name('nIterNoChange'), p.nIterNoChange, { min: 1, integer: true });
  checkNumber(name('maxFun'), p.maxFun, { min: 1, integer: true });
  checkOneOf(name('dtype'), p.dtype, ['float64', 'float32'] as const);
}

function checkBoolean(name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new ConfigError(`${name} must be true or false, got ${String(value)}`);
}

/** value in [0, 1) */
function checkBelowOne(name: string, value: number): void {
  checkNumber(name, value, { min: 0 });
  if (value >= 1) throw new ConfigError(`${name} must be a number ≥ 0 and < 1, got ${String(value)}`);
}

/** A copy of the parameters (the arrays copied, an Rng shared as scikit-learn shares a RandomState). */
export function copyParams(p: MLPParams): MLPParams {
  return { ...p, hiddenLayerSizes: [...p.hiddenLayerSizes] };
}

/** The generator of one `fit` call: a fresh Rng from a seed, the given Rng, or a random seed for null. */
export function randomStateRng(state: number | Rng | null): Rng {
  if (state instanceof Rng) return state;
  if (state !== null) return new Rng(state);
  const words = new Uint32Array(1);
  globalThis.crypto.getRandomValues(words);
  return new Rng(words[0] as number);
}
