import { warn } from '../core/errors.js';
import { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { trainTestSplit } from '../data/split.js';
import { Trainer } from '../train/trainer.js';
import { takeMatrixRows } from './inputs.js';
import type { MLPParams } from './params.js';
import { SklearnAdam, SklearnSGD, type SklearnOptimizer } from './sklearn-optimizers.js';
import type { FitState } from './state.js';

/** What the stochastic loop needs from the estimator besides its state and parameters. */
export interface StochasticContext {
  /** accuracy or R² of the network on encoded targets (the early-stopping score) */
  score(x: Matrix, y: Matrix): number;
  /** labels to stratify the early-stopping split by (binary classification), or null */
  stratifyBy(y: Matrix): Int32Array | null;
  /** verbose output, or null when quiet */
  log: ((line: string) => void) | null;
}

/**
 * scikit-learn's `_fit_stochastic`: epochs of mini-batch steps with its optimizers, the loss curve
 * (each epoch's mean of batch losses weighted by batch size), its stopping rules and early stopping.
 * `incremental` (partialFit) runs one epoch, keeps the optimizer and never holds data out.
 */
export function fitStochastic(state: FitState, p: MLPParams, xAll: Matrix, yAll: Matrix, incremental: boolean, rng: Rng, ctx: StochasticContext): void {
  const net = state.network;
  if (!incremental || state.optimizer === null) state.optimizer = createOptimizer(p);
  const optimizer = state.optimizer;

  const earlyStopping = p.earlyStopping && !incremental;
  let x = xAll;
  let y = yAll;
  let validation: { x: Matrix; y: Matrix } | null = null;
  if (earlyStopping) {
    const parts = validationSplit(xAll, yAll, p.validationFraction, rng, ctx.stratifyBy(yAll));
    x = parts.x;
    y = parts.y;
    validation = parts.validation;
  }
  const n = x.rows;
  const batchSize = resolveBatchSize(p.batchSize, n);
  // the engine's trainer forms the batches (a fresh permutation each epoch when shuffling) and
  // evaluates C = (1/N)·Σ ℓᵢ + alpha/(2N)·Σ‖W‖²; scikit-learn's optimizer is its update rule
  const trainer = new Trainer({ model: net.model, loss: net.loss, solver: optimizer, x, y, batchSize, shuffle: p.shuffle, rng, extraPenalty: net.l2Penalty(p.alpha) });
  try {
  for (let it = 0; it < p.maxIter; it++) {
    let step;
    do step = trainer.step();
    while (!step.epochEnd);
    const epochCost = trainer.epochCost();
    state.nIter++;
    // loss = Σ_batches n_b·C_b / n
    state.loss = epochCost.dataCost + epochCost.penalty;
    state.t += n;
    state.lossCurve.push(state.loss);
    ctx.log?.(`Iteration ${state.nIter}, loss = ${state.loss.toFixed(8)}`);

    if (validation !== null) {
      // keep the weights of the best validation score
      if (updateOnValidation(state, p.tol, validation, ctx)) state.bestWeights = net.snapshot();
    } else updateOnTrainingLoss(state, p.tol);
    optimizer.iterationEnds(state.t);

    if (state.noImprovementCount > p.nIterNoChange) {
      const what = earlyStopping ? 'Validation score' : 'Training loss';
      const message = `${what} did not improve more than tol=${p.tol.toFixed(6)} for ${p.nIterNoChange} consecutive epochs.`;
      if (optimizer.triggerStopping(message, ctx.log)) break;
      state.noImprovementCount = 0;
    }
    if (incremental) break;
    if (state.nIter === p.maxIter) {
      warn(`ConvergenceWarning: Stochastic Optimizer: Maximum iterations (${p.maxIter}) reached and the optimization hasn't converged yet.`);
    }
  }
  } finally {
    trainer.dispose();
  }
  // early stopping ends at the weights of the best validation score
  if (earlyStopping && state.bestWeights !== null) net.restore(state.bestWeights);
}

function createOptimizer(p: MLPParams): SklearnOptimizer {
  if (p.solver === 'sgd') {
    return new SklearnSGD({ learningRateInit: p.learningRateInit, schedule: p.learningRate, momentum: p.momentum, nesterov: p.nesterovsMomentum, powerT: p.powerT });
  }
  return new SklearnAdam({ learningRateInit: p.learningRateInit, beta1: p.beta1, beta2: p.beta2, epsilon: p.epsilon });
}

/** 'auto' = min(200, n); a larger size is clipped to n with a warning, as scikit-learn does. */
function resolveBatchSize(batchSize: number | 'auto', n: number): number {
  if (batchSize === 'auto') return Math.min(200, n);
  if (batchSize > n) warn('Got `batchSize` less than 1 or larger than sample size. It is going to be clipped');
  return Math.min(Math.max(batchSize, 1), n);
}

/** scikit-learn's training-loss rule: an epoch counts as no improvement unless loss < best − tol. */
function updateOnTrainingLoss(state: FitState, tol: number): void {
  const last = state.lossCurve[state.lossCurve.length - 1] as number;
  const best = state.bestLoss ?? Infinity;
  if (last > best - tol) state.noImprovementCount++;
  else state.noImprovementCount = 0;
  if (last < best) state.bestLoss = last;
}

/** The validation rule: no improvement unless score ≥ best + tol; returns whether this is the best score so far. */
function updateOnValidation(state: FitState, tol: number, validation: { x: Matrix; y: Matrix }, ctx: StochasticContext): boolean {
  const net = state.network;
  const score = ctx.score(validation.x, validation.y);
  (state.validationScores ??= []).push(score);
  ctx.log?.(`Validation score: ${score.toFixed(6)}`);
  // the validation loss curve: the data loss (1/N)·Σᵢ ℓᵢ on the held-out rows
  (state.validationLossCurve ??= []).push(net.model.evaluate(validation.x, validation.y, { loss: net.loss, batchSize: validation.x.rows }).dataCost);
  const best = state.bestValidationScore ?? -Infinity;
  if (score < best + tol) state.noImprovementCount++;
  else state.noImprovementCount = 0;
  if (score > best) {
    state.bestValidationScore = score;
    return true;
  }
  return false;
}

/**
 * Holds out ceil(fraction·n) rows (scikit-learn's train_test_split sizes), stratified when labels are given.
 * Rows keep their original order within each part.
 */
function validationSplit(x: Matrix, y: Matrix, fraction: number, rng: Rng, labels: Int32Array | null): { x: Matrix; y: Matrix; validation: { x: Matrix; y: Matrix } } {
  const n = x.rows;
  const nVal = Math.ceil(fraction * n);
  if (nVal < 1 || nVal >= n) {
    throw new RangeError(`earlyStopping: validationFraction ${fraction} of ${n} samples leaves ${nVal} for validation and ${n - nVal} for training; both must be ≥ 1`);
  }
  const split = trainTestSplit(labels ?? n, { testFraction: nVal / n, rng, stratify: labels !== null });
  return {
    x: takeMatrixRows(x, split.train),
    y: takeMatrixRows(y, split.train),
    validation: { x: takeMatrixRows(x, split.test), y: takeMatrixRows(y, split.test) },
  };
}
