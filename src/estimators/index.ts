/** scikit-learn-style estimators on top of the engine (docs/estimators.md). */
export { MLPClassifier } from './classifier.js';
export type { ClassPredictions } from './classifier.js';
export { MLPRegressor } from './regressor.js';
export type { RegressionTargets } from './regressor.js';
export { BaseMLP } from './base.js';
export { NotFittedError } from './errors.js';
export { defaultParams } from './params.js';
export type { MLPParams, MLPOptions, MLPActivation, MLPSolver, MLPLearningRate } from './params.js';
export type { Label, ClassTargets } from './labels.js';
export type { Features } from './inputs.js';
export type { OutActivation } from './sklearn-losses.js';
export { SklearnSGD, SklearnAdam } from './sklearn-optimizers.js';
export type { SklearnOptimizer, SklearnSgdOptions, SklearnAdamOptions } from './sklearn-optimizers.js';
