import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/rng.js';
import { Network } from '../../src/estimators/network.js';
import type { OutActivation } from '../../src/estimators/sklearn-losses.js';
import type { MLPActivation } from '../../src/estimators/params.js';

/**
 * ∂C/∂θ of the estimator's cost C = (1/N)·Σᵢ ℓᵢ + alpha/(2N)·Σ‖W‖² against central differences
 * (C(θ + h) − C(θ − h))/2h, for each output/loss pair. For one output the step is the exact gradient;
 * for several identity outputs scikit-learn's data step is k times the gradient of its ½·mean loss
 * (checked with alpha = 0, since the L2 part is not scaled).
 */
function check(activation: MLPActivation, out: OutActivation, outputs: number, expectedRatio = 1, alpha = 0.3): void {
  const rng = new Rng(5);
  const net = new Network([3, 4, outputs], activation, out);
  net.initialize(rng);
  const n = 7;
  const x = Matrix.zeros(n, 3, 'float64');
  for (let i = 0; i < x.size; i++) x.data[i] = rng.normal();
  const y = Matrix.zeros(n, outputs, 'float64');
  for (let i = 0; i < n; i++) {
    if (out === 'softmax') y.set(i, i % outputs, 1);
    else for (let j = 0; j < outputs; j++) y.set(i, j, out === 'logistic' ? (i + j) % 2 : rng.normal());
  }
  const cost = (): number => net.costAndGradient(x, y, alpha);
  cost();
  const params = net.model.parameters();
  const analytic = params.map((p) => Float64Array.from(p.grad.data));
  const h = 1e-6;
  params.forEach((p, k) => {
    for (let i = 0; i < p.value.size; i++) {
      const v = p.value.data[i] as number;
      p.value.data[i] = v + h;
      const up = cost();
      p.value.data[i] = v - h;
      const down = cost();
      p.value.data[i] = v;
      const numeric = (up - down) / (2 * h);
      const g = (analytic[k] as Float64Array)[i] as number;
      assert.ok(Math.abs(g - expectedRatio * numeric) <= 1e-7 * Math.max(1, Math.abs(g)), `${p.name}[${i}]: step ${g}, ${expectedRatio}× numeric ${expectedRatio * numeric}`);
    }
  });
}

describe('the estimator cost and its gradient', () => {
  it('softmax + log-loss (tanh hidden)', () => check('tanh', 'softmax', 3, 1));
  it('logistic + binary log-loss, one output (logistic hidden)', () => check('logistic', 'logistic', 1, 1));
  it('logistic + binary log-loss summed over 3 labels (relu hidden)', () => check('relu', 'logistic', 3, 1));
  it('identity + ½·squared error, one output', () => check('tanh', 'identity', 1, 1));
  it("identity, 2 outputs: scikit-learn's step is 2× the gradient of ½·mean((y − ŷ)²)", () => check('identity', 'identity', 2, 2, 0));
});
