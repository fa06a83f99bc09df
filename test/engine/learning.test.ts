// Learning on real data from shared/data (bundled in data/): the thresholds of issue 2, measured on
// a held-out 25 % split (stratified, seeded), preprocessing fitted on the training part only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, Dense, Dropout, Model, accuracy, argmaxRows, r2Score, Rng } from '../../src/index.js';
import { prepare } from './helpers.js';

function testAccuracy(model: Model, x: Parameters<Model['predict']>[0], labels: ArrayLike<number>): number {
  return accuracy(labels, argmaxRows(model.predict(x)));
}

test('iris: ≥ 95 % test accuracy', async () => {
  const d = await prepare('iris', 1);
  const model = new Model({
    inputs: 4,
    layers: [new Dense({ units: 16, activation: 'tanh' }), new Dense({ units: d.classes, activation: 'softmax' })],
    loss: 'sparseCategoricalCrossentropy',
    seed: 1,
  });
  model.fit(d.xTrain, d.yTrain, { epochs: 100, batchSize: 16, optimizer: new Adam({ lr: 0.01 }) });
  const acc = testAccuracy(model, d.xTest, d.yTest.data);
  assert.ok(acc >= 0.95, `iris test accuracy ${acc}`);
});

test('breast cancer: ≥ 95 % test accuracy (sigmoid output, binary cross-entropy)', async () => {
  const d = await prepare('breast-cancer', 2);
  const model = new Model({
    inputs: 30,
    layers: [new Dense({ units: 32, activation: 'relu' }), new Dropout({ rate: 0.2 }), new Dense({ units: 1, activation: 'sigmoid' })],
    seed: 2,
  });
  model.fit(d.xTrain, d.yTrain, { epochs: 40, batchSize: 32, optimizer: new Adam({ lr: 0.003 }) });
  const acc = accuracy(d.yTest.data, model.predictClasses(d.xTest));
  assert.ok(acc >= 0.95, `breast cancer test accuracy ${acc}`);
});

test('digits 8×8: ≥ 96 % test accuracy', async () => {
  const d = await prepare('digits', 3);
  const model = new Model({
    inputs: 64,
    layers: [new Dense({ units: 64, activation: 'relu' }), new Dense({ units: 10, activation: 'softmax' })],
    loss: 'sparseCategoricalCrossentropy',
    seed: 3,
  });
  const history = model.fit(d.xTrain, d.yTrain, { epochs: 40, batchSize: 32, optimizer: new Adam({ lr: 0.002, weightDecay: 0 }), validationSplit: 0.1, earlyStopping: { patience: 8 } });
  const acc = testAccuracy(model, d.xTest, d.yTest.data);
  assert.ok(acc >= 0.96, `digits test accuracy ${acc} after ${history.epochs.length} epochs`);
});

test('XOR is learned (a problem no linear model solves)', () => {
  const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const y = [0, 1, 1, 0];
  const model = new Model({
    inputs: 2,
    layers: [new Dense({ units: 4, activation: 'tanh' }), new Dense({ units: 1, activation: 'sigmoid' })],
    seed: 5,
  });
  model.fit(x, y, { epochs: 500, batchSize: 4, optimizer: new Adam({ lr: 0.05 }) });
  assert.deepEqual(Array.from(model.predictClasses(x)), [0, 1, 1, 0]);
});

test('regression of a smooth function: R² ≥ 0.95 on held-out points', () => {
  // y = sin(2x₁)·cos(x₂) + ½x₁² on [−1.5, 1.5]²
  const rng = new Rng(7);
  const make = (n: number): { x: number[][]; y: number[] } => {
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = rng.range(-1.5, 1.5);
      const b = rng.range(-1.5, 1.5);
      x.push([a, b]);
      y.push(Math.sin(2 * a) * Math.cos(b) + 0.5 * a * a);
    }
    return { x, y };
  };
  const train = make(800);
  const held = make(200);
  const model = new Model({
    inputs: 2,
    layers: [new Dense({ units: 32, activation: 'tanh' }), new Dense({ units: 32, activation: 'tanh' }), new Dense({ units: 1 })],
    seed: 7,
  });
  model.fit(train.x, train.y, { epochs: 150, batchSize: 32, optimizer: new Adam({ lr: 0.005 }) });
  const r2 = r2Score(held.y, model.predict(held.x));
  assert.ok(r2 >= 0.95, `R² ${r2}`);
});

test('L-BFGS (full batch) fits iris to ≥ 95 %', async () => {
  const d = await prepare('iris', 4, 'float64');
  const model = new Model({
    inputs: 4,
    layers: [new Dense({ units: 10, activation: 'tanh', l2: 1e-3 }), new Dense({ units: d.classes, activation: 'softmax' })],
    loss: 'sparseCategoricalCrossentropy',
    dtype: 'float64',
    seed: 4,
  });
  const history = model.fit(d.xTrain, d.yTrain, { epochs: 200, optimizer: 'lbfgs' });
  const costs = history.epochs.map((e) => e.cost);
  // each accepted L-BFGS step satisfies sufficient decrease
  for (let i = 1; i < costs.length; i++) assert.ok((costs[i] as number) <= (costs[i - 1] as number) + 1e-12, `cost rose at iteration ${i}`);
  const acc = testAccuracy(model, d.xTest, d.yTest.data);
  assert.ok(acc >= 0.95, `iris L-BFGS test accuracy ${acc}`);
});
