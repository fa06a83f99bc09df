import type { Network } from './network.js';
import type { SklearnOptimizer } from './sklearn-optimizers.js';

/** What `fit` learns and keeps between calls (warm start, partialFit); scikit-learn's trailing-underscore attributes. */
export interface FitState {
  network: Network;
  /** n_features_in_ */
  nFeatures: number;
  /** epochs (sgd, adam) or iterations (lbfgs) run; cumulative over warm-started and partial fits */
  nIter: number;
  /** training samples seen by the stochastic solvers */
  t: number;
  /** the last epoch's loss (sgd, adam) or the final loss (lbfgs) */
  loss: number;
  /** lowest training loss so far (sgd, adam without early stopping), else null */
  bestLoss: number | null;
  /** the loss of every epoch (sgd, adam) or iteration (lbfgs) */
  lossCurve: number[];
  /** validation score of every epoch (early stopping), else null */
  validationScores: number[] | null;
  /** data loss on the validation part after every epoch (early stopping), else null */
  validationLossCurve: number[] | null;
  bestValidationScore: number | null;
  /** the weights of the best validation score (early stopping) */
  bestWeights: Float64Array[] | null;
  /** epochs in a row without an improvement of tol */
  noImprovementCount: number;
  /** the stochastic optimizer, kept for partialFit */
  optimizer: SklearnOptimizer | null;
}
