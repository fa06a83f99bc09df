import { ConfigError, ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { NotFittedError } from './errors.js';
import { toFeatures, type Features } from './inputs.js';
import { fitLbfgs } from './lbfgs-solver.js';
import { Network } from './network.js';
import { copyParams, defaultParams, randomStateRng, resolveParams, type MLPOptions, type MLPParams } from './params.js';
import type { OutActivation } from './sklearn-losses.js';
import type { FitState } from './state.js';
import { fitStochastic } from './stochastic.js';
import { estimatorToJSON, type EstimatorType, type SavedLabels } from './serialize.js';
import type { ModelDocument } from '../io/model-format.js';

/** Targets after the subclass has encoded them for the network. */
export interface EncodedTargets {
  /** n × n_outputs, the network's targets */
  y: Matrix;
  outActivation: OutActivation;
}

/**
 * What MLPClassifier and MLPRegressor share (scikit-learn's BaseMultilayerPerceptron): parameters,
 * the fit / partialFit flow (first pass, warm start, incremental), the two solvers, prediction
 * through the network and the fitted attributes.
 */
export abstract class BaseMLP {
  /** Where verbose messages go (only when `verbose` is set); replace it to capture them. */
  logger: (line: string) => void = (line) => console.log(line);
  protected params: MLPParams;
  protected fitted: FitState | null = null;

  protected constructor(options: MLPOptions) {
    this.params = resolveParams(this.constructor.name, defaultParams(), options);
  }

  /** The estimator's parameters (a copy). */
  getParams(): MLPParams {
    return copyParams(this.params);
  }

  /** Changes parameters (validated, the bad value named); the fitted state is kept, as in scikit-learn. */
  setParams(options: MLPOptions): this {
    this.params = resolveParams(this.constructor.name, this.params, options);
    return this;
  }

  /** Name used in messages. */
  protected get owner(): string {
    return this.constructor.name;
  }

  // ---- fitted attributes (scikit-learn's trailing-underscore names, camelCase) ----

  /** coefs_: the weight matrix of each layer, fan_in × fan_out (a copy); assignable, with the same shapes. */
  get coefs(): number[][][] {
    return this.state().network.getCoefs();
  }

  set coefs(values: number[][][]) {
    this.state().network.setCoefs(values);
  }

  /** intercepts_: the bias vector of each layer (a copy); assignable. */
  get intercepts(): number[][] {
    return this.state().network.getIntercepts();
  }

  set intercepts(values: number[][]) {
    this.state().network.setIntercepts(values);
  }

  /** loss_: the last epoch's training loss (sgd, adam) or the final loss (lbfgs). */
  get loss(): number {
    return this.state().loss;
  }

  /** best_loss_: the lowest training loss (sgd, adam without early stopping), else null. */
  get bestLoss(): number | null {
    return this.state().bestLoss;
  }

  /** loss_curve_: the loss of every epoch (sgd, adam); for lbfgs (which scikit-learn leaves without one), the cost after every iteration. */
  get lossCurve(): number[] {
    return [...this.state().lossCurve];
  }

  /** validation_scores_: the held-out score after every epoch (early stopping), else null. */
  get validationScores(): number[] | null {
    const v = this.state().validationScores;
    return v === null ? null : [...v];
  }

  /** best_validation_score_ (early stopping), else null. */
  get bestValidationScore(): number | null {
    return this.state().bestValidationScore;
  }

  /** Not in scikit-learn: the data loss (1/n)·Σᵢ ℓᵢ on the held-out rows after every epoch (early stopping), else null. */
  get validationLossCurve(): number[] | null {
    const v = this.state().validationLossCurve;
    return v === null ? null : [...v];
  }

  /** n_iter_: epochs (sgd, adam; cumulative over warm starts) or iterations of the last lbfgs run. */
  get nIter(): number {
    return this.state().nIter;
  }

  /** t_: training samples seen by the stochastic solvers. */
  get t(): number {
    return this.state().t;
  }

  /** n_layers_: input, hidden and output layers. */
  get nLayers(): number {
    return this.state().network.layerUnits.length;
  }

  /** n_outputs_ */
  get nOutputs(): number {
    const u = this.state().network.layerUnits;
    return u[u.length - 1] as number;
  }

  /** n_features_in_ */
  get nFeaturesIn(): number {
    return this.state().nFeatures;
  }

  /** out_activation_: 'softmax', 'logistic' or 'identity'. */
  get outActivation(): OutActivation {
    return this.state().network.outActivation;
  }

  // ---- fitting ----

  /**
   * Sets up the output layer and fresh initial weights for (x, y), without training: what `fit`
   * does first. Not in scikit-learn's public API; useful to inspect or replace the initial weights
   * (assign `coefs` / `intercepts`) before a `warmStart` fit.
   */
  protected initializeFor(x: Features, encode: (rows: number) => EncodedTargets): this {
    const xm = toFeatures(this.owner, x);
    const { y, outActivation } = encode(xm.rows);
    this.fitted = this.freshState(xm.cols, y.cols, outActivation, randomStateRng(this.params.randomState));
    return this;
  }

  /**
   * scikit-learn's `_fit`: (re)initializes on a first pass (no previous fit, or neither warm start
   * nor incremental), then runs the solver.
   * @param encode turns y into the network's targets; `firstPass` says whether the labels may be re-learned
   */
  protected fitInternal(x: Features, encode: (rows: number, firstPass: boolean) => EncodedTargets, incremental: boolean): this {
    const p = this.params;
    const firstPass = this.fitted === null || (!p.warmStart && !incremental);
    const xm = toFeatures(this.owner, x, firstPass ? null : (this.fitted as FitState).nFeatures);
    const { y, outActivation } = encode(xm.rows, firstPass);
    const rng = randomStateRng(p.randomState);
    if (firstPass) this.fitted = this.freshState(xm.cols, y.cols, outActivation, rng);
    const state = this.fitted as FitState;
    this.checkArchitecture(state, xm.cols, y.cols);
    if (p.solver === 'lbfgs') {
      if (incremental) throw new ConfigError(`${this.owner}: partialFit is only available for stochastic solvers (sgd, adam); solver is 'lbfgs'`);
      fitLbfgs(state, p, xm, y);
    } else {
      const log = p.verbose === false || p.verbose === 0 ? null : this.logger;
      fitStochastic(state, p, xm, y, incremental, rng, { score: (xv, yv) => this.scoreEncoded(xv, yv), stratifyBy: (ye) => this.stratifyBy(ye), log });
    }
    for (const param of state.network.model.parameters()) {
      for (const v of param.value.data) {
        if (!Number.isFinite(v)) {
          throw new RangeError(`${this.owner}: the solver produced non-finite weights (${param.name}); the input data may contain large values and need to be scaled`);
        }
      }
    }
    return this;
  }

  /** The early-stopping score on encoded targets: accuracy or R². */
  protected abstract scoreEncoded(x: Matrix, y: Matrix): number;

  /** Labels to stratify the early-stopping split by, or null. */
  protected abstract stratifyBy(y: Matrix): Int32Array | null;

  /** The network's output for every row of x (probabilities for a classifier). */
  protected forward(x: Features): Matrix {
    const state = this.state();
    return state.network.predict(toFeatures(this.owner, x, state.nFeatures));
  }

  /**
   * The fitted estimator as an mlpkit model document (docs/model-format.md): its network, with the
   * estimator's kind, parameters, classes and fitted attributes under `metadata.estimator`.
   * `JSON.stringify` it to save; `MLPClassifier.fromJSON` / `MLPRegressor.fromJSON` load it back.
   */
  toJSON(): ModelDocument {
    return estimatorToJSON(this.owner as EstimatorType, this.params, this.state(), this.savedLabels());
  }

  /** The classifier's labels for toJSON (null for a regressor). */
  protected savedLabels(): SavedLabels | null {
    return null;
  }

  /** Puts a loaded fitted state in place (fromJSON). */
  protected restoreState(state: FitState): void {
    this.fitted = state;
  }

  protected state(): FitState {
    if (this.fitted === null) throw new NotFittedError(`This ${this.owner} instance is not fitted yet; call fit first`);
    return this.fitted;
  }

  private freshState(nFeatures: number, nOutputs: number, outActivation: OutActivation, rng: Rng): FitState {
    const p = this.params;
    const network = new Network([nFeatures, ...p.hiddenLayerSizes, nOutputs], p.activation, outActivation, p.dtype);
    network.initialize(rng);
    const stochastic = p.solver !== 'lbfgs';
    return {
      network,
      nFeatures,
      nIter: 0,
      t: 0,
      loss: Number.NaN,
      bestLoss: stochastic && !p.earlyStopping ? Infinity : null,
      lossCurve: [],
      validationScores: stochastic && p.earlyStopping ? [] : null,
      validationLossCurve: stochastic && p.earlyStopping ? [] : null,
      bestValidationScore: null,
      bestWeights: null,
      noImprovementCount: 0,
      optimizer: null,
    };
  }

  /** A warm start or partialFit must see the network it continues. */
  private checkArchitecture(state: FitState, nFeatures: number, nOutputs: number): void {
    const want = [nFeatures, ...this.params.hiddenLayerSizes, nOutputs];
    const have = state.network.layerUnits;
    if (want.length !== have.length || want.some((u, i) => u !== have[i])) {
      throw new ShapeError(`${this.owner}: cannot continue training a ${have.join('-')} network as ${want.join('-')}; set warmStart false to start afresh`);
    }
    if (this.params.dtype !== state.network.model.dtype) {
      throw new ConfigError(`${this.owner}: cannot continue training with dtype '${this.params.dtype}', the network was built with '${state.network.model.dtype}'`);
    }
    if (this.params.activation !== state.network.activation) {
      throw new ConfigError(`${this.owner}: cannot continue training with activation '${this.params.activation}', the network was built with '${state.network.activation}'`);
    }
  }
}
