import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { explainStep, fit, loadModel } from '../../src/index.js';
import { parseCsv } from '../../src/data/index.js';
import { syntheticData, tableData } from '../../playground/src/dataset.js';
import { fromPixel, gridInputs, layerOutputsOnGrid, nearestPoint, toPixel } from '../../playground/src/grid.js';
import { loadForPlayground, modelFileText, savedSettings } from '../../playground/src/model-io.js';
import { buildModel, buildOptimizer, outputChoice } from '../../playground/src/network.js';
import { fmt, parseShown, stageView } from '../../playground/src/stages.js';
import { decodeState, defaultState, type PlaygroundState } from '../../playground/src/state.js';
import { Trainer } from '../../playground/src/trainer.js';

function spiralSetup(patch: Partial<PlaygroundState> = {}) {
  const state = { ...defaultState(), source: 'spiral', optimizer: 'adam', lr: 0.01, ...patch } as PlaygroundState;
  const data = syntheticData(state);
  const model = buildModel(state, outputChoice(state, data.task, data.classes.length));
  return { state, data, model, trainer: new Trainer(model, buildOptimizer(state), data, state.batchSize) };
}

describe('playground data', () => {
  it('a synthetic set is fixed by its seed and split by the test share', () => {
    const a = spiralSetup({ testRatio: 0.3 }).data;
    const b = spiralSetup({ testRatio: 0.3 }).data;
    assert.deepEqual(a.x, b.x);
    assert.equal(a.x.length, 1000);
    assert.equal(a.test.length, 150);
    assert.equal(a.train.length, 350);
    assert.equal(a.task, 'binary');
    assert.notDeepEqual(spiralSetup({ seed: 2 }).data.x, a.x);
  });

  it('iris through its first two principal directions keeps about 96 % of the (standardized) variance', () => {
    const table = parseCsv(readFileSync(new URL('../../data/iris.csv', import.meta.url), 'utf8'), { source: 'iris.csv' });
    const d = tableData(table, { projection: 'pca', xColumn: '', yColumn: '', target: '', testRatio: 0.5, seed: 1 });
    assert.equal(d.task, 'multiclass');
    assert.deepEqual(d.classes, ['setosa', 'versicolor', 'virginica']);
    assert.equal(d.y.length, 150);
    assert.deepEqual(d.featureNames, ['PC1', 'PC2']);
    // scikit-learn: PCA on standardized iris explains 72.96 % + 22.85 % = 95.81 %
    assert.match(d.note, /keep 95\.8% of the variance/);
    const cols = tableData(table, { projection: 'columns', xColumn: 'petal_length', yColumn: 'petal_width', target: 'species', testRatio: 0.2, seed: 1 });
    assert.deepEqual(cols.featureNames, ['petal_length', 'petal_width']);
    assert.equal(cols.test.length, 30);
  });

  it('a numeric target with many values makes a (standardized) regression', () => {
    const table = parseCsv('a,b,c\n' + Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 11},${i * 0.37}`).join('\n'));
    const d = tableData(table, { projection: 'columns', xColumn: '', yColumn: '', target: '', testRatio: 0.25, seed: 3 });
    assert.equal(d.task, 'regression');
    assert.ok(Math.abs(d.y.reduce((s, v) => s + v, 0)) < 1e-9);
  });
});

describe('playground grid', () => {
  it('samples cell centres from the top row down', () => {
    const g = gridInputs({ xMin: -1, xMax: 1, yMin: -2, yMax: 2 }, 2);
    assert.deepEqual(Array.from(g), [-0.5, 1, 0.5, 1, -0.5, -1, 0.5, -1]);
  });

  it('pixels and plane coordinates are inverse maps', () => {
    const d = { xMin: -6, xMax: 6, yMin: -3, yMax: 5 };
    const [px, py] = toPixel(d, 400, 300, 1.5, -2);
    const [x1, x2] = fromPixel(d, 400, 300, px, py);
    assert.ok(Math.abs(x1 - 1.5) < 1e-12 && Math.abs(x2 + 2) < 1e-12);
    assert.deepEqual(toPixel(d, 400, 300, -6, 5), [0, 0]);
  });

  it('picks the nearest point within the radius', () => {
    const x = [0, 0, 1, 1, 3, 3];
    assert.equal(nearestPoint(x, [0, 1, 2], 0.9, 0.8, 0.5), 1);
    assert.equal(nearestPoint(x, [0, 2], 0.9, 0.8, 0.5), -1);
  });

  it('the last layer on the grid is the model prediction', () => {
    const { model, data } = spiralSetup();
    const g = gridInputs(data.domain, 7);
    const layers = layerOutputsOnGrid(model, g);
    assert.equal(layers.length, 3);
    assert.equal(layers[0]?.length, 49 * 8);
    const rows = Array.from({ length: 49 }, (_, i) => [g[2 * i] as number, g[2 * i + 1] as number]);
    assert.deepEqual(Array.from(layers[2] as Float32Array), Array.from(model.predict(rows).data));
  });
});

describe('playground trainer', () => {
  it('one epoch is one epoch of fit: same shuffle, same batches, same weights', () => {
    const { trainer, data, state } = spiralSetup({ batchSize: 16 });
    const other = spiralSetup({ batchSize: 16 }).model;
    trainer.trainEpoch();
    const rows = Array.from(data.train);
    fit(other, rows.map((i) => [data.x[2 * i] as number, data.x[2 * i + 1] as number]), rows.map((i) => data.y[i] as number), {
      epochs: 1,
      batchSize: state.batchSize,
      optimizer: buildOptimizer(state),
    });
    assert.equal(trainer.steps, Math.ceil(250 / 16));
    assert.equal(trainer.epoch, 1);
    trainer.model.parameters().forEach((p, k) => assert.deepEqual(p.value.data, other.parameters()[k]?.value.data, p.name));
    assert.equal(trainer.history.length, 2);
  });

  it('learns the spiral: test cost below 0.25 within 300 epochs', () => {
    const { trainer } = spiralSetup();
    while (trainer.epoch < 300 && (trainer.history.at(-1)?.test ?? 1) >= 0.25) trainer.trainEpoch();
    assert.ok((trainer.history.at(-1)?.test ?? 1) < 0.25, `test cost ${trainer.history.at(-1)?.test}`);
  });

  it('explain(i) is explainStep on sample i, and stepOn(i) makes exactly the update it shows', () => {
    const { trainer, data, state, model } = spiralSetup({ optimizer: 'sgd', lr: 0.1, momentum: 0.5 });
    trainer.trainBatch();
    const i = data.train[3] as number;
    const trace = trainer.explain(i);
    const reference = spiralSetup({ optimizer: 'sgd', lr: 0.1, momentum: 0.5 });
    reference.trainer.trainBatch();
    assert.deepEqual(trace, explainStep(reference.model, [[data.x[2 * i] as number, data.x[2 * i + 1] as number]], [data.y[i] as number], { optimizer: reference.trainer.optimizer }));
    trainer.stepOn(i);
    model.parameters().forEach((p, k) => {
      const after = trace.update?.tensors[k]?.after.flat() as number[];
      assert.deepEqual(Array.from(p.value.data), after, p.name);
    });
    assert.equal(state.optimizer, 'sgd');
  });
});

describe('playground step stages', () => {
  it('formats with four significant digits and parses back', () => {
    assert.equal(fmt(0.123456), '0.1235');
    assert.equal(fmt(-12.3456), '-12.35');
    assert.equal(fmt(0), '0');
    assert.equal(fmt(1.5e-7), '1.500e-7');
    assert.equal(parseShown(fmt(-0.0004321)), -0.0004321);
  });

  it('shows the trace’s numbers, stage by stage', () => {
    const { trainer, data } = spiralSetup();
    const i = data.train[0] as number;
    const t = trainer.explain(i);
    const forward = stageView('forward', t, i);
    assert.equal(forward.tables.length, 1 + 3);
    assert.equal(forward.tables[1]?.rows[2]?.[1]?.raw, t.forward[0]?.z[0]?.[2]);
    assert.equal(forward.tables[1]?.rows[2]?.[2]?.raw, t.forward[0]?.a[0]?.[2]);
    const loss = stageView('loss', t, i);
    assert.equal(loss.tables[0]?.rows.at(-1)?.[1]?.raw, t.loss.cost);
    assert.match(loss.announcement, /binaryCrossentropy/);
    const backward = stageView('backward', t, i);
    assert.equal(backward.tables[0]?.id, 'backward-dense_3-delta');
    assert.equal(backward.tables[0]?.rows[0]?.[1]?.raw, t.backward[0]?.delta[0]?.[0]);
    const update = stageView('update', t, i);
    assert.equal(update.tables.length, 6);
    const w = update.tables[0]?.rows[1];
    assert.deepEqual(w?.slice(1).map((c) => c.raw), [t.update?.tensors[0]?.before[0]?.[1], t.update?.tensors[0]?.gradient[0]?.[1], t.update?.learningRate, t.update?.tensors[0]?.after[0]?.[1], t.update?.tensors[0]?.change[0]?.[1]]);
  });
});

describe('playground model files', () => {
  it('downloads in mlpkit format with the settings, and loads back with the same weights', () => {
    const { trainer, state, data } = spiralSetup({ layers: [{ units: 5, activation: 'relu', dropout: 0.1 }] });
    trainer.trainEpoch();
    const text = modelFileText(trainer.model, state, data);
    assert.equal(decodeState(savedSettings(text) ?? '').state.layers[0]?.units, 5);
    const { model, spec } = loadForPlayground(text, data);
    assert.deepEqual(spec.layers, [{ units: 5, activation: 'relu', dropout: 0.1 }]);
    assert.equal(spec.optimizer?.name, 'adam');
    model.parameters().forEach((p, k) => assert.deepEqual(p.value.data, trainer.model.parameters()[k]?.value.data));
    assert.equal(loadModel(text).model.countParams(), trainer.model.countParams());
  });

  it('refuses a model with the wrong number of inputs or outputs, saying why', () => {
    const { data } = spiralSetup();
    const three = decodeState('').state;
    const iris = { ...data, task: 'multiclass' as const, classes: ['a', 'b', 'c'] };
    const { trainer } = spiralSetup();
    assert.throws(() => loadForPlayground(modelFileText(trainer.model, three, data), iris), /needs 3 outputs; the model has 1/);
  });
});
