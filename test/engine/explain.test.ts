import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, Dense, Model, SGD, explainStep } from '../../src/index.js';

function build(): Model {
  const model = new Model({ inputs: 3, layers: [new Dense({ units: 4, activation: 'relu' }), new Dense({ units: 2, activation: 'softmax' })], dtype: 'float64' });
  model.setWeights([
    [[0.1, -0.2, 0.3, 0.0], [0.2, 0.1, -0.1, 0.5], [-0.3, 0.4, 0.2, 0.1]],
    [[0.1, 0.0, -0.1, 0.2]],
    [[0.5, -0.5], [0.3, 0.2], [-0.1, 0.4], [0.2, 0.6]],
    [[0.0, 0.1]],
  ]);
  return model;
}

test('explainStep traces forward, loss, backward (output first) and the SGD update, as in the hand-derived example', () => {
  const model = build();
  const p = 1 / (1 + Math.exp(-0.36));
  const t = explainStep(model, [[1, 2, -1]], [[0, 1]], { optimizer: new SGD({ lr: 0.1 }) });
  assert.deepEqual(t.forward.map((f) => f.activation), ['relu', 'softmax']);
  assert.ok(Math.abs(t.forward[0]!.z[0]![3]! - 1.1) < 1e-12);
  assert.ok(Math.abs(t.loss.perSample[0]! + Math.log(1 - p)) < 1e-12);
  assert.equal(t.loss.fused, true);
  assert.deepEqual(t.backward.map((b) => b.name), ['dense_2', 'dense_1']);
  assert.ok(Math.abs(t.backward[0]!.delta[0]![0]! - p) < 1e-12);
  const w2 = t.update!.tensors[2]!;
  assert.equal(w2.name, 'dense_2/W');
  // W ← W − η·∂C/∂W: change = −0.1·gradient
  assert.ok(Math.abs(w2.change[0]![0]! + 0.1 * 0.9 * p) < 1e-12);
  assert.ok(Math.abs(w2.after[0]![0]! - (0.5 - 0.09 * p)) < 1e-12);
});

test('explainStep changes neither the model nor the optimizer state', () => {
  const model = build();
  const before = model.getWeights().map((m) => Array.from(m.data));
  const adam = new Adam({ lr: 0.01 });
  explainStep(model, [[1, 2, -1]], [[0, 1]], { optimizer: adam });
  assert.deepEqual(model.getWeights().map((m) => Array.from(m.data)), before);
  assert.equal(adam.iterations, 0);
  // a real step afterwards behaves as a first step would (no leftover moments)
  const twin = build();
  const adam2 = new Adam({ lr: 0.01 });
  for (const [m, o] of [[model, adam], [twin, adam2]] as const) {
    m.forward([[1, 2, -1]]);
    m.backward([[0, 1]]);
    o.step(m);
  }
  assert.deepEqual(model.getWeights().map((m) => Array.from(m.data)), twin.getWeights().map((m) => Array.from(m.data)));
});
