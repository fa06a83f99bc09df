import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam,
  ConfigError,
  DataError,
  Dense,
  Dropout,
  LBFGS,
  Matrix,
  MetricAccumulator,
  Model,
  SGD,
  ShapeError,
  TrainingDivergedError,
  classificationReport,
  fitStream,
  r2Score,
  type BatchLog,
} from '../../src/index.js';
import { r2 as estimatorR2 } from '../../src/estimators/metrics.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';

/**
 * Regression tests for the places where the parts of training meet (issue 10): buffers shared
 * between training, validation and callbacks; the divergence restore; optimizer reuse; the engine
 * boundary's checks; and a handful of smaller disagreements.
 */

// y = 3x on 200 rows: the least-squares solution is W = 3, b = 0 exactly
const line = Array.from({ length: 200 }, (_, i) => [(i - 100) / 50]);
const line3 = line.map((r) => [3 * r[0]!]);

function linear(backend?: Awaited<ReturnType<typeof initWasmBackend>>): Model {
  return new Model({ inputs: 1, layers: [new Dense({ units: 1 })], dtype: backend === undefined ? 'float64' : 'float32', loss: 'mse', seed: 5, ...(backend === undefined ? {} : { backend }) });
}

function slope(model: Model): number {
  return model.denseLayers()[0]!.weights.value.data[0]!;
}

// ---- defect 1: training buffers aliased by validation, callbacks and the buffer cache ----

test('L-BFGS with validationSplit 0.5 (validation batch of the training size) still fits the training rows: W = 3', () => {
  const model = linear();
  model.fit(line, line3, { optimizer: new LBFGS(), epochs: 100, validationSplit: 0.5 });
  assert.ok(Math.abs(slope(model) - 3) < 1e-4, `W = ${slope(model)}`);
});

test('a callback that predicts on as many rows as the training set does not change what L-BFGS trains on', () => {
  const model = linear();
  const junk = Array.from({ length: 200 }, () => [7]);
  model.fit(line, line3, { optimizer: new LBFGS(), epochs: 100, callbacks: { onEpochEnd: () => void model.predict(junk) } });
  assert.ok(Math.abs(slope(model) - 3) < 1e-4, `W = ${slope(model)}`);
});

test('WASM: a callback predicting on many batch sizes cannot free the buffers L-BFGS trains from', async () => {
  const backend = await initWasmBackend({ threads: 1 });
  const model = linear(backend);
  try {
  model.fit(line, line3, {
    optimizer: new LBFGS(),
    epochs: 60,
    callbacks: {
      onEpochEnd: () => {
        // seven distinct sizes: more than the per-size cache keeps
        for (const rows of [3, 5, 7, 9, 11, 13, 15]) model.predict(Array.from({ length: rows }, () => [9]));
      },
    },
  });
  assert.ok(Math.abs(slope(model) - 3) < 1e-3, `W = ${slope(model)}`);
  } finally {
    model.dispose();
    backend.terminate();
  }
});

// ---- defect 2: the divergence restore ----

for (const lr of [1000, 10]) {
  test(`full-batch SGD at lr ${lr}: divergence restores weights whose cost was evaluated finite`, () => {
    const x = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
    const y = x.map((r) => [r[0]! * 5 + r[1]! * 50]);
    const model = new Model({ inputs: 2, layers: [new Dense({ units: 8, activation: 'tanh' }), new Dense({ units: 1 })], loss: 'mse', seed: 2 });
    const evaluated: number[] = [];
    let error: unknown = null;
    try {
      model.fit(x, y, { optimizer: new SGD({ lr }), batchSize: 40, epochs: 200, callbacks: { onBatchEnd: (b) => void evaluated.push(b.cost) } });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TrainingDivergedError, `expected divergence, got ${String(error)}`);
    for (const p of model.parameters()) for (const v of p.value.data) assert.ok(Number.isFinite(v), `${p.name} holds ${v}`);
    const cost = model.evaluate(x, y).cost;
    assert.ok(Number.isFinite(cost), `restored cost ${cost}`);
    // the restored weights are ones whose cost the loop evaluated (a batch cost it logged)
    assert.ok(evaluated.some((c) => Math.abs(c - cost) <= 1e-6 * Math.max(1, Math.abs(c))), `cost ${cost} is none of the evaluated ${evaluated.slice(0, 6).join(', ')}…`);
  });
}

// ---- defect 3: optimizer state across models ----

function tiny(seed: number): Model {
  return new Model({ inputs: 2, layers: [new Dense({ units: 1 })], loss: 'mse', seed });
}
const tx = [[1, 2], [3, -1], [0.5, 0.5]];
const ty = [[1], [0], [2]];

test('an optimizer already training one model refuses a second one clearly; after reset() it starts afresh', () => {
  const adam = new Adam({ lr: 0.1 });
  tiny(1).fit(tx, ty, { optimizer: adam, epochs: 50, batchSize: 3 });
  const b = tiny(2);
  assert.throws(() => b.fit(tx, ty, { optimizer: adam, epochs: 1, batchSize: 3 }), (e: unknown) => e instanceof ConfigError && /another model/.test((e as Error).message));
  adam.reset();
  const before = Array.from(b.parameters()[0]!.value.data);
  b.fit(tx, ty, { optimizer: adam, epochs: 1, batchSize: 3 });
  const after = Array.from(b.parameters()[0]!.value.data);
  // Adam's first step moves every weight by lr·m̂/(√v̂ + ε) = lr·sign(g) (to ε): 0.100, not 0.071
  for (let i = 0; i < before.length; i++) assert.ok(Math.abs(Math.abs(after[i]! - before[i]!) - 0.1) < 1e-5, `step ${after[i]! - before[i]!}`);
});

test('step counts are per parameter: a parameter whose state starts later gets a first-step bias correction', () => {
  const model = tiny(3);
  const adam = new Adam({ lr: 0.1 });
  model.fit(tx, ty, { optimizer: adam, epochs: 10, batchSize: 3 });
  const state = adam.getState(model);
  // forget the bias's moments (as a saved file without them would): its next step is its first
  state.slots[1] = [];
  adam.setState(model, state);
  const b = model.parameters()[1]!;
  const before = b.value.data[0]!;
  model.fit(tx, ty, { optimizer: adam, epochs: 1, batchSize: 3 });
  assert.ok(Math.abs(Math.abs(b.value.data[0]! - before) - 0.1) < 1e-5, `bias moved ${b.value.data[0]! - before}`);
});

// ---- defect 4: the engine boundary ----

const good = [[1, 2], [3, 4], [5, 6]];
const gy = [[1], [0], [1]];
function two(): Model {
  return new Model({ inputs: 2, layers: [new Dense({ units: 1, activation: 'sigmoid' })] });
}

test('NaN or Infinity in fit inputs or targets: DataError naming row and column', () => {
  assert.throws(() => two().fit([[1, 2], [3, Number.NaN], [5, 6]], gy), (e: unknown) => e instanceof DataError && /row 1, column 1/.test((e as Error).message) && /NaN/.test((e as Error).message));
  assert.throws(() => two().fit(good, [[1], [Infinity], [0]]), (e: unknown) => e instanceof DataError && /row 1/.test((e as Error).message) && /Infinity/.test((e as Error).message));
  assert.throws(() => two().fit(new Matrix(3, 2, Float32Array.from([1, 2, 3, 4, Infinity, 6])), gy), (e: unknown) => e instanceof DataError && /row 2, column 0/.test((e as Error).message));
});

test('predict refuses NaN instead of returning probabilities', () => {
  assert.throws(() => two().predict([[Number.NaN, 1]]), (e: unknown) => e instanceof DataError && /row 0, column 0/.test((e as Error).message));
});

test('predict checks a Matrix batch by batch in backend memory: the first non-finite cell is named, on both backends', async () => {
  const wasm = await initWasmBackend({ threads: 1 });
  for (const backend of ['reference', wasm] as const) {
    const model = new Model({ inputs: 2, backend, layers: [new Dense({ units: 1, activation: 'tanh' })] });
    const x = Matrix.zeros(2500, 2, 'float32');
    x.data[1500 * 2 + 1] = Infinity; // the second batch of 1,024 rows; tanh would saturate to a finite output
    assert.throws(() => model.predict(x), (e: unknown) => e instanceof DataError && /predict: x: row 1500, column 1 is Infinity/.test((e as Error).message));
    x.data[1500 * 2 + 1] = 0;
    x.data[3] = Number.NaN;
    assert.throws(() => model.predict(x), (e: unknown) => e instanceof DataError && /row 1, column 1 is NaN/.test((e as Error).message));
    // a float64 value that a float32 model cannot hold
    const wide = Matrix.zeros(3, 2, 'float64');
    wide.data[4] = 1e300;
    assert.throws(() => model.predict(wide), (e: unknown) => e instanceof DataError && /row 2, column 0 is 1e\+300, beyond the range of the model's float32 values/.test((e as Error).message));
    wide.data[4] = 1e30;
    assert.equal(model.predict(wide).rows, 3);
  }
});

test('a string in x, ragged rows, 1-D x: clear errors naming the place', () => {
  const withString = [[1, 2], [3, 'a'], [5, 6]] as unknown as number[][];
  assert.throws(() => two().fit(withString, gy), (e: unknown) => e instanceof DataError && /row 1, column 1/.test((e as Error).message) && /'a'|"a"/.test((e as Error).message));
  assert.throws(() => two().fit([[1, 2], [3], [5, 6]], gy), (e: unknown) => e instanceof ShapeError && /row 1 has 1 value/.test((e as Error).message));
  assert.throws(() => two().fit([1, 2, 3] as unknown as number[][], gy), (e: unknown) => e instanceof ShapeError && /2-D/.test((e as Error).message));
  assert.throws(() => two().predict([1, 2] as unknown as number[][]), (e: unknown) => e instanceof ShapeError && /2-D/.test((e as Error).message));
});

test('unknown fit options are rejected with the close name', () => {
  assert.throws(() => two().fit(good, gy, { epoch: 3 } as never), (e: unknown) => e instanceof ConfigError && /epoch/.test((e as Error).message) && /epochs/.test((e as Error).message));
});

// ---- defect 7: smaller disagreements ----

test('L-BFGS refuses a model with Dropout (its objective would change at every evaluation)', () => {
  const model = new Model({ inputs: 2, layers: [new Dense({ units: 4, activation: 'tanh' }), new Dropout({ rate: 0.5 }), new Dense({ units: 1 })], loss: 'mse' });
  assert.throws(() => model.fit(good, gy, { optimizer: new LBFGS(), epochs: 2 }), (e: unknown) => e instanceof ConfigError && /Dropout/.test((e as Error).message));
});

test('LBFGS.reset() forgets its counts as well as its history', () => {
  const opt = new LBFGS();
  linear().fit(line, line3, { optimizer: opt, epochs: 3 });
  assert.ok(opt.evaluations > 0 && opt.iterations > 0);
  opt.reset();
  assert.deepEqual([opt.evaluations, opt.iterations], [0, 0]);
});

test('p = 0.5 is class 1 for predictClasses and for the metrics alike', () => {
  const model = new Model({ inputs: 2, layers: [new Dense({ units: 1, activation: 'sigmoid', kernelInitializer: 'zeros' })] });
  assert.equal(model.predict([[1, 1]]).data[0], 0.5);
  assert.deepEqual(Array.from(model.predictClasses([[1, 1]])), [1]);
  const acc = new MetricAccumulator('binary', 1, ['accuracy']);
  acc.add(model.predict([[1, 1]]), Matrix.column([1]));
  assert.equal(acc.result().accuracy, 1);
});

test('binary precision, recall and F1 are of the positive class (as scikit-learn); the macro averages are named macro', () => {
  // y = [0, 0, 1, 1], ŷ = [0, 1, 1, 1]: class 1 has TP 2, FP 1, FN 0 → P = 2/3, R = 1, F1 = 0.8
  const r = classificationReport([0, 0, 1, 1], [0, 1, 1, 1]);
  assert.ok(Math.abs(r.precision - 2 / 3) < 1e-12);
  assert.equal(r.recall, 1);
  assert.ok(Math.abs(r.f1 - 0.8) < 1e-12);
  // class 0: P = 1, R = 1/2, F1 = 2/3 → macro P = 5/6, R = 3/4, F1 = 11/15
  assert.ok(Math.abs(r.macroPrecision - 5 / 6) < 1e-12);
  assert.ok(Math.abs(r.macroRecall - 3 / 4) < 1e-12);
  assert.ok(Math.abs(r.macroF1 - 11 / 15) < 1e-12);
  const acc = new MetricAccumulator('binary', 1, ['precision', 'recall', 'f1']);
  acc.add(Matrix.column([0.1, 0.9, 0.8, 0.7]), Matrix.column([0, 0, 1, 1]));
  assert.ok(Math.abs(acc.result().precision! - 2 / 3) < 1e-12);
});

test('R² is computed in two passes: a large offset in y does not spoil it', () => {
  const n = 100;
  const y = Array.from({ length: n }, (_, i) => 1e8 + i);
  const p = y.map((v, i) => v + (i % 2 === 0 ? 0.5 : -0.5));
  // Σ(y − ȳ)² = n(n² − 1)/12 = 83325, Σ(y − ŷ)² = 25
  const exact = 1 - 25 / 83325;
  assert.ok(Math.abs(r2Score(y, p) - exact) < 1e-12, `r2 ${r2Score(y, p)} vs ${exact}`);
  assert.equal(r2Score(y, p), estimatorR2(Matrix.column(y, 'float64'), Matrix.column(p, 'float64')));
});

test('BatchLog.cost and EpochLog.cost pair the data cost with the penalty of the same weights', () => {
  const model = new Model({ inputs: 2, layers: [new Dense({ units: 1, l2: 0.5 })], loss: 'mse', seed: 4 });
  const before = model.evaluate(good, [[1], [2], [3]]).cost;
  const logs: BatchLog[] = [];
  const h = model.fit(good, [[1], [2], [3]], { optimizer: new SGD({ lr: 0.01 }), batchSize: 3, epochs: 1, callbacks: { onBatchEnd: (b) => void logs.push(b) } });
  assert.ok(Math.abs(logs[0]!.cost - before) < 1e-6, `batch cost ${logs[0]!.cost}, cost before the step ${before}`);
  assert.ok(Math.abs(h.epochs[0]!.cost - before) < 1e-6, `epoch cost ${h.epochs[0]!.cost}, cost before the step ${before}`);
});

test('validationSplit keeps the class proportions in both parts', () => {
  // 100 rows, 30 of class 1: a 0.2 split holds out 20 rows, 6 of them class 1
  const x = Array.from({ length: 100 }, (_, i) => [i / 100, (i % 7) / 7]);
  const y = x.map((_, i) => [i % 10 < 3 ? 1 : 0]);
  const model = two();
  // W = 0, b = 100: the model says 1 for every row, so accuracy is the share of class 1
  model.parameters()[0]!.value.data.fill(0);
  model.parameters()[1]!.value.data.fill(100);
  let valRows = -1;
  const h = model.fit(x, y, { epochs: 1, validationSplit: 0.2, optimizer: new SGD({ lr: 1e-12 }), callbacks: { onTrainBegin: (info) => void (valRows = info.validationSamples) } });
  assert.equal(valRows, 20);
  assert.ok(Math.abs(h.epochs[0]!.valMetrics!.accuracy! - 6 / 20) < 1e-12);
  assert.ok(Math.abs(h.epochs[0]!.metrics.accuracy! - 24 / 80) < 1e-12);
});

test('classWeight scales each row’s loss in the cost', () => {
  const x = [[1, 0], [0, 1], [1, 1], [0, 0]];
  const y = [[1], [0], [1], [0]];
  const make = (): Model => new Model({ inputs: 2, layers: [new Dense({ units: 1, activation: 'sigmoid' })], seed: 9, dtype: 'float64' });
  const m = make();
  m.forward(x);
  const l = Array.from(m.cost(y).loss);
  // C = (1/N)·Σ wᵢℓᵢ with w = 3 for class 1, 1 for class 0
  const expected = (3 * l[0]! + l[1]! + 3 * l[2]! + l[3]!) / 4;
  const h = make().fit(x, y, { epochs: 1, batchSize: 4, optimizer: new SGD({ lr: 1e-9 }), classWeight: { 1: 3 } });
  assert.ok(Math.abs(h.epochs[0]!.dataCost - expected) < 1e-12, `${h.epochs[0]!.dataCost} vs ${expected}`);
  assert.ok(Math.abs(expected - (l[0]! + l[1]! + l[2]! + l[3]!) / 4) > 1e-3, 'the weights change the cost');
});

test('fitStream runs on the same core: a diverging stream restores weights whose cost was evaluated finite', async () => {
  const x = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
  const y = x.map((r) => [r[0]! * 5 + r[1]! * 50]);
  const model = new Model({ inputs: 2, layers: [new Dense({ units: 8, activation: 'tanh' }), new Dense({ units: 1 })], loss: 'mse', seed: 2 });
  // one batch per epoch, the same matrices every time (the trainer copies them into its own buffers)
  const batch = { x: Matrix.from(x), y: Matrix.from(y) };
  const evaluated: number[] = [];
  await assert.rejects(
    fitStream(model, () => [batch], { optimizer: new SGD({ lr: 1000 }), epochs: 100, callbacks: { onBatchEnd: (b) => void evaluated.push(b.cost) } }),
    (e: unknown) => e instanceof TrainingDivergedError,
  );
  for (const p of model.parameters()) for (const v of p.value.data) assert.ok(Number.isFinite(v), `${p.name} holds ${v}`);
  const cost = model.evaluate(x, y).cost;
  assert.ok(evaluated.some((c) => Math.abs(c - cost) <= 1e-6 * Math.max(1, Math.abs(c))), `cost ${cost} is none of the evaluated ${evaluated.slice(0, 6).join(', ')}…`);
});
