import type { Model, Optimizer } from '../../src/index.js';
import { buildModel, buildOptimizer, outputChoice } from './network.js';
import type { PlaygroundState } from './state.js';
import { Trainer } from './trainer.js';

/**
 * The optimizer a new state describes, carrying the old one's state over: the step count and
 * epoch always (schedules go on from there); the schedule's own state when the schedule is the
 * same; momentum, moments or accumulators when the kind is the same (another kind starts its own
 * afresh at the next step).
 */
export function carriedOptimizer(old: Optimizer, state: Readonly<PlaygroundState>, from: Model, to: Model = from): Optimizer {
  const next = buildOptimizer(state);
  const before = old.getState(from);
  const sameKind = old.name === next.name;
  const sameSchedule = old.schedule.config.name === next.schedule.config.name;
  next.setState(to, {
    iterations: before.iterations,
    epoch: before.epoch,
    schedule: sameSchedule ? before.schedule : next.schedule.getState(),
    slots: sameKind ? before.slots : before.slots.map(() => []),
  });
  return next;
}

/**
 * The trainer that continues `t` with the optimizer settings of `state` (η, schedule, momentum, β,
 * kind, batch size, L1/L2), from the next step on: the weights, the generator, the epoch count,
 * the epoch in progress and the curve stay. L1 and L2 live in the layers, so a penalty change
 * gives the same network (same weights, same generator state) with the new penalty.
 */
export function retuned(t: Trainer, state: Readonly<PlaygroundState>): Trainer {
  const penaltyChanged = t.model.denseLayers().some((l) => l.l1 !== state.l1 || l.l2 !== state.l2);
  if (!penaltyChanged) {
    t.retune(carriedOptimizer(t.optimizer, state, t.model), state.batchSize);
    return t;
  }
  const data = t.data;
  const model = buildModel(state, outputChoice(state, data.task, data.classes.length));
  model.setWeights(t.model.getWeights());
  model.rng.setState(t.model.rng.getState());
  return Trainer.continuing(t, model, carriedOptimizer(t.optimizer, state, t.model, model), state.batchSize);
}
