import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, Dense, Dropout, Matrix, Model, ShapeError, setWarningHandler } from '../../src/index.js';

test('summary of 3 → 4 (ReLU) → 2 (softmax): W 3×4, b 4, W 4×2, b 2, 26 parameters', () => {
  const model = new Model({ inputs: 3, layers: [new Dense({ units: 4, activation: 'relu' }), new Dense({ units: 2, activation: 'softmax' })] });
  const printed: string[] = [];
  const s = model.summary((t) => printed.push(t));
  assert.deepEqual(
    s.rows.map((r) => [r.units, r.activation, r.weightShape, r.biasShape, r.params]),
    [
      [4, 'relu', [3, 4], [4], 16],
      [2, 'softmax', [4, 2], [2], 10],
    ],
  );
  assert.equal(s.totalParams, 26);
  assert.equal(printed.length, 1);
  assert.match(printed[0]!, /3×4\s+4\s+16/);
  assert.match(printed[0]!, /4×2\s+2\s+10/);
  assert.match(printed[0]!, /Total parameters: 26/);
});

test('every layer has its own activation; dropout and bias-free layers count correctly', () => {
  const model = new Model({
    inputs: 5,
    layers: [new Dense({ units: 8, activation: 'tanh' }), new Dropout({ rate: 0.5 }), new Dense({ units: 3, activation: 'elu', useBias: false }), new Dense({ units: 1 })],
  });
  const s = model.summary();
  assert.deepEqual(s.rows.map((r) => r.activation), ['tanh', 'rate 0.5', 'elu(α=1)', 'identity']);
  assert.deepEqual(s.rows.map((r) => r.params), [48, 0, 24, 4]);
  assert.equal(model.countParams(), 76);
});

test('bad configuration fails at construction, naming the value', () => {
  assert.throws(() => new Dense({ units: 0 }), /units must be an integer ≥ 1, got 0/);
  assert.throws(() => new Dense({ units: 3, activation: 'relux' as 'relu' }), /unknown activation 'relux'/);
  assert.throws(() => new Dense({ units: 3, l2: -1 }), /l2 must be a number ≥ 0, got -1/);
  assert.throws(() => new Dropout({ rate: 1 }), /rate must be/);
  assert.throws(() => new Model({ inputs: 2, layers: [] }), ConfigError);
  assert.throws(() => new Model({ inputs: 2, layers: [new Dense({ units: 2 }), new Dropout({ rate: 0.1 })] }), /last layer must be Dense/);
});

test('shape errors name both shapes', () => {
  const model = new Model({ inputs: 4, layers: [new Dense({ units: 2, activation: 'softmax' })] });
  assert.throws(() => model.forward([[1, 2, 3]]), (e: unknown) => e instanceof ShapeError && /expected 4 input columns, got 3/.test((e as Error).message));
  model.forward([[1, 2, 3, 4]]);
  assert.throws(() => model.cost([[1, 0, 0]]), /expects targets with 2 columns.*1×3/);
  assert.throws(() => model.cost([1]), /one-hot encode the labels, or use sparseCategoricalCrossentropy/);
});

test('a known-bad output/loss pairing is warned about', () => {
  const warnings: string[] = [];
  const previous = setWarningHandler((m) => warnings.push(m));
  try {
    new Model({ inputs: 2, layers: [new Dense({ units: 3, activation: 'softmax' })], loss: 'mse' });
    new Model({ inputs: 2, layers: [new Dense({ units: 3, activation: 'relu' })], loss: 'categoricalCrossentropy' });
    new Model({ inputs: 2, layers: [new Dense({ units: 3, activation: 'softmax' })] }); // default CE: fine
  } finally {
    setWarningHandler(previous);
  }
  assert.equal(warnings.length, 2);
  assert.match(warnings[0]!, /softmax output with mse/);
  assert.match(warnings[1]!, /expects probabilities that sum to 1/);
});

test('predict works in batches of any size and matches forward', () => {
  const model = new Model({ inputs: 3, layers: [new Dense({ units: 6, activation: 'relu' }), new Dense({ units: 2, activation: 'softmax' })], seed: 3 });
  const x = Matrix.zeros(2500, 3);
  for (let i = 0; i < x.size; i++) x.data[i] = Math.sin(i);
  const all = model.predict(x);
  const one = model.forward(x.topRows(1)).clone();
  assert.deepEqual(Array.from(all.row(0)), Array.from(one.row(0)));
  const last = model.forward([Array.from(x.row(2499))]).clone();
  assert.deepEqual(Array.from(all.row(2499)), Array.from(last.row(0)));
  // probabilities of a softmax output sum to 1 per row
  for (let i = 0; i < all.rows; i++) assert.ok(Math.abs(all.get(i, 0) + all.get(i, 1) - 1) < 1e-6);
});

test('same seed → the same initial and trained model, bit for bit; another seed differs', () => {
  const make = (seed: number): Model =>
    new Model({ inputs: 2, layers: [new Dense({ units: 8, activation: 'relu' }), new Dropout({ rate: 0.3 }), new Dense({ units: 2, activation: 'softmax' })], seed });
  const x = Array.from({ length: 64 }, (_, i) => [Math.sin(i), Math.cos(i)]);
  const y = x.map((r) => (r[0]! * r[1]! > 0 ? [1, 0] : [0, 1]));
  const a = make(9);
  const b = make(9);
  const c = make(10);
  for (const m of [a, b, c]) m.fit(x, y, { epochs: 5, batchSize: 7, validationSplit: 0.2 });
  a.parameters().forEach((p, i) => assert.deepEqual(b.parameters()[i]!.value.data, p.value.data));
  assert.notDeepEqual(c.parameters()[0]!.value.data, a.parameters()[0]!.value.data);
});
