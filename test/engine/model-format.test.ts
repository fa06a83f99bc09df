import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam,
  Dense,
  Dropout,
  Model,
  ModelFormatError,
  SGD,
  loadModel,
  modelToJSON,
  serializeModel,
  type ModelDocument,
} from '../../src/index.js';

function net(dtype: 'float32' | 'float64', seed = 11): Model {
  return new Model({
    inputs: 3,
    layers: [
      new Dense({ units: 5, activation: { name: 'leakyRelu', alpha: 0.2 }, l2: 0.01 }),
      new Dropout({ rate: 0.25 }),
      new Dense({ units: 4, activation: 'gelu', useBias: false }),
      new Dense({ units: 2, activation: 'softmax' }),
    ],
    dtype,
    seed,
  });
}

const x = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7]);
const y = x.map((r) => (r[0]! + r[1]! > 0 ? [1, 0] : [0, 1]));

for (const dtype of ['float32', 'float64'] as const) {
  test(`${dtype}: save → load round-trips every weight bit for bit, and predictions`, () => {
    const model = net(dtype);
    model.fit(x, y, { epochs: 3, batchSize: 8, optimizer: new Adam({ lr: 0.01 }) });
    const loaded = loadModel(serializeModel(model)).model;
    assert.equal(loaded.dtype, dtype);
    model.parameters().forEach((p, i) => assert.deepEqual(loaded.parameters()[i]!.value.data, p.value.data, p.name));
    assert.deepEqual(loaded.predict(x).data, model.predict(x).data);
    assert.equal(loaded.summary().text, model.summary().text);
  });
}

test('resume: training 2 + 2 epochs through a saved file equals training 4 epochs straight', () => {
  const straight = net('float64');
  straight.fit(x, y, { epochs: 4, batchSize: 8, optimizer: new Adam({ lr: 0.01 }) });

  const first = net('float64');
  first.fit(x, y, { epochs: 2, batchSize: 8, optimizer: new Adam({ lr: 0.01 }) });
  const resumed = loadModel(JSON.parse(JSON.stringify(modelToJSON(first)))).model;
  assert.ok(resumed.optimizer instanceof Adam);
  assert.equal((resumed.optimizer as Adam).iterations, 10);
  resumed.fit(x, y, { epochs: 2, batchSize: 8 }); // continues with the restored optimizer and generator
  straight.parameters().forEach((p, i) => assert.deepEqual(resumed.parameters()[i]!.value.data, p.value.data, p.name));
});

test('metadata is stored and returned; optimizer can be left out', () => {
  const model = net('float32');
  model.optimizer = new SGD({ lr: 0.1, momentum: 0.9 });
  const doc = modelToJSON(model, { optimizer: false, metadata: { classes: ['a', 'b'], note: 'x' } });
  assert.equal(doc.optimizer, undefined);
  const { model: loaded, metadata } = loadModel(doc);
  assert.deepEqual(metadata, { classes: ['a', 'b'], note: 'x' });
  assert.equal(loaded.optimizer, null);
});

/** Each malformed document and the words its error must contain. */
const malformed: [string, (d: ModelDocument & Record<string, unknown>) => unknown, RegExp][] = [
  ['not JSON', () => '{"format": ', /invalid JSON/],
  ['an array', () => [], /expected a JSON object/],
  ['another format', (d) => ({ ...d, format: 'keras' }), /not an mlpkit model file.*"keras"/],
  ['a future version', (d) => ({ ...d, version: 7 }), /version 7 is newer.*version 1/],
  ['a missing field', (d) => ({ ...d, inputs: undefined }), /at inputs/],
  ['an unknown activation', (d) => { (d.layers[0] as { activation: unknown }).activation = 'swoosh'; return d; }, /layers\[0\]\.activation/],
  ['a NaN weight', (d) => { (d.layers[0] as { weights: { W: { data: unknown[] } } }).weights.W.data[3] = 'NaN'; return d; }, /layers\[0\]\.weights\.W\.data\[3\]/],
  ['a short weight array', (d) => { (d.layers[0] as { weights: { W: { data: number[] } } }).weights.W.data.pop(); return d; }, /layers\[0\]\.weights\.W\.data: expected 15 values \(3×5\), got 14/],
  ['a wrong shape', (d) => { (d.layers[2] as { weights: { W: { shape: number[] } } }).weights.W.shape = [4, 4]; return d; }, /layers\[2\]\.weights\.W\.shape: expected \[5, 4\], got \[4, 4\]/],
  ['bias present without useBias', (d) => { (d.layers[2] as { useBias: boolean }).useBias = true; return d; }, /useBias is true but b is null/],
  ['an unknown extra key', (d) => ({ ...d, evil: 'code()' }), /Unrecognized key|evil/],
  ['a trailing dropout', (d) => ({ ...d, layers: [...d.layers, { type: 'dropout', rate: 0.1 }] }), /last layer must be dense/],
  ['a corrupt optimizer state', (d) => { d.optimizer!.state!.slots[0] = [[1, 2]]; return d; }, /optimizer\.state/],
];

for (const [what, corrupt, message] of malformed) {
  test(`loading rejects ${what} with a clear ModelFormatError`, () => {
    const model = net('float32');
    model.fit(x, y, { epochs: 1, batchSize: 8 });
    const doc = JSON.parse(serializeModel(model)) as ModelDocument & Record<string, unknown>;
    const bad = corrupt(doc);
    assert.throws(() => loadModel(typeof bad === 'string' ? bad : JSON.parse(JSON.stringify(bad))), (e: unknown) => {
      assert.ok(e instanceof ModelFormatError, `expected ModelFormatError, got ${String(e)}`);
      assert.match((e as Error).message, message);
      return true;
    });
  });
}
