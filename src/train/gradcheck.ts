import { checkNumber } from '../core/checks.js';
import { toMatrix, toTargetMatrix, type Matrix, type MatrixLike, type TargetLike } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import { getLoss, type Loss, type LossSpec } from '../nn/losses.js';
import type { Model } from '../nn/model.js';
import { trainingPasses } from '../nn/passes.js';

export interface GradCheckOptions {
  loss?: LossSpec | Loss;
  /** finite-difference step ε, default 1e-6 */
  epsilon?: number;
  sampleWeight?: ArrayLike<number> | null;
  /** check at most this many entries per tensor (chosen at random, seeded), default all */
  maxPerTensor?: number;
  /** also check ∂cost/∂x, default true */
  input?: boolean;
  /** seed for choosing entries when maxPerTensor is set, default 0 */
  seed?: number;
}

export interface TensorCheck {
  /** e.g. "dense_1/W", or "input" */
  name: string;
  /** entries compared */
  checked: number;
  /** max over entries of |analytic − numeric| / max(|analytic|, |numeric|, 1e-8) */
  maxRelativeError: number;
  maxAbsoluteError: number;
}

export interface GradCheckResult {
  /** the worst relative error over every tensor checked */
  maxRelativeError: number;
  tensors: TensorCheck[];
}

/**
 * Compares backpropagation's gradients with central finite differences,
 *   ∂C/∂θᵢ ≈ (C(θ + εeᵢ) − C(θ − εeᵢ)) / 2ε,
 * for every weight, bias and (optionally) input entry. Run it on a float64 model: in float32 the
 * differences drown in rounding. Dropout masks are held fixed by replaying the generator state, so
 * the check covers the training-mode forward pass. The model's weights are left as they were.
 */
export function gradCheck(model: Model, x: MatrixLike, y: TargetLike, options: GradCheckOptions = {}): GradCheckResult {
  const loss = options.loss === undefined ? model.loss : getLoss(options.loss);
  const eps = checkNumber('gradCheck: epsilon', options.epsilon ?? 1e-6, { min: 0, exclusiveMin: true });
  const xm = toMatrix(x, model.dtype).clone();
  const ym = toTargetMatrix(y, model.dtype);
  const weights = options.sampleWeight ?? null;
  const rngState = model.rng.getState();
  const picker = new Rng(options.seed ?? 0);
  const passes = trainingPasses(model);

  // C(θ, x) with the same dropout masks every time
  const cost = (): number => {
    model.rng.setState(rngState);
    model.forward(xm, { training: true });
    return passes.dataCost(loss, ym, weights) + model.penalty();
  };

  cost();
  const grads = model.backward(ym, { loss, sampleWeight: weights, inputGradient: options.input ?? true });
  const analytic = model.parameters().map((p) => p.grad.clone());
  const analyticInput = grads.input?.clone() ?? null;

  const tensors: TensorCheck[] = [];
  model.parameters().forEach((p, i) => {
    tensors.push(compare(p.name, p.value, analytic[i] as Matrix, cost, eps, options.maxPerTensor, picker));
  });
  if (analyticInput !== null) tensors.push(compare('input', xm, analyticInput, cost, eps, options.maxPerTensor, picker));
  model.rng.setState(rngState);
  return { maxRelativeError: Math.max(0, ...tensors.map((t) => t.maxRelativeError)), tensors };
}

function compare(
  name: string,
  theta: Matrix,
  analytic: Matrix,
  cost: () => number,
  eps: number,
  maxPerTensor: number | undefined,
  picker: Rng,
): TensorCheck {
  const n = theta.size;
  const indices = maxPerTensor === undefined || maxPerTensor >= n ? [...Array(n).keys()] : Array.from(picker.permutation(n).subarray(0, maxPerTensor));
  let maxRel = 0;
  let maxAbs = 0;
  for (const i of indices) {
    const saved = theta.data[i] as number;
    theta.data[i] = saved + eps;
    const plus = cost();
    theta.data[i] = saved - eps;
    const minus = cost();
    theta.data[i] = saved;
    // numeric gradient (C(θ + ε) − C(θ − ε)) / 2ε
    const numeric = (plus - minus) / (2 * eps);
    const a = analytic.data[i] as number;
    const abs = Math.abs(a - numeric);
    maxAbs = Math.max(maxAbs, abs);
    maxRel = Math.max(maxRel, abs / Math.max(Math.abs(a), Math.abs(numeric), 1e-8));
  }
  return { name, checked: indices.length, maxRelativeError: maxRel, maxAbsoluteError: maxAbs };
}
