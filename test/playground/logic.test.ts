import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { explainStep, fit, loadModel } from '../../src/index.js';
import { parseCsv } from '../../src/data/index.js';
import { syntheticData, tableData } from '../../playground/src/dataset.js';
import { fromPixel, gridInputs, layerOutputsOnGrid, nearestPoint, toPixel } from '../../playground/src/grid.js';
import { loadForPlayground, modelFileText, savedSettings } from '../../playground/src/model-io.js';
import { buildModel, buildOptimizer, outputChoice } from '../../playground/src/network.js';
import { STAGES, digitsFor, fmt, parseShown, stageView } from '../../playground/src/stages.js';
import { expandFeatures } from '../../playground/src/features.js';
import { LR_LADDER, lrStep } from '../../playground/src/controls.js';
import { checkStage, fromStageTables } from './step-check.js';
import { decodeState, defaultState, type PlaygroundState } from '../../playground/src/state.js';
import { Trainer } from '../../playground/src/trainer.js';
import { retuned } from '../../playground/src/retune.js';

function spiralSetup(patch: Partial<PlaygroundState> = {}) {
  const state = { ...defaultState(), source: 'spiral', optimizer: 'adam', lr: 0.01, ...patch } as PlaygroundState;
  const data = syntheticData(state);
  const model = buildModel(state, outputChoice(state, data.task, data.classes.length));
  return { state, data, model, trainer: new Trainer(model, buildOptimizer(state), data, state.batchSize, state.features) };
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

  it('digits are chosen from the change, so old and new print differently', () => {
    // a weight 0.5 moved by 3e-6: 4 digits would print 0.5 twice
    const d = digitsFor(0.5, 3e-6);
    assert.notEqual(fmt(0.5, d), fmt(0.5 + 3e-6, d));
    assert.equal(digitsFor(0.5, 0.01), 4);
    assert.equal(digitsFor(1, 0), 4);
    assert.ok(digitsFor(1, 1e-12) <= 8);
  });

  for (const [name, patch, penalty] of [
    ['spiral, Adam, no penalty', {}, { l1: 0, l2: 0 }],
    ['spiral with L2 and dropout', { l2: 0.01, layers: [{ units: 4, activation: 'tanh', dropout: 0.5 }, { units: 3, activation: 'relu', dropout: 0 }] }, { l1: 0, l2: 0.01 }],
    ['bumps regression, tanh output with MSE (not fused), L1', { source: 'bumps', outputActivation: 'tanh', l1: 0.001, optimizer: 'sgd', lr: 0.1 }, { l1: 0.001, l2: 0 }],
  ] as const) {
    it(`every stage's table shows explainStep's numbers, and the chain rule holds on them: ${name}`, () => {
      const { trainer, data } = spiralSetup(patch as Partial<PlaygroundState>);
      trainer.trainBatch();
      const i = data.train[5] as number;
      const t = trainer.explain(i);
      let checked = 0;
      for (const stage of STAGES) checked += checkStage(stage, fromStageTables(stageView(stage, t, i).tables), t, penalty);
      assert.ok(checked > 60, `${checked} numbers checked`);
      if (patch === undefined || !('layers' in patch)) return;
      // the dropout case: dropped inputs say so, and layers are named by position, not dense_1 → dense_3
      const forward = stageView('forward', t, i);
      assert.deepEqual(forward.tables.slice(1).map((x) => x.caption.split(' (')[0]), ['Hidden layer 1', 'Hidden layer 2', 'Output layer']);
      const dropped = (t.forward[0]?.dropout?.mask[0] ?? []).filter((m) => m === 0).length;
      assert.ok(dropped > 0, 'the seed drops some of layer 1');
      assert.equal(forward.tables[2]?.rows.filter((r) => r.cells[0]?.text.includes('(dropped)')).length, dropped);
    });
  }

  it('a fused output says δ = ŷ − y; the update stage shows the loss before and after', () => {
    const { trainer, data } = spiralSetup();
    const i = data.train[0] as number;
    const t = trainer.explain(i);
    const backward = stageView('backward', t, i);
    assert.match(backward.tables[0]?.caption ?? '', /fused.*δ = ŷ − y/);
    const update = stageView('update', t, i);
    assert.equal(update.tables[0]?.id, 'update-loss');
    assert.match(update.announcement, /loss goes from .* to /);
  });
});

describe('playground inputs and settings', () => {
  it('with feature crosses, one epoch is one epoch of fit on the expanded inputs', () => {
    const features = ['x1', 'x2', 'x1x2', 'sin1'] as const;
    const { trainer, data, state } = spiralSetup({ features: [...features], batchSize: 16 });
    const other = spiralSetup({ features: [...features], batchSize: 16 }).model;
    assert.equal(trainer.model.inputs, 4);
    trainer.trainEpoch();
    const rows = Array.from(data.train);
    const x = expandFeatures(rows.flatMap((i) => [data.x[2 * i] as number, data.x[2 * i + 1] as number]), features);
    fit(other, rows.map((_, r) => Array.from(x.slice(4 * r, 4 * r + 4))), rows.map((i) => data.y[i] as number), { epochs: 1, batchSize: 16, optimizer: buildOptimizer(state) });
    trainer.model.parameters().forEach((p, k) => assert.deepEqual(p.value.data, other.parameters()[k]?.value.data, p.name));
  });

  it('feature crosses: x₁², x₂², x₁x₂, sin x₁, sin x₂ as extra columns', () => {
    const x = expandFeatures([2, 3, -1, 0.5], ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sin1', 'sin2']);
    assert.deepEqual(Array.from(x.slice(0, 7)), [2, 3, 4, 9, 6, Math.sin(2), Math.sin(3)]);
    assert.deepEqual(Array.from(expandFeatures([2, 3], ['x1x2'])), [6]);
    const s = { ...defaultState(), features: ['x1', 'x2', 'x1x2'] } as PlaygroundState;
    assert.equal(buildModel(s, outputChoice(s, 'binary', 2)).inputs, 3);
  });

  it('the learning rate steps ×3 / ÷3 through the ladder, never jumping 0.03 → 1.03', () => {
    assert.equal(lrStep(0.03, 1), 0.1);
    assert.equal(lrStep(0.03, -1), 0.01);
    assert.equal(lrStep(0.05, 1), 0.1);
    assert.equal(lrStep(10, 1), 10);
    assert.equal(lrStep(0.00001, -1), 0.00001);
    assert.ok(LR_LADDER.every((v, k) => k === 0 || v > (LR_LADDER[k - 1] as number)));
  });
});

describe('playground model files', () => {
  it('downloads in mlpkit format with the settings, and loads back with the same weights', () => {
    const { trainer, state, data } = spiralSetup({ layers: [{ units: 5, activation: 'relu', dropout: 0.1 }] });
    trainer.trainEpoch();
    const text = modelFileText(trainer.model, state, data);
    assert.equal(decodeState(savedSettings(text) ?? '').state.layers[0]?.units, 5);
    const { model, spec } = loadForPlayground(text, data, 2);
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
    assert.throws(() => loadForPlayground(modelFileText(trainer.model, three, data), iris, 2), /needs 3 outputs; the model has 1/);
    assert.throws(() => loadForPlayground(modelFileText(trainer.model, three, data), data, 3), /give the network 3 inputs; the model has 2/);
  });
});

describe('playground: optimizer settings without a reset', () => {
  const params = (t: Trainer) => t.model.parameters().map((p) => Array.from(p.value.data));

  it('retuning to the same settings, mid-epoch, changes nothing: the same weights as training straight on', () => {
    const a = spiralSetup({ batchSize: 16 });
    const b = spiralSetup({ batchSize: 16 });
    a.trainer.trainEpoch();
    b.trainer.trainEpoch();
    for (let k = 0; k < 5; k++) {
      a.trainer.trainBatch();
      b.trainer.trainBatch();
    }
    const t = retuned(a.trainer, a.state);
    t.trainEpoch();
    t.trainEpoch();
    b.trainer.trainEpoch();
    b.trainer.trainEpoch();
    assert.deepEqual(params(t), params(b.trainer));
    assert.equal(t.epoch, 3);
    assert.equal(t.history.length, 4);
    assert.equal(t.optimizer.iterations, b.trainer.optimizer.iterations, 'Adam keeps its step count and moments');
  });

  it('a new η applies from the next step: SGD moves ten times as far at 10 × η', () => {
    const a = spiralSetup({ optimizer: 'sgd', lr: 0.03, batchSize: 25 });
    const b = spiralSetup({ optimizer: 'sgd', lr: 0.03, batchSize: 25 });
    a.trainer.trainEpoch();
    b.trainer.trainEpoch();
    const before = params(a.trainer);
    const t = retuned(a.trainer, { ...a.state, lr: 0.3 });
    assert.deepEqual(params(t), before, 'the weights stay');
    t.trainBatch();
    b.trainer.trainBatch();
    const fast = params(t);
    const slow = params(b.trainer);
    before.forEach((w, k) =>
      w.forEach((v, i) => {
        const d = (fast[k]?.[i] as number) - v;
        const d0 = (slow[k]?.[i] as number) - v;
        assert.ok(Math.abs(d - 10 * d0) <= 1e-5 + 1e-3 * Math.abs(d), `param ${k}[${i}]: ${d} vs 10 × ${d0}`);
      }),
    );
  });

  it('an L2 change keeps the weights, the epoch, the curve and the generator; the penalty is in the cost', () => {
    const a = spiralSetup({ l2: 0 });
    a.trainer.trainEpoch();
    const before = params(a.trainer);
    const rng = a.trainer.model.rng.getState();
    const t = retuned(a.trainer, { ...a.state, l2: 0.01 });
    assert.notEqual(t, a.trainer);
    assert.deepEqual(params(t), before);
    assert.deepEqual(t.model.rng.getState(), rng);
    assert.equal(t.epoch, 1);
    assert.equal(t.history.length, 2);
    assert.ok(t.model.penalty() > 0);
    assert.ok(Math.abs(t.cost(t.data.train) - t.model.penalty() - (t.history[1]?.train as number)) < 1e-6, 'the data cost is unchanged');
    t.trainEpoch();
    assert.equal(t.epoch, 2);
  });

  it('a batch size asked for mid-epoch starts with the next epoch; another optimizer kind starts its own state', () => {
    const a = spiralSetup({ batchSize: 10 });
    a.trainer.trainBatch();
    const t = retuned(a.trainer, { ...a.state, batchSize: 50, optimizer: 'sgd', lr: 0.1 });
    assert.equal(t.batchesPerEpoch, 25, 'this epoch keeps its 25 batches');
    assert.equal(t.batchSize, 50);
    assert.equal(t.optimizer.name, 'sgd');
    assert.equal(t.optimizer.iterations, 1, 'the step count carries over');
    t.trainEpoch();
    t.trainBatch();
    assert.equal(t.batchesPerEpoch, 5);
  });
});
