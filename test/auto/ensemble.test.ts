// mergeEnsemble: N networks of one architecture become one wider network whose output is the
// members' average (exactly, for identity outputs; the mean logits for softmax).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEnsemble } from '../../src/auto/ensemble.js';
import { Dense, Dropout, Matrix, Model, type ActivationName } from '../../src/index.js';
import { Rng } from '../../src/core/rng.js';

function net(seed: number, hidden: number[], out: { units: number; activation: ActivationName }, act: ActivationName = 'relu', drop = 0): Model {
  const layers = hidden.flatMap((units) => [new Dense({ units, activation: act }), ...(drop > 0 ? [new Dropout({ rate: drop })] : [])]);
  return new Model({ inputs: 5, layers: [...layers, new Dense(out)], seed, dtype: 'float64', backend: 'reference' });
}

function inputs(rows: number): Matrix {
  const rng = new Rng(7);
  return new Matrix(rows, 5, Float64Array.from({ length: rows * 5 }, () => rng.normal() * 2));
}

/** Gives every bias a nonzero value, so that the test sees whether biases are merged right. */
function shakeBiases(m: Model, seed: number): void {
  const rng = new Rng(seed);
  for (const p of m.parameters()) if (p.name.endsWith('/b')) for (let i = 0; i < p.value.data.length; i++) p.value.data[i] = rng.normal();
}

test('regression: the merged network predicts the mean of the members to 1e-12 (three hidden layers, dropout, biases)', () => {
  const members = [1, 2, 3, 4].map((s) => net(s, [6, 4, 3], { units: 1, activation: 'identity' }, 'selu', 0.15));
  members.forEach((m, i) => shakeBiases(m, 100 + i));
  const merged = mergeEnsemble(members);
  assert.deepEqual(merged.denseLayers().map((d) => d.units), [24, 16, 12, 1]);
  assert.equal(merged.layers.filter((l) => l.type === 'dropout').length, 3);
  const x = inputs(50);
  const got = merged.predict(x).data;
  const each = members.map((m) => m.predict(x).data);
  let worst = 0;
  for (let i = 0; i < 50; i++) {
    const mean = each.reduce((a, p) => a + (p[i] as number), 0) / each.length;
    worst = Math.max(worst, Math.abs((got[i] as number) - mean));
  }
  assert.ok(worst < 1e-12, `largest difference ${worst}`);
  // the block-diagonal layers are stored whole (their off-diagonal blocks are zeros)
  assert.equal(merged.countParams(), 5 * 24 + 24 + 24 * 16 + 16 + 16 * 12 + 12 + 12 * 1 + 1);
});

test('a linear model (no hidden layer): the merge averages the weights, so the prediction is the mean', () => {
  const members = [1, 2, 3].map((s) => net(s, [], { units: 2, activation: 'identity' }));
  members.forEach((m, i) => shakeBiases(m, 10 + i));
  const merged = mergeEnsemble(members);
  const x = inputs(20);
  const got = merged.predict(x).data;
  const each = members.map((m) => m.predict(x).data);
  for (let i = 0; i < got.length; i++) {
    const mean = each.reduce((a, p) => a + (p[i] as number), 0) / each.length;
    assert.ok(Math.abs((got[i] as number) - mean) < 1e-12);
  }
});

test('softmax: the merged network is the softmax of the members\' mean logits', () => {
  const members = [5, 6].map((s) => net(s, [8, 8], { units: 3, activation: 'softmax' }, 'tanh'));
  members.forEach((m, i) => shakeBiases(m, 20 + i));
  const merged = mergeEnsemble(members);
  const x = inputs(30);
  const proba = merged.predict(x).data;
  // the members' logits: the same networks with an identity output
  const logits = members.map((m) => {
    const twin = net(1, [8, 8], { units: 3, activation: 'identity' }, 'tanh');
    twin.setWeights(m.getWeights());
    return twin.predict(x).data;
  });
  for (let i = 0; i < 30; i++) {
    const z = [0, 1, 2].map((j) => logits.reduce((a, l) => a + (l[i * 3 + j] as number), 0) / logits.length);
    const top = Math.max(...z);
    const e = z.map((v) => Math.exp(v - top));
    const sum = e.reduce((a, b) => a + b, 0);
    for (let j = 0; j < 3; j++) assert.ok(Math.abs((proba[i * 3 + j] as number) - (e[j] as number) / sum) < 1e-12);
  }
});

test('one member: a copy with the same predictions; different architectures: an error naming both', () => {
  const a = net(1, [4], { units: 1, activation: 'identity' });
  const x = inputs(10);
  assert.deepEqual(Array.from(mergeEnsemble([a]).predict(x).data), Array.from(a.predict(x).data));
  const b = net(2, [5], { units: 1, activation: 'identity' });
  assert.throws(() => mergeEnsemble([a, b]), /architecture of the first \(5 → dense 4 .* got 5 → dense 5/);
  assert.throws(() => mergeEnsemble([]), /at least one model/);
});

test('trainNetwork with ensemble 2 saves the merge of the runs with seeds s and s + 1', async () => {
  const { defaultSettings, trainNetwork } = await import('../../src/auto/index.js');
  const rng = new Rng(3);
  const x = new Matrix(60, 5, Float64Array.from({ length: 300 }, () => rng.normal()));
  const y = new Matrix(60, 1, Float64Array.from({ length: 60 }, (_, i) => Math.sin(x.data[i * 5] as number) + 0.5 * (x.data[i * 5 + 1] as number)));
  const shape = { task: 'regression' as const, rows: 60, inputs: 5, classes: 0 };
  const settings = { ...defaultSettings(shape), layers: [6, 4], epochs: 5 };
  const both = trainNetwork(x, y, shape, { ...settings, ensemble: 2 }, { seed: 11, backend: 'reference' });
  assert.equal(both.memberEpochs.length, 2);
  const a = trainNetwork(x, y, shape, settings, { seed: 11, backend: 'reference' });
  const b = trainNetwork(x, y, shape, settings, { seed: 12, backend: 'reference' });
  const got = both.model.predict(x).data;
  const pa = a.model.predict(x).data;
  const pb = b.model.predict(x).data;
  // float32 networks: the mean to float32 rounding
  for (let i = 0; i < 60; i++) assert.ok(Math.abs((got[i] as number) - ((pa[i] as number) + (pb[i] as number)) / 2) < 1e-5);
  assert.deepEqual(both.model.denseLayers().map((d) => d.units), [12, 8, 1]);
});
