import { Option, type Command } from 'commander';
import {
  createOptimizer,
  Dense,
  Dropout,
  LOSS_NAMES,
  lossName,
  Model,
  OPTIMIZER_NAMES,
  type ActivationName,
  type AnyOptimizer,
  type BackendName,
  type DType,
  type Layer,
  type LossName,
  type OptimizerConfig,
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
}

/** Adds --layers, --activation, --loss, --optimizer, --lr, --schedule, --l1, --l2, --dropout, --seed. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--layers <list>', 'hidden layer sizes, e.g. 64,32 or 64:relu,32:tanh; "none" for no hidden layer')
        .argParser(parse.layers)
        .default(parse.layers(DEFAULT_LAYERS), DEFAULT_LAYERS),
    )
    .option('--activation <name>', 'activation of hidden layers without their own', parse.activation, 'relu' as ActivationName)
    .addOption(new Option('--loss <name>', 'loss (default: cross-entropy for classification, mse for regression)').choices([...LOSS_NAMES, 'crossentropy']))
    .addOption(new Option('--optimizer <name>', 'optimizer').choices([...OPTIMIZER_NAMES]).default('adam'))
    .option('--lr <rate>', 'learning rate (default: 0.01 for adam/adamw/rmsprop, 0.1 for sgd/adagrad)', parse.positiveNumber)
    .option('--schedule <spec>', 'learning-rate schedule NAME[:KEY=VALUE,…], e.g. step:stepSize=10,gamma=0.5', parse.schedule)
    .option('--l1 <lambda>', 'L1 penalty on the weights', parse.nonNegativeNumber, 0)
    .option('--l2 <lambda>', 'L2 penalty on the weights', parse.nonNegativeNumber, 0)
    .option('--dropout <rate>', 'dropout rate after each hidden layer', parse.fraction, 0)
    .option('--seed <n>', 'seed of every random choice (initialization, splits, shuffling, dropout)', parse.seed, 42);
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
  if (loss === 'binaryCrossentropy' || loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') {
    throw usageError(`--loss ${requested} is for classification; this task is regression (use mse, mae, huber or sse)`);
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
  return new Model({
    inputs,
    layers,
    seed: o.seed,
    loss: chooseLoss(output.task, o.loss),
    ...(extra.backend === undefined ? {} : { backend: extra.backend }),
    ...(extra.dtype === undefined ? {} : { dtype: extra.dtype }),
  });
}

/** The optimizer named by --optimizer, with --lr (or the CLI default) and --schedule. */
export function buildOptimizer(o: ModelOptionValues, stepsPerEpoch: number, epochs: number): AnyOptimizer {
  const lr = o.lr ?? defaultLr(o.optimizer);
  const config: Record<string, unknown> = { name: o.optimizer };
  if (o.optimizer !== 'lbfgs') {
    if (lr !== undefined) config.lr = lr;
    if (o.schedule !== undefined) {
      const s: Record<string, unknown> = { ...o.schedule };
      // a cosine schedule spans the whole run unless told otherwise
      if (s.name === 'cosine' && s.totalSteps === undefined) s.totalSteps = Math.max(1, stepsPerEpoch * epochs);
      config.schedule = s;
    }
  } else if (o.schedule !== undefined || o.lr !== undefined) {
    throw usageError('lbfgs chooses its steps by line search: --lr and --schedule do not apply to it');
  }
  return createOptimizer(config as Partial<OptimizerConfig> & { name: string });
}
