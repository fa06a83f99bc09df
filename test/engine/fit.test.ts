import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, Dense, Model, SGD, TrainingDivergedError, type BatchLog, type EpochLog } from '../../src/index.js';

const x = Array.from({ length: 100 }, (_, i) => [Math.sin(i * 0.37), Math.cos(i * 0.71)]);
const labels = x.map((r) => (r[0]! + 0.5 * r[1]! > 0 ? 1 : 0));
const oneHot = labels.map((c) => (c === 1 ? [0, 1] : [1, 0]));

function classifier(seed = 1, dtype: 'float32' | 'float64' = 'float32'): Model {
  return new Model({ inputs: 2, layers: [new Dense({ units: 6, activation: 'tanh' }), new Dense({ units: 2, activation: 'softmax' })], seed, dtype });
}

for (const [batchSize, steps] of [[1, 100], [100, 1], [32, 4]] as const) {
  test(`batch size ${batchSize} (${batchSize === 1 ? 'stochastic' : batchSize === 100 ? 'full batch' : 'mini-batch'}): ${steps} optimizer steps per epoch`, () => {
    const model = classifier();
    const optimizer = new SGD({ lr: 0.1 });
    const batches: BatchLog[] = [];
    model.fit(x, oneHot, { epochs: 3, batchSize, optimizer, callbacks: { onBatchEnd: (b) => batches.push(b) } });
    assert.equal(optimizer.iterations, 3 * steps);
    assert.equal(batches.length, 3 * steps);
    assert.deepEqual(batches.slice(0, steps).map((b) => b.batch), [...Array(steps).keys()]);
    assert.equal(batches[steps - 1]!.samples, 100);
  });
}

test('history holds train and validation cost and metrics per epoch; callbacks see every epoch', () => {
  const model = classifier();
  const seen: EpochLog[] = [];
  const h = model.fit(x, oneHot, { epochs: 30, batchSize: 10, optimizer: new Adam({ lr: 0.05 }), validationSplit: 0.2, metrics: ['accuracy', 'f1'], callbacks: { onEpochEnd: (l) => void seen.push(l) } });
  assert.equal(h.epochs.length, 30);
  assert.equal(seen.length, 30);
  const first = h.epochs[0]!;
  const last = h.epochs[29]!;
  assert.ok(last.cost < first.cost, 'training cost falls');
  assert.ok(last.valCost! < first.valCost!, 'validation cost falls');
  assert.ok(last.metrics.accuracy! > 0.9 && last.valMetrics!.accuracy! > 0.85);
  assert.ok('f1' in last.metrics);
});

test('validation split is stratified and taken from the rows, not added to them', () => {
  const model = classifier();
  let info = { samples: 0, validationSamples: 0 };
  model.fit(x, oneHot, { epochs: 1, validationSplit: 0.2, callbacks: { onTrainBegin: (i) => void (info = i) } });
  assert.deepEqual([info.samples, info.validationSamples], [80, 20]);
});

test('early stopping stops after `patience` epochs without improvement and restores the best weights', () => {
  const model = classifier(3);
  const validationData = { x: x.slice(70), y: oneHot.slice(70) };
  // a learning rate this high makes validation cost bounce, so a best epoch is followed by worse ones
  const h = model.fit(x.slice(0, 70), oneHot.slice(0, 70), { epochs: 200, batchSize: 5, optimizer: new SGD({ lr: 3 }), validationData, earlyStopping: { patience: 4 } });
  assert.equal(h.stopReason, 'early-stopping');
  const best = h.bestEpoch!;
  assert.equal(h.epochs.length, best + 1 + 4);
  const bestVal = Math.min(...h.epochs.map((e) => e.valCost!));
  assert.equal(h.epochs[best]!.valCost, bestVal);
  assert.notEqual(h.epochs.at(-1)!.valCost, bestVal);
  // the model holds the best epoch's weights again
  assert.ok(Math.abs(model.evaluate(validationData.x, validationData.y).cost - bestVal) < 1e-6);
});

test('a callback can stop training', () => {
  const h = classifier().fit(x, oneHot, { epochs: 50, callbacks: { onEpochEnd: (l) => l.epoch < 2 } });
  assert.equal(h.epochs.length, 3);
  assert.equal(h.stopReason, 'callback');
});

test('sample weight 0 removes a row: same gradients as training without it (full batch, sum loss)', () => {
  const a = new Model({ inputs: 2, layers: [new Dense({ units: 3, activation: 'tanh' }), new Dense({ units: 1 })], loss: 'sse', dtype: 'float64', seed: 4 });
  const b = new Model({ inputs: 2, layers: [new Dense({ units: 3, activation: 'tanh' }), new Dense({ units: 1 })], loss: 'sse', dtype: 'float64', seed: 4 });
  const ys = x.map((r) => r[0]! - r[1]!);
  const w = x.map((_, i) => (i % 3 === 0 ? 0 : 1));
  a.fit(x, ys, { epochs: 5, batchSize: 100, shuffle: false, optimizer: new SGD({ lr: 0.001 }), sampleWeight: w });
  const keep = x.map((_, i) => i).filter((i) => i % 3 !== 0);
  b.fit(keep.map((i) => x[i]!), keep.map((i) => ys[i]!), { epochs: 5, batchSize: keep.length, shuffle: false, optimizer: new SGD({ lr: 0.001 }) });
  a.parameters().forEach((p, i) => {
    const q = b.parameters()[i]!;
    for (let k = 0; k < p.value.size; k++) assert.ok(Math.abs(p.value.data[k]! - q.value.data[k]!) < 1e-12);
  });
});

test('class weights scale each class’s share of the cost', () => {
  const model = classifier(5, 'float64');
  model.forward(x);
  const plain = model.cost(oneHot).dataCost;
  const perSample = model.cost(oneHot).loss;
  // weight 3 on class 1: cost = (1/N)·Σ wᵢℓᵢ
  let expected = 0;
  labels.forEach((c, i) => (expected += (c === 1 ? 3 : 1) * perSample[i]!));
  expected /= labels.length;
  const weighted = model.cost(oneHot, { sampleWeight: labels.map((c) => (c === 1 ? 3 : 1)) }).dataCost;
  assert.ok(Math.abs(weighted - expected) < 1e-12 && weighted > plain);
  // and fit accepts them as classWeight
  const h = model.fit(x, oneHot, { epochs: 1, classWeight: { 1: 3 } });
  assert.ok(Number.isFinite(h.epochs[0]!.cost));
});

test('training that diverges to NaN stops, says so, and restores the last good weights', () => {
  const model = new Model({ inputs: 2, layers: [new Dense({ units: 4, activation: 'relu' }), new Dense({ units: 1 })], seed: 6 });
  const ys = x.map((r) => 1e3 * (r[0]! + r[1]!));
  const before = model.getWeights().map((m) => Array.from(m.data));
  assert.throws(
    () => model.fit(x, ys, { epochs: 20, batchSize: 10, optimizer: new SGD({ lr: 10 }) }),
    (e: unknown) => {
      assert.ok(e instanceof TrainingDivergedError);
      assert.match(e.message, /diverged in epoch 1.*initial weights.*lower learning rate \(it was 10\)/);
      return true;
    },
  );
  assert.deepEqual(model.getWeights().map((m) => Array.from(m.data)), before);
});

test('options are validated with the value in the message', () => {
  const model = classifier();
  assert.throws(() => model.fit(x, oneHot, { batchSize: 0 }), /batchSize must be an integer ≥ 1, got 0/);
  assert.throws(() => model.fit(x, oneHot, { epochs: -1 }), /epochs must be an integer ≥ 0, got -1/);
  assert.throws(() => model.fit(x, oneHot, { validationSplit: 1.5 }), /validationSplit/);
  assert.throws(() => model.fit(x, oneHot, { optimizer: 'adamax' as 'adam' }), /unknown optimizer 'adamax'/);
  assert.throws(() => model.fit(x, oneHot, { earlyStopping: { monitor: 'valCost' } }), /no validation data/);
  assert.throws(() => model.fit(x.slice(1), oneHot), /x has 99 rows but y has 100/);
  assert.throws(() => new Adam({ lr: -1 }), /Adam: lr must be a number > 0, got -1/);
  assert.throws(() => new SGD({ nesterov: true }), /nesterov needs momentum > 0/);
});

test('the validation split is the same in every fit of a model (so resumed training validates on the same rows)', () => {
  const model = classifier(8);
  const first = model.fit(x, oneHot, { epochs: 1, validationSplit: 0.25, optimizer: new SGD({ lr: 0 + 1e-12 }) });
  const again = model.fit(x, oneHot, { epochs: 1, validationSplit: 0.25 });
  // with an (almost) zero learning rate the weights did not move, so equal validation costs mean equal rows
  assert.equal(first.epochs[0]!.valCost, again.epochs[0]!.valCost);
});
