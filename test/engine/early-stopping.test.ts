import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, Dense, Matrix, Model, fitStream, type EpochLog, type History } from '../../src/index.js';
import { EarlyStopping, earlyStoppingOf } from '../../src/train/early-stopping.js';

/** An epoch log with the given training cost and validation accuracy. */
function log(epoch: number, cost: number, valAccuracy = 0): EpochLog {
  return { epoch, cost, dataCost: cost, penalty: 0, metrics: {}, valCost: cost, valMetrics: { accuracy: valAccuracy }, lr: 0.1, seconds: 0, samplesPerSecond: 0 };
}

function model(): Model {
  return new Model({ inputs: 2, layers: [new Dense({ units: 3, activation: 'tanh' }), new Dense({ units: 1 })], dtype: 'float64', seed: 2 });
}

function history(stopReason: History['stopReason']): History {
  return { epochs: [], stopReason, bestEpoch: null };
}

test('patience counts epochs without an improvement of more than minDelta; the best weights come back', () => {
  const m = model();
  const params = m.parameters();
  const stopping = new EarlyStopping(params, earlyStoppingOf({ monitor: 'cost', patience: 2, minDelta: 0.05 }, false)!);
  // cost 1.0 (best), 0.9 (best: 0.9 < 1.0 − 0.05), 0.87 (not: 0.87 ≥ 0.85, wait 1), 0.86 (wait 2: stop)
  const costs = [1.0, 0.9, 0.87, 0.86];
  const weightsAt: number[][] = [];
  const stops = costs.map((c, e) => {
    // the weights "of epoch e": every parameter filled with e
    for (const p of params) p.value.data.fill(e);
    weightsAt.push(Array.from(params[0]!.value.data));
    return stopping.epochEnded(log(e, c), e);
  });
  assert.deepEqual(stops, [false, false, false, true]);
  assert.equal(stopping.bestEpoch, 1);
  const h = history('early-stopping');
  stopping.finish(h);
  assert.equal(h.bestEpoch, 1);
  assert.deepEqual(Array.from(params[0]!.value.data), weightsAt[1]);
});

test('a metric where higher is better (valAccuracy) improves upwards', () => {
  const stopping = new EarlyStopping(model().parameters(), earlyStoppingOf({ monitor: 'valAccuracy', patience: 1 }, true)!);
  assert.equal(stopping.epochEnded(log(0, 5, 0.6), 0), false);
  assert.equal(stopping.epochEnded(log(1, 9, 0.7), 1), false); // higher accuracy: better, whatever the cost
  assert.equal(stopping.bestEpoch, 1);
  assert.equal(stopping.epochEnded(log(2, 1, 0.65), 2), true);
  assert.equal(stopping.bestEpoch, 1);
});

test('finish restores nothing unless training stopped early with restoreBestWeights', () => {
  const m = model();
  const params = m.parameters();
  for (const restoreBestWeights of [true, false]) {
    const stopping = new EarlyStopping(params, earlyStoppingOf({ monitor: 'cost', patience: 5, restoreBestWeights }, false)!);
    params[0]!.value.data.fill(1);
    stopping.epochEnded(log(0, 1), 0);
    params[0]!.value.data.fill(2);
    stopping.epochEnded(log(1, 3), 1);
    const completed = history('completed');
    stopping.finish(completed);
    assert.equal(completed.bestEpoch, null);
    assert.equal(params[0]!.value.data[0], 2);
    const early = history('early-stopping');
    stopping.finish(early);
    assert.equal(early.bestEpoch, restoreBestWeights ? 0 : null);
    assert.equal(params[0]!.value.data[0], restoreBestWeights ? 1 : 2);
  }
});

test('fit and fitStream stop at the same epoch and keep the same weights (the shared early stopping)', async () => {
  // y = x₁ − 2x₂ on 40 rows, one full batch per epoch, no shuffling: the two loops take identical steps
  const rows = Array.from({ length: 40 }, (_, i) => [((i * 7) % 13) / 6 - 1, ((i * 3) % 11) / 5 - 1]);
  const x = Matrix.from(rows, 'float64');
  const y = Matrix.from(rows.map((r) => [r[0]! - 2 * r[1]!]), 'float64');
  const xv = Matrix.from(rows.slice(0, 10).map((r) => [r[1]!, r[0]!]), 'float64');
  const yv = Matrix.from(rows.slice(0, 10).map((r) => [r[1]! - 2 * r[0]!]), 'float64');
  const earlyStopping = { patience: 3 };
  const a = model();
  const ha = a.fit(x, y, { epochs: 200, batchSize: 40, shuffle: false, optimizer: new Adam({ lr: 0.3 }), validationData: { x: xv, y: yv }, earlyStopping });
  const b = model();
  const hb = await fitStream(b, [{ x, y }], { epochs: 200, optimizer: new Adam({ lr: 0.3 }), validation: [{ x: xv, y: yv }], earlyStopping });
  assert.equal(ha.stopReason, 'early-stopping');
  assert.equal(hb.stopReason, 'early-stopping');
  assert.equal(hb.bestEpoch, ha.bestEpoch);
  assert.equal(hb.epochs.length, ha.epochs.length);
  assert.deepEqual(b.getWeights().map((w) => Array.from(w.data)), a.getWeights().map((w) => Array.from(w.data)));
});
