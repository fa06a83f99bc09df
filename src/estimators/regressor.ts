import type { Matrix, MatrixLike } from '../core/matrix.js';
import { BaseMLP } from './base.js';
import { toRegressionTargets, type Features } from './inputs.js';
import { r2 } from './metrics.js';
import type { MLPOptions } from './params.js';
import { estimatorFromJSON } from './serialize.js';

/** Regression targets: one number per row, or one row of numbers per sample (multi-output). */
export type RegressionTargets = ArrayLike<number> | MatrixLike;

/**
 * Multi-layer perceptron regressor, scikit-learn's `MLPRegressor`: identity outputs and the
 * squared error ½·mean((y − ŷ)²), one output per target column.
 */
export class MLPRegressor extends BaseMLP {
  constructor(options: MLPOptions = {}) {
    super(options);
  }

  /**
   * An MLPRegressor saved with `toJSON()` (text or parsed JSON), fitted as it was: the document is
   * validated whole, and must hold an MLPRegressor. Throws ModelFormatError naming the problem.
   */
  static fromJSON(source: unknown): MLPRegressor {
    const { params, state } = estimatorFromJSON('MLPRegressor', source);
    const reg = new MLPRegressor(params);
    reg.restoreState(state);
    return reg;
  }

  /** Trains on (x, y) from fresh weights, or from the current ones with `warmStart`. */
  fit(x: Features, y: RegressionTargets): this {
    return this.fitInternal(x, (rows) => ({ y: toRegressionTargets(this.owner, y, rows), outActivation: 'identity' }), false);
  }

  /** One epoch over (x, y) with the current weights and optimizer state (sgd, adam). */
  partialFit(x: Features, y: RegressionTargets): this {
    return this.fitInternal(x, (rows) => ({ y: toRegressionTargets(this.owner, y, rows), outActivation: 'identity' }), true);
  }

  /** Sets up the output layer and fresh initial weights without training (see MLPClassifier.initialize). */
  initialize(x: Features, y: RegressionTargets): this {
    return this.initializeFor(x, (rows) => ({ y: toRegressionTargets(this.owner, y, rows), outActivation: 'identity' }));
  }

  /** Predictions: one number per row for a single output, else one row per sample. */
  predict(x: Features): number[] | number[][] {
    const out = this.forward(x);
    return out.cols === 1 ? Array.from(out.data) : out.toArray();
  }

  /** R² of the predictions, averaged over outputs. */
  score(x: Features, y: RegressionTargets): number {
    const out = this.forward(x);
    return r2(toRegressionTargets(this.owner, y, out.rows), out);
  }

  protected scoreEncoded(x: Matrix, y: Matrix): number {
    return r2(y, this.state().network.predict(x));
  }

  protected stratifyBy(_y: Matrix): Int32Array | null {
    return null;
  }
}
