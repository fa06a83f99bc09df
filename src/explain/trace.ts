import { ConfigError } from '../core/errors.js';
import { toMatrix, toTargetMatrix, type Matrix, type MatrixLike, type TargetLike } from '../core/matrix.js';
import { Dense } from '../nn/dense.js';
import { getLoss, type Loss, type LossSpec } from '../nn/losses.js';
import type { Model } from '../nn/model.js';
import { Adam } from '../optim/adam.js';
import { createOptimizer, type AnyOptimizer } from '../optim/create.js';
import type { OptimizerConfig, OptimizerName } from '../optim/optimizer.js';

/** z and a of one dense layer in the forward pass. */
export interface ForwardStage {
  layer: number;
  name: string;
  activation: string;
  /** z = x·W + b, batch × units */
  z: number[][];
  /** a = φ(z), batch × units */
  a: number[][];
}

/** The loss and cost of the step. */
export interface LossStage {
  name: string;
  reduction: 'mean' | 'sum';
  /** whether the loss was computed from the logits in fused form (softmax/sigmoid + cross-entropy) */
  fused: boolean;
  /** ℓᵢ per sample */
  perSample: number[];
  dataCost: number;
  penalty: number;
  cost: number;
}

/** One dense layer's part of the backward pass. */
export interface BackwardStage {
  layer: number;
  name: string;
  /** δ = ∂cost/∂z, batch × units */
  delta: number[][];
  /** ∂cost/∂W, inputs × units */
  dW: number[][];
  /** ∂cost/∂b, units (null without bias) */
  db: number[] | null;
}

/** What the optimizer would do to one tensor. */
export interface UpdateStage {
  name: string;
  before: number[][];
  gradient: number[][];
  after: number[][];
  /** after − before */
  change: number[][];
}

/** One training step, as the method teaches it: forward, loss, backward, update. */
export interface StepTrace {
  input: number[][];
  target: number[][];
  forward: ForwardStage[];
  loss: LossStage;
  /** from the output layer back to the first */
  backward: BackwardStage[];
  /** ∂cost/∂x */
  inputGradient: number[][];
  update: {
    optimizer: OptimizerConfig;
    learningRate: number;
    tensors: UpdateStage[];
  } | null;
  /** why `update` is null (e.g. L-BFGS has no single-batch step) */
  updateNote: string | null;
}

export interface ExplainOptions {
  loss?: LossSpec | Loss;
  /** default: the model's optimizer, else Adam */
  optimizer?: AnyOptimizer | OptimizerName | (Partial<OptimizerConfig> & { name: string });
  /** run the forward pass in training mode (dropout active), default true */
  training?: boolean;
}

/**
 * Traces one training step on (x, y) without changing the model or its optimizer: the weights,
 * the optimizer's state and the generator are put back afterwards.
 */
export function explainStep(model: Model, x: MatrixLike, y: TargetLike, options: ExplainOptions = {}): StepTrace {
  const loss = options.loss === undefined ? model.loss : getLoss(options.loss);
  const xm = toMatrix(x, model.dtype);
  const ym = toTargetMatrix(y, model.dtype);
  const rngState = model.rng.getState();
  model.forward(xm, { training: options.training ?? true });
  const forward: ForwardStage[] = [];
  model.layers.forEach((layer, i) => {
    if (!(layer instanceof Dense)) return;
    const o = layer.lastOutputs;
    if (o === null) throw new ConfigError('explainStep: forward pass missing');
    forward.push({ layer: i, name: layer.name, activation: layer.activation.name, z: o.z.toArray(), a: o.a.toArray() });
  });
  const grads = model.backward(ym, { loss, inputGradient: true });
  const cost = grads.cost;
  const backward: BackwardStage[] = grads.layers
    .map((g) => ({ layer: g.layer, name: g.name, delta: g.delta.toArray(), dW: g.dW.toArray(), db: g.db === null ? null : Array.from(g.db.data) }))
    .reverse();
  const trace: StepTrace = {
    input: xm.toArray(),
    target: ym.toArray(),
    forward,
    loss: {
      name: loss.name,
      reduction: loss.reduction,
      fused: model.isFused(loss),
      perSample: Array.from(cost.loss),
      dataCost: cost.dataCost,
      penalty: cost.penalty,
      cost: cost.cost,
    },
    backward,
    inputGradient: (grads.input as Matrix).toArray(),
    update: null,
    updateNote: null,
  };
  const spec = options.optimizer ?? model.optimizer ?? new Adam();
  const optimizer = typeof spec === 'string' ? createOptimizer(spec) : 'solve' in spec ? spec : createOptimizer(spec);
  if (optimizer.batching === 'full') {
    trace.updateNote = 'L-BFGS updates the weights by a line search over the whole training set, not from one batch';
  } else {
    const params = model.parameters();
    const before = params.map((p) => p.value.clone());
    const state = optimizer.getState(model);
    const learningRate = optimizer.learningRate;
    optimizer.step(model);
    const tensors = params.map((p, i) => {
      const b = before[i] as Matrix;
      const change = p.value.clone();
      for (let k = 0; k < change.size; k++) change.data[k] = (change.data[k] as number) - (b.data[k] as number);
      return { name: p.name, before: b.toArray(), gradient: p.grad.toArray(), after: p.value.toArray(), change: change.toArray() };
    });
    // put everything back
    params.forEach((p, i) => p.value.data.set((before[i] as Matrix).data));
    optimizer.setState(model, state);
    trace.update = { optimizer: optimizer.config(), learningRate, tensors };
  }
  model.rng.setState(rngState);
  return trace;
}
