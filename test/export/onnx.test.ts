import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { ConfigError, Dense, Matrix, Model } from '../../src/index.js';
import { Preprocessor, tableFromArrays, type Table } from '../../src/data/index.js';
import { toOnnx, type OnnxExportOptions } from '../../src/io/export/index.js';
import { ACTIVATIONS, assertClose, buildModel, fitMixed, mixedTable, onnxMetadata, randomInputs, specName } from './helpers.js';

/** The tolerance of the issue: |onnx − mlpkit| ≤ 1e-5 (relative above magnitude 1). */
const TOLERANCE = 1e-5;
const BATCHES = [1, 257];

async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes);
}

async function runPlain(s: ort.InferenceSession, x: Matrix): Promise<Float32Array> {
  const out = await s.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [x.rows, x.cols]) });
  const y = out.output as ort.Tensor;
  assert.deepEqual(y.dims, [x.rows, y.dims[1]]);
  return y.data as Float32Array;
}

/** Raw columns of the first `rows` rows of a mixed table as the graph's `numeric` and `text` inputs. */
function rawFeeds(table: Table, pre: Preprocessor, rows: number, overrideText?: (row: number, column: string) => string | undefined): Record<string, ort.Tensor> {
  const state = pre.toJSON();
  const numeric = state.features.filter((f) => f.kind === 'numeric');
  const text = state.features.filter((f) => f.kind === 'categorical');
  const feeds: Record<string, ort.Tensor> = {};
  const column = (name: string) => table.columns.find((c) => c.name === name);
  if (numeric.length > 0) {
    const data = new Float32Array(rows * numeric.length);
    numeric.forEach((f, j) => {
      const c = column(f.name);
      assert.ok(c?.kind === 'numeric');
      for (let i = 0; i < rows; i++) data[i * numeric.length + j] = c.values[i] as number; // NaN = missing
    });
    feeds.numeric = new ort.Tensor('float32', data, [rows, numeric.length]);
  }
  if (text.length > 0) {
    const data: string[] = new Array<string>(rows * text.length);
    text.forEach((f, j) => {
      const c = column(f.name);
      assert.ok(c?.kind === 'text');
      for (let i = 0; i < rows; i++) {
        const k = c.codes[i] as number;
        data[i * text.length + j] = overrideText?.(i, f.name) ?? (k < 0 ? '' : (c.categories[k] as string)); // "" = missing
      }
    });
    feeds.text = new ort.Tensor('string', data, [rows, text.length]);
  }
  return feeds;
}

function firstRows(table: Table, rows: number): Table {
  return tableFromArrays(
    Object.fromEntries(
      table.columns.map((c) => [
        c.name,
        c.kind === 'numeric' ? Array.from(c.values.subarray(0, rows)) : Array.from(c.codes.subarray(0, rows), (k) => (k < 0 ? null : (c.categories[k] as string))),
      ]),
    ),
  );
}

describe('toOnnx: onnxruntime runs every activation and matches model.predict', () => {
  for (const spec of ACTIVATIONS) {
    it(`${specName(spec)} in the hidden layers and at the output, batches ${BATCHES.join(' and ')}`, async () => {
      const model = buildModel(spec, spec);
      const s = await session(toOnnx(model));
      for (const rows of BATCHES) {
        const x = randomInputs(rows, 5, rows);
        assertClose(await runPlain(s, x), model.predict(x).data, TOLERANCE, `${specName(spec)}, batch ${rows}`);
      }
    });
  }

  it('large |z| does not overflow: softplus, sigmoid, swish, elu, selu, gelu at ±80', async () => {
    for (const spec of ['softplus', 'sigmoid', 'swish', 'elu', 'selu', 'gelu'] as const) {
      const model = new Model({ inputs: 1, layers: [new Dense({ units: 1, activation: spec })] });
      model.setWeights([[[1]], [[0]]]);
      const x = new Matrix(6, 1, Float32Array.from([-80, -20, -1e-3, 0, 20, 80]));
      assertClose(await runPlain(await session(toOnnx(model)), x), model.predict(x).data, TOLERANCE, spec);
    }
  });

  it('a float64 model is exported in float32 and still matches', async () => {
    const model = new Model({ inputs: 4, dtype: 'float64', layers: [new Dense({ units: 5, activation: 'tanh' }), new Dense({ units: 2, activation: 'softmax' })] });
    const x = randomInputs(257, 4);
    assertClose(await runPlain(await session(toOnnx(model)), x), model.predict(x).data, TOLERANCE, 'float64');
  });

  it('every opset from 13 to 21 loads and computes the same', async () => {
    const model = buildModel('gelu', 'softmax');
    const x = randomInputs(17, 5);
    for (let opset = 13; opset <= 21; opset++) {
      assertClose(await runPlain(await session(toOnnx(model, { opset })), x), model.predict(x).data, TOLERANCE, `opset ${opset}`);
    }
  });
});

describe('toOnnx: classification and regression outputs', () => {
  it('softmax classifier: probabilities, and the label output is the argmax class', async () => {
    const model = buildModel('relu', 'softmax', 5, 3);
    const classLabels = ['cat', 'dog', 'bird'];
    const s = await session(toOnnx(model, { classLabels, featureNames: ['a', 'b', 'c', 'd', 'e'] }));
    assert.deepEqual(s.outputNames, ['output', 'label']);
    for (const rows of BATCHES) {
      const x = randomInputs(rows, 5, 3 + rows);
      const out = await s.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [rows, 5]) });
      assertClose(out.output?.data as Float32Array, model.predict(x).data, TOLERANCE, 'probabilities');
      assert.deepEqual(out.label?.dims, [rows]);
      assert.deepEqual(out.label?.data, Array.from(model.predictClasses(x), (k) => classLabels[k]));
    }
  });

  it('single sigmoid output: label is class 1 when p ≥ ½', async () => {
    const model = buildModel('tanh', 'sigmoid', 5, 1);
    const s = await session(toOnnx(model, { classLabels: ['no', 'yes'] }));
    const x = randomInputs(257, 5, 9);
    const out = await s.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [257, 5]) });
    assertClose(out.output?.data as Float32Array, model.predict(x).data, TOLERANCE, 'p');
    const labels = out.label?.data as string[];
    assert.deepEqual(labels, Array.from(model.predictClasses(x), (k) => (k === 1 ? 'yes' : 'no')));
    assert.ok(labels.includes('yes') && labels.includes('no'), 'both classes occur');
  });

  it('regression: one linear output, no label', async () => {
    const model = buildModel('elu', 'identity', 5, 1);
    const s = await session(toOnnx(model));
    assert.deepEqual(s.outputNames, ['output']);
    const x = randomInputs(257, 5);
    assertClose(await runPlain(s, x), model.predict(x).data, TOLERANCE, 'regression');
  });

  it('metadata_props: architecture, feature names, class labels', () => {
    const model = buildModel({ name: 'leakyRelu', alpha: 0.2 }, 'softmax', 5, 3);
    const meta = onnxMetadata(toOnnx(model, { classLabels: ['x', 'y', 'z'], featureNames: ['a', 'b', 'c', 'd', 'e'] }));
    assert.equal(meta.architecture, '5 → 7 leakyRelu(0.2) → 6 leakyRelu(0.2) → 3 softmax');
    assert.deepEqual(JSON.parse(meta.feature_names as string), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(JSON.parse(meta.class_labels as string), ['x', 'y', 'z']);
  });
});

describe('toOnnx with preprocessing: raw columns in', () => {
  const { table } = mixedTable(300);

  it('classification: numeric (with NaN) and text (with "") columns → same probabilities and labels as transform + predict', async () => {
    const pre = fitMixed(table, 'label');
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 8, activation: 'gelu' }), new Dense({ units: 3, activation: 'softmax' })] });
    const bytes = toOnnx(model, { preprocessing: pre.toJSON() });
    const s = await session(bytes);
    assert.deepEqual(s.inputNames, ['numeric', 'text']);
    for (const rows of BATCHES) {
      const part = firstRows(table, rows);
      const out = await s.run(rawFeeds(part, pre, rows));
      const x = pre.transform(part).x;
      assertClose(out.output?.data as Float32Array, model.predict(x).data, TOLERANCE, `batch ${rows}`);
      assert.deepEqual(out.label?.data, pre.decodeClasses(model.predictClasses(x)));
    }
    const meta = onnxMetadata(bytes);
    assert.deepEqual(JSON.parse(meta.numeric_columns as string), ['a', 'b']);
    assert.deepEqual(JSON.parse(meta.text_columns as string), ['colour', 'size']);
    assert.deepEqual(JSON.parse(meta.feature_names as string), ['a', 'b', 'colour', 'size']);
    assert.deepEqual(JSON.parse(meta.class_labels as string), ['setosa', 'versicolor', 'virginica']);
    assert.equal(meta.target, 'label');
    assert.equal(meta.task, 'classification');
  });

  it('regression: the output is in the target’s own units (y = y′·std + mean)', async () => {
    const pre = fitMixed(table, 'value');
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 8, activation: 'swish' }), new Dense({ units: 1 })] });
    const s = await session(toOnnx(model, { preprocessing: pre.toJSON() }));
    assert.deepEqual(s.outputNames, ['output']);
    for (const rows of BATCHES) {
      const part = firstRows(table, rows);
      const out = await s.run(rawFeeds(part, pre, rows));
      const expected = pre.inverseTransformTarget(model.predict(pre.transform(part).x));
      assertClose(out.output?.data as Float32Array, expected, TOLERANCE, `batch ${rows}`);
    }
  });

  it('missing-value indicators (the default of train on a column with a gap) are part of the width: the export takes them', async () => {
    const pre = Preprocessor.fit(table, { target: 'value', drop: ['label'], impute: 'median', markMissing: true });
    assert.deepEqual(pre.indicators.map((f) => f.name), ['a']);
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 4, activation: 'tanh' }), new Dense({ units: 1 })] });
    const s = await session(toOnnx(model, { preprocessing: pre.toJSON() }));
    const part = firstRows(table, 40);
    const out = await s.run(rawFeeds(part, pre, 40));
    assertClose(out.output?.data as Float32Array, pre.inverseTransformTarget(model.predict(pre.transform(part).x)), TOLERANCE, 'indicators');
  });

  it('piecewise-linear bins, the table defaults (robust scaling, clipping, indicators): same as transform + predict, also outside the fitted range', async () => {
    const pre = Preprocessor.fit(table, { target: 'value', drop: ['label'], impute: 'median', markMissing: true, scaling: 'robust', clip: 3, bins: 5 });
    assert.equal(pre.binned.length, 2);
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 8, activation: 'relu' }), new Dense({ units: 1 })] });
    const s = await session(toOnnx(model, { preprocessing: pre.toJSON() }));
    const part = firstRows(table, 257);
    // values far outside the training range: the first and last bins extrapolate
    const a = part.columns.find((c) => c.name === 'a');
    const b = part.columns.find((c) => c.name === 'b');
    assert.ok(a?.kind === 'numeric' && b?.kind === 'numeric');
    a.values[0] = 1e3;
    b.values[1] = -1e4;
    const out = await s.run(rawFeeds(part, pre, 257));
    assertClose(out.output?.data as Float32Array, pre.inverseTransformTarget(model.predict(pre.transform(part).x)), TOLERANCE, 'bins');
  });

  it('numeric columns only: one input, default opset 13', async () => {
    const pre = Preprocessor.fit(table, { target: 'value', features: ['b', 'a'], impute: 'median' });
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 4, activation: 'softplus' }), new Dense({ units: 1 })] });
    const s = await session(toOnnx(model, { preprocessing: pre.toJSON() }));
    assert.deepEqual(s.inputNames, ['numeric']);
    const part = firstRows(table, 257);
    const out = await s.run(rawFeeds(part, pre, 257));
    assertClose(out.output?.data as Float32Array, pre.inverseTransformTarget(model.predict(pre.transform(part).x)), TOLERANCE, 'numeric only');
  });

  it('text columns only, no imputation: one string input', async () => {
    const t = tableFromArrays({ colour: ['red', 'blue', 'red', 'green', 'blue'], size: ['S', 'S', 'M', 'M', 'L'], y: ['a', 'b', 'a', 'b', 'b'] });
    const pre = Preprocessor.fit(t, { target: 'y' });
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 1, activation: 'sigmoid' })] });
    const s = await session(toOnnx(model, { preprocessing: pre.toJSON() }));
    assert.deepEqual(s.inputNames, ['text']);
    const out = await s.run(rawFeeds(t, pre, 5));
    assertClose(out.output?.data as Float32Array, model.predict(pre.transform(t).x).data, TOLERANCE, 'text only');
    assert.deepEqual(out.label?.data, pre.decodeClasses(model.predictClasses(pre.transform(t).x)));
  });

  it('an unseen category encodes as all zeros, like transform({unknown: "ignore"})', async () => {
    const pre = fitMixed(table, 'label');
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 3, activation: 'softmax' })] });
    const s = await session(toOnnx(model, { preprocessing: pre.toJSON() }));
    const part = firstRows(table, 20);
    const out = await s.run(rawFeeds(part, pre, 20, (i, c) => (c === 'colour' && i % 2 === 0 ? 'purple' : undefined)));
    const purple = tableFromArrays(
      Object.fromEntries(part.columns.map((c) => [c.name, c.kind === 'numeric' ? Array.from(c.values) : Array.from(c.codes, (k, i) => (c.name === 'colour' && i % 2 === 0 ? 'purple' : k < 0 ? null : (c.categories[k] as string)))])),
    );
    assertClose(out.output?.data as Float32Array, model.predict(pre.transform(purple, { unknown: 'ignore' }).x).data, TOLERANCE, 'unknown category');
  });
});

describe('toOnnx refuses what it cannot export, with the reason', () => {
  const model = buildModel('relu', 'softmax');
  const { table } = mixedTable(50);
  const pre = fitMixed(table, 'label');
  const withPre = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 3, activation: 'softmax' })] });
  const cases: [string, () => unknown, RegExp][] = [
    ['opset below 13', () => toOnnx(model, { opset: 12 }), /opset must be an integer from 13 to 21, got 12/],
    ['opset above 21', () => toOnnx(model, { opset: 22 }), /from 13 to 21, got 22/],
    ['text columns below opset 19', () => toOnnx(withPre, { preprocessing: pre.toJSON(), opset: 18 }), /text columns \(colour, size\).*opset 19.*got opset 18/],
    ['featureNames of the wrong length', () => toOnnx(model, { featureNames: ['a'] }), /featureNames has 1 names for 5 inputs/],
    ['class labels of the wrong count', () => toOnnx(model, { classLabels: ['a', 'b'] }), /2 class labels for a network with 3 outputs/],
    ['repeated class labels', () => toOnnx(model, { classLabels: ['a', 'b', 'a'] }), /class labels repeat/],
    ['preprocessing of another width', () => toOnnx(model, { preprocessing: pre.toJSON() }), /produces 9 inputs but the network takes 5/],
    ['invalid preprocessing', () => toOnnx(model, { preprocessing: { format: 'x' } as unknown as NonNullable<OnnxExportOptions['preprocessing']> }), /invalid preprocessing/],
  ];
  for (const [what, fn, message] of cases) {
    it(what, () => assert.throws(fn, (e: unknown) => e instanceof ConfigError && message.test(e.message)));
  }
});
