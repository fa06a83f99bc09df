/**
 * mlpkit: multi-layer perceptrons for TypeScript.
 * The public API, from one entry point. Browser-safe: nothing here touches the file system.
 */
export { Matrix, toMatrix, toTargetMatrix } from './core/matrix.js';
export type { DType, FloatArray, MatrixLike, TargetLike } from './core/matrix.js';
export { Rng } from './core/rng.js';
export { MlpkitError, ShapeError, ConfigError, ModelFormatError, DivergenceError, setWarningHandler } from './core/errors.js';
export type { MlpkitErrorCode, WarningHandler } from './core/errors.js';

export type { Backend, GemmOptions, SgdUpdate, AdamUpdate, RmspropUpdate, AdagradUpdate, SideTask } from './backend/backend.js';
export { ReferenceBackend } from './backend/reference.js';
export { registerBackend, resolveBackend, referenceBackend } from './backend/registry.js';
export type { BackendName } from './backend/registry.js';
export { initWasmBackend, WasmBackend } from './backend/wasm/index.js';
export type { WasmBackendOptions } from './backend/wasm/index.js';

export { ACTIVATION_NAMES, activationDescriptor, activationName, getActivation, sigmoid } from './nn/activations.js';
export type { Activation, ActivationAlias, ActivationName, ActivationSpec, AlphaActivationName, ElementwiseActivation, RowwiseActivation } from './nn/activations.js';
export { ACTIVATION_DESCRIPTORS } from './nn/activation-registry.js';
export type { ActivationDescriptor, ActivationGraph, ElementwiseDescriptor, OnnxAttribute, OnnxMapping, RowwiseDescriptor, StandaloneHelper, TorchMapping } from './nn/activation-descriptor.js';
export { LOSS_NAMES, lossDescriptor, lossName, getLoss, defaultLossFor, pairingWarning, labelSmoothedCrossentropy } from './nn/losses.js';
export type { Loss, LossName, LossSpec, LossWithOptions } from './nn/losses.js';
export { LOSS_DESCRIPTORS } from './nn/loss-registry.js';
export type { LossDescriptor, PlaygroundTask } from './nn/loss-descriptor.js';
export { resolveOptions } from './core/options.js';
export type { BooleanOption, NumberOption, OptionInput, OptionSpec, OptionSpecs, OptionValue, OptionValues } from './core/options.js';
export { INITIALIZER_NAMES } from './nn/initializers.js';
export type { InitializerName, InitializerSpec } from './nn/initializers.js';
export { Dense } from './nn/dense.js';
export { Dropout } from './nn/dropout.js';
export type { DenseOptions, DropoutOptions, LayerConfig, DenseConfig, DropoutConfig } from './nn/layer-config.js';
export type { Layer, BuildContext } from './nn/layer.js';
export type { Param } from './nn/param.js';
export type { CostResult } from './nn/cost.js';
export { Model, argmaxRows } from './nn/model.js';
export type { ModelOptions, Gradients, LayerGradients } from './nn/model.js';
export type { ModelSummary, SummaryRow } from './nn/summary.js';

export { Optimizer } from './optim/optimizer.js';
export type { OptimizerConfig, OptimizerName, OptimizerOptions, OptimizerState, Trainable } from './optim/optimizer.js';
export { SGD, SGD_OPTIONS } from './optim/sgd.js';
export type { SgdOptions } from './optim/sgd.js';
export { Adam, AdamW, ADAM_OPTIONS, ADAMW_OPTIONS } from './optim/adam.js';
export type { AdamOptions } from './optim/adam.js';
export { RMSprop, RMSPROP_OPTIONS } from './optim/rmsprop.js';
export type { RmspropOptions } from './optim/rmsprop.js';
export { Adagrad, ADAGRAD_OPTIONS } from './optim/adagrad.js';
export type { AdagradOptions } from './optim/adagrad.js';
export { LBFGS, LBFGS_OPTIONS, flattenValues, flattenGrads, unflattenValues } from './optim/lbfgs.js';
export type { LbfgsOptions, LbfgsIteration, CostAndGradient } from './optim/lbfgs.js';
export { createOptimizer, OPTIMIZER_NAMES } from './optim/create.js';
export type { AnyOptimizer, OptimizerDescriptor } from './optim/descriptor.js';
export { OPTIMIZER_DESCRIPTORS, optimizerDescriptor } from './optim/registry.js';
export { createSchedule, SCHEDULE_NAMES } from './optim/schedules.js';
export type { Schedule, ScheduleConfig, ScheduleName } from './optim/schedules.js';

export { fit, fitAsync, TrainingDivergedError } from './train/fit.js';
export type { FitOptions, FitAsyncOptions, FitCallbacks, EpochLog, BatchLog, History } from './train/fit.js';
export type { EarlyStoppingOptions } from './train/early-stopping.js';
export { Trainer } from './train/trainer.js';
export type { TrainerOptions, TrainerStep, EpochCost, ExtraPenalty } from './train/trainer.js';
export type { Solver, StepProblem, StepOutcome } from './train/solver.js';
export { fitStream, evaluateStream } from './train/fit-stream.js';
export type { Batch, BatchSource, FitStreamOptions } from './train/fit-stream.js';
export { evaluate, taskOf, defaultMetrics } from './train/evaluate.js';
export type { Evaluation, EvaluateOptions } from './train/evaluate.js';
export {
  METRIC_NAMES,
  accuracy,
  confusionMatrix,
  classificationReport,
  reportFromConfusion,
  meanSquaredError,
  meanAbsoluteError,
  r2Score,
  regressionReport,
  MetricAccumulator,
} from './train/metrics.js';
export type { MetricName, TaskKind, ClassificationReport, RegressionReport } from './train/metrics.js';
export { gradCheck } from './train/gradcheck.js';
export type { GradCheckOptions, GradCheckResult, TensorCheck } from './train/gradcheck.js';

export { modelToJSON, serializeModel, loadModel, validateDocument, MODEL_FORMAT, MODEL_FORMAT_VERSION } from './io/model-format.js';
export type { ModelDocument, SaveOptions, LoadedModel } from './io/model-format.js';

export { explainStep } from './explain/trace.js';
export type { StepTrace, ForwardStage, DropoutStage, LossStage, BackwardStage, UpdateStage, LossAfter, ExplainOptions } from './explain/trace.js';

// the data layer (browser-safe part; file reading lives in the 'mlpkit/node' entry)
export {
  DataError,
  makeTable,
  tableFromArrays,
  columnNames,
  getColumn,
  findColumn,
  selectRows,
  parseCsv,
  inferTask,
  profileColumn,
  Preprocessor,
  parsePreprocessorState,
  IMPUTE_STRATEGIES,
  trainTestSplit,
  takeRows,
  SYNTHETIC_CLASSIFICATION,
  SYNTHETIC_REGRESSION,
  SYNTHETIC_GENERATORS,
  circle,
  gauss,
  spiral,
  xor,
  plane,
  bumps,
} from './data/index.js';
export type {
  Table,
  Column,
  NumericColumn,
  TextColumn,
  Task,
  ColumnProfile,
  Encoded,
  TransformOptions,
  FitOptions as PreprocessorFitOptions,
  PreprocessorState,
  FeatureSpec,
  NumericFeature,
  CategoricalFeature,
  DroppedColumn,
  TargetSpec,
  ClassTarget,
  RegressionTarget,
  DeclaredType,
  ParseCsvOptions,
  ColumnInput,
  ImputeStrategy,
  Split,
  SplitOptions,
  SyntheticName,
  SyntheticOptions,
} from './data/index.js';

// scikit-learn-style estimators
export { MLPClassifier, MLPRegressor, BaseMLP, NotFittedError, defaultParams, SklearnSGD, SklearnAdam } from './estimators/index.js';
export type {
  MLPParams,
  MLPOptions,
  MLPActivation,
  MLPSolver,
  MLPLearningRate,
  Label,
  ClassTargets,
  ClassPredictions,
  RegressionTargets,
  Features,
  OutActivation,
  SklearnOptimizer,
  SklearnSgdOptions,
  SklearnAdamOptions,
} from './estimators/index.js';

// exports to other ecosystems (ONNX, a standalone ES module, safetensors) and safetensors import
export {
  toOnnx,
  toStandaloneModule,
  toSafetensors,
  fromSafetensors,
  architectureOfModel,
  encodeSafetensors,
  decodeSafetensors,
  architectureOf,
  sequentialOf,
  ONNX_MIN_OPSET,
  ONNX_MAX_OPSET,
  SAFETENSORS_FORMAT,
} from './io/export/index.js';
export type {
  OnnxExportOptions,
  StandaloneOptions,
  ToSafetensorsOptions,
  FromSafetensorsOptions,
  SafetensorsDType,
  SafetensorsFile,
  TensorEntry,
  TensorToWrite,
  ArchitectureLayer,
  SequentialArchitecture,
  TorchActivationType,
  TorchModule,
  LinearSlot,
} from './io/export/index.js';

// good default training on a table (CLI train/cv/tune and the playground share it; docs/quality.md)
export {
  defaultSettings,
  linearSettings,
  tablePreprocessing,
  TABLE_PREPROCESSING,
  buildNetwork,
  trainNetwork,
  mergeEnsemble,
  keepBestEpoch,
  kFolds,
  trainLinear,
  trivialPrediction,
} from './auto/index.js';
export type { DataShape, TrainSettings, TrainNetworkOptions, TrainedNetwork, KeptEpoch, Fold } from './auto/index.js';
