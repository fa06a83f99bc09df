import { Dense, Dropout, Model, createOptimizer, lossName, type ActivationName, type Layer, type Optimizer, type OptimizerConfig, type OptimizerName, type ScheduleConfig } from '../../src/index.js';
import { LOSS_DESCRIPTORS } from '../../src/nn/loss-registry.js';
import { optimizerDescriptor } from '../../src/optim/registry.js';
import type { Task } from './dataset.js';
import type { PlaygroundState } from './state.js';

/** The output layer and loss that fit a task, after the user's choices ('auto' = the usual pair). */
export interface OutputChoice {
  units: number;
  activation: string;
  loss: string;
}

/** The losses offered for a task, in their descriptors' rank order (the first is the default). */
function lossesFor(task: Task): string[] {
  const ranked = LOSS_DESCRIPTORS.flatMap((d): [number, string][] => {
    const rank = 'playground' in d ? (d.playground as Partial<Record<Task, number>>)[task] : undefined;
    return rank === undefined ? [] : [[rank, d.name]];
  });
  return ranked.sort((a, b) => a[0] - b[0]).map(([, name]) => name);
}

/** Output activations and losses offered per task; the first of each is the default. */
export const OUTPUTS_FOR: Readonly<Record<Task, { activations: readonly string[]; losses: readonly string[] }>> = {
  binary: { activations: ['sigmoid'], losses: lossesFor('binary') },
  multiclass: { activations: ['softmax'], losses: lossesFor('multiclass') },
  regression: { activations: ['identity', 'tanh'], losses: lossesFor('regression') },
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
  return new Model({ inputs: state.features.length, layers, seed: state.seed, loss: lossName(output.loss), backend: 'reference', dtype: 'float32' });
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

/** The editor's optimizer settings, each passed to the optimizers that declare it. */
const EDITOR_SETTINGS = ['momentum', 'beta1', 'beta2'] as const;

/** Whether the state's optimizer takes an option (its descriptor declares it). */
export function optimizerTakes(optimizer: PlaygroundState['optimizer'], option: string): boolean {
  return option in optimizerDescriptor(optimizer).options;
}

/** The optimizer's config: name, η, schedule and the settings the editor exposes that it takes. */
export function optimizerConfig(state: Readonly<PlaygroundState>): Partial<OptimizerConfig> & { name: OptimizerName } {
  const settings = Object.fromEntries(EDITOR_SETTINGS.filter((k) => optimizerTakes(state.optimizer, k)).map((k) => [k, state[k]]));
  return { name: state.optimizer, lr: state.lr, schedule: scheduleConfig(state), ...settings } as Partial<OptimizerConfig> & { name: OptimizerName };
}

export function buildOptimizer(state: Readonly<PlaygroundState>): Optimizer {
  return createOptimizer(optimizerConfig(state)) as Optimizer;
}
