import { ConfigError } from '../core/errors.js';
import { toMatrix, toTargetMatrix, type Matrix, type MatrixLike, type TargetLike } from '../core/matrix.js';
import { Dense } from '../nn/dense.js';
import { Dropout } from '../nn/dropout.js';
import { scaleRowsToCost } from '../nn/cost.js';
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
  /** x, this layer's input (after any dropout before it), batch × inputs */
  x: number[][];
  /** W, the weights the step used, inputs × units */
  W: number[][];
  /** b, units (null without bias) */
  b: number[] | null;
  /** z = x·W + b, batch × units */
  z: number[][];
  /** a = φ(z), batch × units */
  a: number[][];
  /** the dropout applied to a before the next layer (null when there is none, or not training) */
  dropout: DropoutStage | null;
}

/** Inverted dropout on a layer's output: a ⊙ m, with mᵢ = 0 (dropped) or 1/(1 − p) (kept). */
export interface DropoutStage {
  layer: number;
  name: string;
  rate: number;
  /** m, batch × units */
  mask: number[][];
  /** a ⊙ m, what the next layer gets, batch × units */
  output: number[][];
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
  /**
   * ∂cost/∂a, batch × units, so that δ = ∂cost/∂a ⊙ φ′(z); null for the fused output
   * (softmax + cross-entropy, sigmoid + binary cross-entropy), whose δ = (ŷ − y)/N directly
   */
  dA: number[][] | null;
  /** φ′(z), batch × units; null when fused, or for softmax (a Jacobian, not element-wise) */
  activationDerivative: number[][] | null;
  /** ∂cost/∂W = aᵀ·δ + ∂penalty/∂W, inputs × units */
  dW: number[][];
  /** ∂penalty/∂W = l1·sign(W) + 2·l2·W, inputs × units (null without a penalty) */
  penaltyGradient: number[][] | null;
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

/** The loss on the same sample(s) after the update (same dropout masks). */
export interface LossAfter {
  perSample: number[];
  dataCost: number;
  penalty: number;
  cost: number;
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
    /** the loss of the same step's input with the updated weights */
    lossAfter: LossAfter;
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
  const training = options.training ?? true;
  model.forward(xm, { training });
  const forward: ForwardStage[] = [];
  // walk the stack as forward did: each Dense's input is the previous output, after dropout
  let h = xm.toArray();
  model.layers.forEach((layer, i) => {
    if (layer instanceof Dropout) {
      const mask = layer.lastMask;
      const prev = forward[forward.length - 1];
      if (mask === null) return;
      const m = mask.toArray();
      // a ⊙ m
      const output = h.map((row, r) => row.map((v, j) => v * (m[r]?.[j] as number)));
      if (prev !== undefined && prev.layer === i - 1) prev.dropout = { layer: i, name: layer.name, rate: layer.rate, mask: m, output };
      h = output;
      return;
    }
    if (!(layer instanceof Dense)) return;
    const o = layer.lastOutputs;
    if (o === null) throw new ConfigError('explainStep: forward pass missing');
    const b = layer.bias;
    const a = o.a.toArray();
    forward.push({
      layer: i,
      name: layer.name,
      activation: layer.activation.name,
      x: h,
      W: layer.weights.value.toArray(),
      b: b === null ? null : Array.from(b.value.data),
      z: o.z.toArray(),
      a,
      dropout: null,
    });
    h = a;
  });
  const grads = model.backward(ym, { loss, inputGradient: true });
  const cost = grads.cost;
  const fused = model.isFused(loss);
  const backward: BackwardStage[] = grads.layers
    .map((g) => {
      const k = forward.findIndex((f) => f.layer === g.layer);
      const layer = model.layers[g.layer] as Dense;
      const f = forward[k] as ForwardStage;
      const delta = g.delta.toArray();
      let dA: number[][] | null = null;
      const next = forward[k + 1];
      if (next === undefined) {
        if (!fused) {
          // ∂cost/∂ŷ = (1/N)·∂ℓ/∂ŷ
          const out = (layer.lastOutputs as { a: Matrix }).a;
          const g0 = out.clone();
          loss.gradient(out, ym, g0);
          scaleRowsToCost(loss, g0, null);
          dA = g0.toArray();
        }
      } else {
        // ∂cost/∂a = (δ_next·W_nextᵀ) ⊙ m (m the dropout mask between, if any)
        const nextDelta = (grads.layers.find((n) => n.layer === next.layer) as { delta: Matrix }).delta.toArray();
        dA = nextDelta.map((row, r) =>
          (f.a[r] as number[]).map((_, i) => {
            let s = 0;
            row.forEach((d, j) => (s += d * (next.W[i]?.[j] as number)));
            return f.dropout === null ? s : s * (f.dropout.mask[r]?.[i] as number);
          }),
        );
      }
      const act = layer.activation;
      const activationDerivative = dA === null || act.kind !== 'elementwise' ? null : f.z.map((row, r) => row.map((z, j) => act.df(z, f.a[r]?.[j] as number)));
      // ∂penalty/∂W = l1·sign(W) + 2·l2·W
      const penaltyGradient = layer.l1 === 0 && layer.l2 === 0 ? null : f.W.map((row) => row.map((w) => layer.l1 * Math.sign(w) + 2 * layer.l2 * w));
      return { layer: g.layer, name: g.name, delta, dA, activationDerivative, dW: g.dW.toArray(), penaltyGradient, db: g.db === null ? null : Array.from(g.db.data) };
    })
    .reverse();
  const trace: StepTrace = {
    input: xm.toArray(),
    target: ym.toArray(),
    forward,
    loss: {
      name: loss.name,
      reduction: loss.reduction,
      fused,
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
    // the same input through the updated weights, with the same dropout masks
    model.rng.setState(rngState);
    model.forward(xm, { training });
    const c = model.cost(ym, { loss });
    const lossAfter: LossAfter = { perSample: Array.from(c.loss), dataCost: c.dataCost, penalty: c.penalty, cost: c.cost };
    // put everything back
    params.forEach((p, i) => p.value.data.set((before[i] as Matrix).data));
    optimizer.setState(model, state);
    trace.update = { optimizer: optimizer.config(), learningRate, tensors, lossAfter };
  }
  model.rng.setState(rngState);
  return trace;
}
