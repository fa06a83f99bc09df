import { Dense, Dropout, Model, createOptimizer, type ActivationName, type Layer, type Optimizer, type OptimizerConfig, type ScheduleConfig } from '../../src/index.js';
import type { Task } from './dataset.js';
import type { PlaygroundState } from './state.js';

/** The output layer and loss that fit a task, after the user's choices ('auto' = the usual pair). */
export interface OutputChoice {
  units: number;
  activation: string;
  loss: string;
}

/** Output activations and losses offered per task; the first of each is the default. */
export const OUTPUTS_FOR: Readonly<Record<Task, { activations: readonly string[]; losses: readonly string[] }>> = {
  binary: { activations: ['sigmoid'], losses: ['binaryCrossentropy', 'mse'] },
  multiclass: { activations: ['softmax'], losses: ['sparseCategoricalCrossentropy'] },
  regression: { activations: ['identity', 'tanh'], losses: ['mse', 'mae', 'huber'] },
};

export function outputChoice(state: Readonly<PlaygroundState>, task: Task, classes: number): OutputChoice {
  const offer = OUTPUTS_FOR[task];
  const activation = offer.activations.includes(state.outputActivation) ? state.outputActivation : (offer.activations[0] as string);
  const loss = offer.losses.includes(state.loss) ? state.loss : (offer.losses[0] as string);
  return { units: task === 'multiclass' ? classes : 1, activation, loss };
}

/**
 * The model the state describes: one input per switched-on feature, the hidden layers (each optionally followed by
 * Dropout), the output layer; L1/L2 on every Dense layer; seeded by `state.seed`; float32 on the
 * reference backend (the same numbers in the page and in Node).
 */
export function buildModel(state: Readonly<PlaygroundState>, output: OutputChoice): Model {
  const layers: Layer[] = [];
  for (const spec of state.layers) {
    layers.push(new Dense({ units: spec.units, activation: spec.activation, l1: state.l1, l2: state.l2 }));
    if (spec.dropout > 0) layers.push(new Dropout({ rate: spec.dropout }));
  }
  layers.push(new Dense({ units: output.units, activation: output.activation as ActivationName, l1: state.l1, l2: state.l2 }));
  return new Model({ inputs: state.features.length, layers, seed: state.seed, loss: output.loss, backend: 'reference', dtype: 'float32' });
}

/** The learning-rate schedule of the state. */
export function scheduleConfig(state: Readonly<PlaygroundState>): ScheduleConfig {
  switch (state.schedule) {
    case 'constant':
      return { name: 'constant' };
    case 'step':
      return { name: 'step', stepSize: state.stepSize, gamma: Math.min(state.gamma, 0.999) };
    case 'exponential':
      return { name: 'exponential', gamma: state.gamma };
    case 'inverseScaling':
      return { name: 'inverseScaling', powerT: 0.5 };
    case 'cosine':
      return { name: 'cosine', warmupSteps: 0, totalSteps: state.totalSteps, minLr: 0 };
  }
}

/** The optimizer's config: name, η, schedule and the settings the editor exposes. */
export function optimizerConfig(state: Readonly<PlaygroundState>): Partial<OptimizerConfig> & { name: string } {
  const base = { lr: state.lr, schedule: scheduleConfig(state) };
  switch (state.optimizer) {
    case 'sgd':
      return { name: 'sgd', ...base, momentum: state.momentum };
    case 'adam':
    case 'adamw':
      return { name: state.optimizer, ...base, beta1: state.beta1, beta2: state.beta2 };
    case 'rmsprop':
      return { name: 'rmsprop', ...base, momentum: state.momentum };
    case 'adagrad':
      return { name: 'adagrad', ...base };
  }
}

export function buildOptimizer(state: Readonly<PlaygroundState>): Optimizer {
  return createOptimizer(optimizerConfig(state)) as Optimizer;
}
