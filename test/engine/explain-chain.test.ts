/**
 * explainStep's chain-rule detail: each layer's input x, W and b in the forward pass; δ split into
 * ∂C/∂a × φ′(z); the penalty's share of ∂C/∂W; dropout masks; the loss after the update.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dense, Dropout, Model, SGD, explainStep } from '../../src/index.js';

const close = (a: number | undefined, b: number, what: string, tol = 1e-12) => assert.ok(a !== undefined && Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

/** 1 → 1 (tanh) → 1 (tanh), MSE: small enough to work by hand. */
function tiny(l2 = 0): Model {
  const model = new Model({
    inputs: 1,
    layers: [new Dense({ units: 1, activation: 'tanh', l2 }), new Dense({ units: 1, activation: 'tanh', l2 })],
    loss: 'mse',
    dtype: 'float64',
  });
  model.setWeights([[[0.5]], [[0]], [[2]], [[0]]]);
  return model;
}

test('δ = ∂C/∂a ⊙ φ′(z), layer by layer, worked by hand (tanh → tanh, MSE, x = 1, y = 0)', () => {
  const t = explainStep(tiny(), [[1]], [0], { optimizer: new SGD({ lr: 0.1 }) });
  // forward: z₁ = 1·0.5 = 0.5, a₁ = tanh 0.5 = 0.46212; z₂ = 2·a₁ = 0.92423, ŷ = tanh z₂ = 0.72812
  const a1 = Math.tanh(0.5);
  const yhat = Math.tanh(2 * a1);
  assert.deepEqual(t.forward[0]?.x, [[1]]);
  assert.deepEqual(t.forward[0]?.W, [[0.5]]);
  assert.deepEqual(t.forward[0]?.b, [0]);
  close(t.forward[1]?.x[0]?.[0], a1, 'layer 2 input = a₁');
  const [out, hidden] = t.backward;
  // output: ∂C/∂ŷ = 2(ŷ − y) = 1.45624, φ′(z₂) = 1 − ŷ² = 0.46984, δ₂ = 0.68420
  close(out?.dA?.[0]?.[0], 2 * yhat, '∂C/∂ŷ');
  close(out?.activationDerivative?.[0]?.[0], 1 - yhat * yhat, 'φ′(z₂)');
  close(out?.delta[0]?.[0], 2 * yhat * (1 - yhat * yhat), 'δ₂');
  // hidden: ∂C/∂a₁ = δ₂·W₂ = 1.36840, φ′(z₁) = 1 − a₁² = 0.78645, δ₁ = 1.07617
  const d2 = 2 * yhat * (1 - yhat * yhat);
  close(hidden?.dA?.[0]?.[0], 2 * d2, '∂C/∂a₁');
  close(hidden?.activationDerivative?.[0]?.[0], 1 - a1 * a1, 'φ′(z₁)');
  close(hidden?.delta[0]?.[0], 2 * d2 * (1 - a1 * a1), 'δ₁');
  assert.equal(out?.penaltyGradient, null);
});

test('the fused output has no ∂C/∂a: δ = ŷ − y directly (sigmoid + binary cross-entropy)', () => {
  const model = new Model({ inputs: 2, layers: [new Dense({ units: 3, activation: 'relu' }), new Dense({ units: 1, activation: 'sigmoid' })], dtype: 'float64', seed: 3 });
  const t = explainStep(model, [[0.3, -1.2]], [1], { optimizer: new SGD({ lr: 0.1 }) });
  assert.equal(t.loss.fused, true);
  assert.equal(t.backward[0]?.dA, null);
  assert.equal(t.backward[0]?.activationDerivative, null);
  close(t.backward[0]?.delta[0]?.[0], (t.forward[1]?.a[0]?.[0] as number) - 1, 'δ = ŷ − y');
  // the hidden layer still splits
  t.backward[1]?.delta[0]?.forEach((d, j) => close(d, (t.backward[1]?.dA?.[0]?.[j] as number) * (t.backward[1]?.activationDerivative?.[0]?.[j] as number), `δ₁[${j}]`));
});

test('with L2, ∂C/∂W = aᵀ·δ + 2λW, and penaltyGradient is the 2λW part', () => {
  const t = explainStep(tiny(0.1), [[1]], [0], { optimizer: new SGD({ lr: 0.1 }) });
  for (const b of t.backward) {
    const f = t.forward.find((s) => s.layer === b.layer);
    const w = f?.W[0]?.[0] as number;
    close(b.penaltyGradient?.[0]?.[0], 2 * 0.1 * w, `${b.name} penalty gradient`);
    close(b.dW[0]?.[0], (f?.x[0]?.[0] as number) * (b.delta[0]?.[0] as number) + 2 * 0.1 * w, `${b.name} ∂C/∂W`);
  }
});

test('dropout: the mask, what the next layer gets, and why rows of ∂C/∂W are zero', () => {
  const model = new Model({
    inputs: 2,
    layers: [new Dense({ units: 8, activation: 'tanh' }), new Dropout({ rate: 0.5 }), new Dense({ units: 1, activation: 'sigmoid' })],
    dtype: 'float64',
    seed: 5,
  });
  const t = explainStep(model, [[0.4, 0.9]], [1], { optimizer: new SGD({ lr: 0.1 }) });
  const d = t.forward[0]?.dropout;
  assert.ok(d !== null && d !== undefined);
  assert.equal(d.name, 'dropout_2');
  assert.equal(d.rate, 0.5);
  const m = d.mask[0] as number[];
  assert.ok(m.every((v) => v === 0 || v === 2), `mask ${m}`);
  assert.ok(m.includes(0) && m.includes(2), 'seed 5 drops some and keeps some');
  assert.deepEqual(t.forward[1]?.x, d.output);
  // a dropped input contributes nothing to the next layer's gradient, and gets no ∂C/∂a
  m.forEach((v, i) => {
    if (v === 0) {
      assert.ok(t.backward[0]?.dW[i]?.[0] === 0, `∂C/∂W row ${i}`);
      assert.ok(t.backward[1]?.dA?.[0]?.[i] === 0, `∂C/∂a ${i}`);
    }
  });
  // no dropout at prediction time
  assert.equal(explainStep(model, [[0.4, 0.9]], [1], { training: false, optimizer: new SGD({ lr: 0.1 }) }).forward[0]?.dropout, null);
});

test('lossAfter is the loss of the same input after the step, with the same dropout masks', () => {
  const build = () =>
    new Model({
      inputs: 2,
      layers: [new Dense({ units: 6, activation: 'tanh', l2: 0.01 }), new Dropout({ rate: 0.3 }), new Dense({ units: 1, activation: 'sigmoid', l2: 0.01 })],
      dtype: 'float64',
      seed: 9,
    });
  const model = build();
  const t = explainStep(model, [[0.4, -0.7]], [0], { optimizer: new SGD({ lr: 0.5 }) });
  // take that step for real on a twin, then evaluate with the generator where the step began
  const twin = build();
  const state = twin.rng.getState();
  twin.forward([[0.4, -0.7]], { training: true });
  twin.backward([0]);
  new SGD({ lr: 0.5 }).step(twin);
  twin.rng.setState(state);
  twin.forward([[0.4, -0.7]], { training: true });
  const after = twin.cost([0]);
  close(t.update?.lossAfter.perSample[0], after.loss[0] as number, 'ℓ after');
  close(t.update?.lossAfter.cost, after.cost, 'C after');
  assert.ok((t.update?.lossAfter.cost as number) < t.loss.cost, 'a small step downhill lowers the cost');
  // and explainStep left the model as it was
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.data)), build().getWeights().map((w) => Array.from(w.data)));
});
