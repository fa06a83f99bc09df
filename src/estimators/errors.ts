import { MlpkitError } from '../core/errors.js';

/** A method that needs a fitted estimator was called before `fit` (scikit-learn's NotFittedError). */
export class NotFittedError extends MlpkitError {
  override readonly code = 'ERR_NOT_FITTED';
}
