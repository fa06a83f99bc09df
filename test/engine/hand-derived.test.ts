// One forward pass, backward pass and SGD step of the 3 → 4 (ReLU) → 2 (softmax) network, with
// every number worked out by hand in the comments. The only transcendental is p = σ(0.36).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dense, Model, SGD } from '../../src/index.js';

const W1 = [
  [0.1, -0.2, 0.3, 0.0],
  [0.2, 0.1, -0.1, 0.5],
  [-0.3, 0.4, 0.2, 0.1],
];
const b1 = [[0.1, 0.0, -0.1, 0.2]];
const W2 = [
  [0.5, -0.5],
  [0.3, 0.2],
  [-0.1, 0.4],
  [0.2, 0.6],
];
const b2 = [[0.0, 0.1]];
const x = [[1, 2, -1]];
const y = [[0, 1]];

function build(): Model {
  const model = new Model({
    inputs: 3,
    layers: [new Dense({ units: 4, activation: 'relu' }), new Dense({ units: 2, activation: 'softmax' })],
    dtype: 'float64',
    backend: 'reference',
  });
  model.setWeights([W1, b1, W2, b2]);
  return model;
}

function close(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs((actual[i] as number) - (expected[i] as number)) < 1e-12, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

// z₁ = x·W₁ + b₁:
//   z₁₀ = 1·0.1 + 2·0.2 + (−1)(−0.3) + 0.1 = 0.9
//   z₁₁ = 1·(−0.2) + 2·0.1 + (−1)(0.4) + 0 = −0.4
//   z₁₂ = 1·0.3 + 2·(−0.1) + (−1)(0.2) − 0.1 = −0.2
//   z₁₃ = 1·0 + 2·0.5 + (−1)(0.1) + 0.2 = 1.1
// a₁ = relu(z₁) = [0.9, 0, 0, 1.1]
// z₂ = a₁·W₂ + b₂ = [0.9·0.5 + 1.1·0.2, 0.9·(−0.5) + 1.1·0.6 + 0.1] = [0.67, 0.31]
// softmax: ŷ₀ = 1/(1 + e^(0.31−0.67)) = σ(0.36) = p,  ŷ₁ = 1 − p
const p = 1 / (1 + Math.exp(-0.36)); // 0.58904…

test('forward pass: z and a of each layer', () => {
  const model = build();
  const out = model.forward(x);
  const [l1, l2] = model.denseLayers();
  close(l1!.lastOutputs!.z.data, [0.9, -0.4, -0.2, 1.1], 'z1');
  close(l1!.lastOutputs!.a.data, [0.9, 0, 0, 1.1], 'a1');
  close(l2!.lastOutputs!.z.data, [0.67, 0.31], 'z2');
  close(out.data, [p, 1 - p], 'a2');
});

test('loss and cost: ℓ = −log ŷ₁ = −log(1 − p); the cost of one sample is its loss', () => {
  const model = build();
  model.forward(x);
  const c = model.cost(y);
  close(c.loss, [-Math.log(1 - p)], 'loss');
  assert.ok(Math.abs(c.cost - -Math.log(1 - p)) < 1e-12);
  assert.equal(c.penalty, 0);
});

test('backward pass: every gradient, and no weight changes', () => {
  const model = build();
  model.forward(x);
  const g = model.backward(y);
  // δ₂ = ŷ − y = [p, −p]   (softmax + cross-entropy, N = 1)
  const d2 = [p, -p];
  close(g.layers[1]!.delta.data, d2, 'delta2');
  // ∂C/∂W₂ = a₁ᵀ·δ₂: rows 0.9·δ₂, 0, 0, 1.1·δ₂
  close(g.layers[1]!.dW.data, [0.9 * p, -0.9 * p, 0, 0, 0, 0, 1.1 * p, -1.1 * p], 'dW2');
  close(g.layers[1]!.db!.data, d2, 'db2');
  // ∂C/∂a₁ = δ₂·W₂ᵀ = p·(W₂[j][0] − W₂[j][1]) = p·[1.0, 0.1, −0.5, −0.4]
  // δ₁ = ∂C/∂a₁ ⊙ relu′(z₁) = p·[1.0, 0, 0, −0.4]   (z₁₁, z₁₂ < 0)
  const d1 = [p, 0, 0, -0.4 * p];
  close(g.layers[0]!.delta.data, d1, 'delta1');
  // ∂C/∂W₁ = xᵀ·δ₁: rows 1·δ₁, 2·δ₁, −1·δ₁
  close(g.layers[0]!.dW.data, [...d1, ...d1.map((v) => 2 * v), ...d1.map((v) => -v)], 'dW1');
  close(g.layers[0]!.db!.data, d1, 'db1');
  // ∂C/∂x = δ₁·W₁ᵀ = p·W₁[i][0] − 0.4p·W₁[i][3] = [0.1p, 0.2p − 0.2p, −0.3p − 0.04p]
  close(g.input!.data, [0.1 * p, 0, -0.34 * p], 'dx');
  // backward changed no weight
  assert.deepEqual(model.getWeights().map((m) => m.toArray()), [W1, b1, W2, b2]);
});

test('SGD step: W ← W − η·∂C/∂W, separately from backward', () => {
  const model = build();
  model.forward(x);
  model.backward(y);
  new SGD({ lr: 0.1 }).step(model);
  const [w1, bias1, w2, bias2] = model.getWeights();
  // W₂[0][0] = 0.5 − 0.1·0.9p,  W₂[3][1] = 0.6 + 0.1·1.1p,  b₂ = [0 − 0.1p, 0.1 + 0.1p]
  close([w2!.get(0, 0), w2!.get(3, 1), w2!.get(1, 0)], [0.5 - 0.09 * p, 0.6 + 0.11 * p, 0.3], 'W2 after');
  close(bias2!.data, [-0.1 * p, 0.1 + 0.1 * p], 'b2 after');
  // W₁[1][0] = 0.2 − 0.1·2p,  W₁[2][3] = 0.1 − 0.1·(−1)(−0.4p) = 0.1 − 0.04p,  column 1 untouched
  close([w1!.get(1, 0), w1!.get(2, 3), w1!.get(0, 1)], [0.2 - 0.2 * p, 0.1 - 0.04 * p, -0.2], 'W1 after');
  close(bias1!.data, [0.1 - 0.1 * p, 0, -0.1, 0.2 + 0.04 * p], 'b1 after');
  // and the cost went down
  model.forward(x);
  assert.ok(model.cost(y).cost < -Math.log(1 - p));
});
