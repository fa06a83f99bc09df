// averageWeights: an exponential moving average of the weights kept beside fit through its
// callbacks; the hold-out sees the average, training itself does not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageWeights } from '../../src/auto/weight-average.js';
import { keepBestEpoch } from '../../src/auto/keep-best.js';
import { Dense, Matrix, Model, initWasmBackend } from '../../src/index.js';
import { Rng } from '../../src/core/rng.js';
import { flattenValues } from '../../src/optim/lbfgs.js';
import type { BackendName } from '../../src/backend/registry.js';

function data(rows: number, seed: number): { x: Matrix; y: Matrix } {
  const rng = new Rng(seed);
  const x = new Matrix(rows, 3, Float64Array.from({ length: rows * 3 }, () => rng.normal()));
  // y = x₀ − 2·x₁ + x₀·x₂ + noise
  const y = new Matrix(rows, 1, Float64Array.from({ length: rows }, (_, i) => {
    const a = x.data[3 * i] as number, b = x.data[3 * i + 1] as number, c = x.data[3 * i + 2] as number;
    return a - 2 * b + a * c + 0.3 * rng.normal();
  }));
  return { x, y };
}

function net(seed: number, backend: BackendName = 'reference', dtype: 'float32' | 'float64' = 'float64'): Model {
  return new Model({ inputs: 3, layers: [new Dense({ units: 8, activation: 'tanh' }), new Dense({ units: 1 })], seed, dtype, backend, loss: 'mse' });
}

test('after t steps the average is Σ β^(t−i)·θ_i / Σ β^(t−i) over the snapshots θ_i after each step, β = 1 − 1/(epochs·B)', () => {
  const { x, y } = data(40, 1);
  const model = net(3);
  const snapshots: Float64Array[] = [];
  let batches = 0;
  const avg = averageWeights(model, 0.5, {
    onTrainBegin: (info) => { batches = info.batches; },
    onBatchEnd: () => { snapshots.push(flattenValues(model.parameters())); },
  });
  model.fit(x, y, { optimizer: { name: 'adam', lr: 0.05 }, epochs: 3, batchSize: 16, callbacks: avg.callbacks });
  const last = flattenValues(model.parameters());
  avg.finish();
  const got = flattenValues(model.parameters());
  // 40 rows in batches of 16: B = 3 steps an epoch, 9 steps; time constant 0.5 epochs: β = 1 − 1/1.5 = 1/3
  assert.equal(batches, 3);
  assert.equal(snapshots.length, 9);
  const beta = 1 / 3;
  const t = snapshots.length;
  let worst = 0;
  let moved = 0;
  for (let j = 0; j < got.length; j++) {
    let num = 0, den = 0;
    for (let i = 1; i <= t; i++) {
      num += beta ** (t - i) * ((snapshots[i - 1] as Float64Array)[j] as number);
      den += beta ** (t - i);
    }
    worst = Math.max(worst, Math.abs((got[j] as number) - num / den));
    moved = Math.max(moved, Math.abs((got[j] as number) - (last[j] as number)));
  }
  assert.ok(worst < 1e-12, `largest difference from the hand-computed average ${worst}`);
  // the average is not the last snapshot (the test would pass for θ̄ = θ_t otherwise)
  assert.ok(moved > 1e-4, `average equals the last weights (${moved})`);
  // the snapshots were the training weights: the last one is what the model held before finish()
  assert.deepEqual(Array.from(last), Array.from(snapshots[t - 1] as Float64Array));
});

for (const backend of ['reference', 'wasm'] as const) {
  test(`${backend}: validation scores the average, training steps the same weights as without it, one seed gives one result`, async () => {
    if (backend === 'wasm') await initWasmBackend({ threads: 1 });
    const { x, y } = data(60, 2);
    const val = data(30, 4);
    const run = (average: boolean): { costs: number[]; averages: Float64Array[]; trained: Float64Array; kept: Float64Array; epoch: number | null } => {
      const model = net(5, backend, 'float32');
      const averages: Float64Array[] = [];
      const costs: number[] = [];
      const keeper = keepBestEpoch(model, {
        onEpochEnd: (log) => {
          costs.push(log.valCost as number);
          // what validation saw: the model's weights at this point
          averages.push(flattenValues(model.parameters()));
          const direct = model.evaluate(val.x, val.y).cost;
          assert.ok(Math.abs(direct - (log.valCost as number)) <= 1e-6 * Math.max(1, direct), `epoch ${log.epoch}: val cost ${log.valCost} vs ${direct} of the weights held`);
        },
      });
      const avg = average ? averageWeights(model, 1, keeper.callbacks) : null;
      model.fit(x, y, { optimizer: { name: 'adam', lr: 0.05 }, epochs: 6, batchSize: 16, validationData: val, callbacks: avg?.callbacks ?? keeper.callbacks });
      const trained = flattenValues(model.parameters());
      avg?.finish();
      const epoch = keeper.restore().epoch;
      return { costs, averages, trained, kept: flattenValues(model.parameters()), epoch };
    };
    const plain = run(false);
    const a = run(true);
    const b = run(true);
    // training untouched: the last training weights are those of the run without an average
    assert.deepEqual(Array.from(a.trained), Array.from(plain.trained));
    // validation saw other weights than the training ones
    assert.notDeepEqual(a.costs, plain.costs);
    // the keeper kept the average of the best epoch
    assert.ok(a.epoch !== null);
    assert.deepEqual(Array.from(a.kept), Array.from(a.averages[a.epoch] as Float64Array));
    // one seed, one result
    assert.deepEqual(a.costs, b.costs);
    assert.deepEqual(Array.from(a.kept), Array.from(b.kept));
  });
}

test('a time constant that is not a positive number is refused with the value', () => {
  assert.throws(() => averageWeights(net(1), 0), /positive number, got 0/);
  assert.throws(() => averageWeights(net(1), Number.NaN), /got NaN/);
});
