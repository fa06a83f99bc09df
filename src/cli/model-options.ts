import { Option, type Command } from 'commander';
import {
  createOptimizer,
  Dense,
  Dropout,
  labelSmoothedCrossentropy,
  LOSS_NAMES,
  lossDescriptor,
  lossName,
  Model,
  OPTIMIZER_NAMES,
  optimizerDescriptor,
  type ActivationName,
  type AnyOptimizer,
  type BackendName,
  type DType,
  type Layer,
  type LossName,
  type OptimizerConfig,
  type OptimizerName,
  type ScheduleConfig,
  type ScheduleName,
} from '../index.js';
import type { Task } from '../data/index.js';
import { usageError } from './errors.js';
import * as parse from './parse.js';
import type { LayerSpec } from './parse.js';

/** Hidden layers when --layers is not given. */
export const DEFAULT_LAYERS = '32';

/** The architecture and optimizer options shared by train and gradcheck. */
export interface ModelOptionValues {
  layers: LayerSpec[];
  activation: ActivationName;
  loss?: string;
  optimizer: string;
  lr?: number;
  schedule?: Partial<ScheduleConfig> & { name: ScheduleName };
  l1: number;
  l2: number;
  dropout: number;
  seed: number;
  /** the optimizer's weight decay (AdamW: decoupled), when given */
  weightDecay?: number;
  /** classification: ε of label-smoothed cross-entropy (default 0) */
  labelSmoothing?: number;
}

/** `train`'s model options before its table defaults (src/cli/train-defaults.ts) fill the ones not given. */
export type TableModelOptionValues = Omit<ModelOptionValues, 'layers' | 'activation' | 'optimizer' | 'dropout'> &
  Partial<Pick<ModelOptionValues, 'layers' | 'activation' | 'optimizer' | 'dropout'>>;

/**
 * Adds --layers, --activation, --loss, --optimizer, --lr, --schedule, --l1, --l2, --dropout, --seed.
 * `defaults: 'table'` (train) leaves the architecture, optimizer, schedule and regularization
 * without a commander default, for the table defaults to fill, and adds --weight-decay and
 * --label-smoothing.
 */
export function addModelOptions(cmd: Command, defaults: 'plain' | 'table' = 'plain'): Command {
  const table = defaults === 'table';
  const layers = new Option('--layers <list>', `hidden layer sizes, e.g. 64,32 or 64:relu,32:tanh; "none" for no hidden layer${table ? ' (default: 128,128)' : ''}`).argParser(parse.layers);
  const activation = new Option('--activation <name>', `activation of hidden layers without their own${table ? ' (default: selu for classification, relu for regression)' : ''}`).argParser(parse.activation);
  const optimizer = new Option('--optimizer <name>', 'optimizer').choices([...OPTIMIZER_NAMES]);
  const dropout = new Option('--dropout <rate>', 'dropout rate after each hidden layer').argParser(parse.fraction);
  if (table) {
    optimizer.default(undefined, 'adamw');
    dropout.default(undefined, 'table default');
  } else {
    layers.default(parse.layers(DEFAULT_LAYERS), DEFAULT_LAYERS);
    activation.default('relu' as ActivationName);
    optimizer.default('adam');
    dropout.default(0);
  }
  cmd
    .addOption(layers)
    .addOption(activation)
    .addOption(new Option('--loss <name>', 'loss (default: cross-entropy for classification, mse for regression)').choices([...LOSS_NAMES, 'crossentropy']))
    .addOption(optimizer)
    .option('--lr <rate>', `learning rate (default: ${table ? '0.005 for adamw, ' : ''}0.01 for adam/adamw/rmsprop, 0.1 for sgd/adagrad)`, parse.positiveNumber)
    .option('--schedule <spec>', `learning-rate schedule NAME[:KEY=VALUE,…], e.g. step:stepSize=10,gamma=0.5${table ? ' (default: cosine)' : ''}`, parse.schedule)
    .option('--l1 <lambda>', 'L1 penalty on the weights', parse.nonNegativeNumber, 0)
    .option('--l2 <lambda>', 'L2 penalty on the weights', parse.nonNegativeNumber, 0)
    .addOption(dropout);
  if (table) {
    cmd
      .option('--weight-decay <lambda>', 'weight decay of the optimizer (adamw: decoupled, θ ← θ − η·λ·θ; default: table default for adamw)', parse.nonNegativeNumber)
      .option('--label-smoothing <epsilon>', 'classification: smooth the targets to (1 − ε)·one-hot + ε/classes (default: 0.1)', parse.fraction);
  }
  return cmd.option('--seed <n>', 'seed of every random choice (initialization, splits, shuffling, dropout)', parse.seed, 42);
}

/** Default learning rates of the CLI: larger than the library's for Adam, since tables are small. */
export function defaultLr(optimizer: string): number | undefined {
  switch (optimizer) {
    case 'adam':
    case 'adamw':
    case 'rmsprop':
      return 0.01;
    case 'sgd':
    case 'adagrad':
      return 0.1;
    default:
      return undefined; // lbfgs: line search
  }
}

/** The loss for a task, or the user's choice ("crossentropy" = the one that suits the labels). */
export function chooseLoss(task: Task, requested: string | undefined): LossName {
  if (requested === undefined || requested === 'crossentropy') {
    if (task === 'regression' && requested === 'crossentropy') throw usageError('--loss crossentropy needs a classification target; this task is regression');
    return task === 'classification' ? 'sparseCategoricalCrossentropy' : 'mse';
  }
  const loss = lossName(requested);
  if (task === 'classification' && loss !== 'sparseCategoricalCrossentropy' && loss !== 'categoricalCrossentropy') {
    throw usageError(`--loss ${requested} does not fit a classification target; use crossentropy (the default)`);
  }
  if (task === 'classification') return 'sparseCategoricalCrossentropy'; // targets are class indices
  if (lossDescriptor(loss).task === 'classification') {
    const regression = LOSS_NAMES.filter((name) => lossDescriptor(name).task === 'regression');
    throw usageError(`--loss ${requested} is for classification; this task is regression (use ${regression.join(', ')})`);
  }
  return loss;
}

/** What the network must output for the task. */
export interface OutputSpec {
  task: Task;
  /** number of classes (classification) */
  classes: number;
}

/** Builds the network: hidden Dense layers (each followed by Dropout when asked), then the output layer. */
export function buildModel(
  inputs: number,
  output: OutputSpec,
  o: ModelOptionValues,
  extra: { backend?: BackendName; dtype?: DType } = {},
): Model {
  const layers: Layer[] = [];
  for (const spec of o.layers) {
    layers.push(new Dense({ units: spec.units, activation: spec.activation ?? o.activation, l1: o.l1, l2: o.l2 }));
    if (o.dropout > 0) layers.push(new Dropout({ rate: o.dropout }));
  }
  const classification = output.task === 'classification';
  layers.push(new Dense({ units: classification ? output.classes : 1, activation: classification ? 'softmax' : 'identity', l1: o.l1, l2: o.l2 }));
  const loss = chooseLoss(output.task, o.loss);
  const smoothing = o.labelSmoothing ?? 0;
  if (smoothing > 0 && !classification) throw usageError('--label-smoothing is for classification; this task is regression');
  return new Model({
    inputs,
    layers,
    seed: o.seed,
    loss: smoothing > 0 ? labelSmoothedCrossentropy(smoothing) : loss,
    ...(extra.backend === undefined ? {} : { backend: extra.backend }),
    ...(extra.dtype === undefined ? {} : { dtype: extra.dtype }),
  });
}

/** The optimizer named by --optimizer, with --lr (or the CLI default) and --schedule; options it does not take are refused. */
export function buildOptimizer(o: ModelOptionValues, stepsPerEpoch: number, epochs: number): AnyOptimizer {
  const descriptor = optimizerDescriptor(o.optimizer);
  const config: Record<string, unknown> = { name: descriptor.name };
  if (o.weightDecay !== undefined) {
    if (!('weightDecay' in descriptor.options)) throw usageError(`--weight-decay does not apply to ${descriptor.name}; use --l2`);
    config.weightDecay = o.weightDecay;
  }
  if (descriptor.defaultLr === undefined) {
    if (o.schedule !== undefined || o.lr !== undefined) throw usageError(`${descriptor.name} chooses its steps itself (line search): --lr and --schedule do not apply to it`);
    return createOptimizer(config as Partial<OptimizerConfig> & { name: OptimizerName });
  }
  const lr = o.lr ?? defaultLr(o.optimizer);
  if (lr !== undefined) config.lr = lr;
  if (o.schedule !== undefined) {
    const s: Record<string, unknown> = { ...o.schedule };
    // a cosine schedule spans the whole run unless told otherwise
    if (s.name === 'cosine' && s.totalSteps === undefined) s.totalSteps = Math.max(1, stepsPerEpoch * epochs);
    config.schedule = s;
  }
  return createOptimizer(config as Partial<OptimizerConfig> & { name: OptimizerName });
}
