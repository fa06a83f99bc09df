// Estimators save and load through the model format: toJSON() is an ordinary mlpkit model document
// (any reader of model files can run the network) with the estimator under metadata.estimator, and
// fromJSON() gives back an estimator that predicts bit for bit the same and keeps its fitted attributes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelFormatError } from '../../src/core/errors.js';
import { MLPClassifier, MLPRegressor, NotFittedError, type Label } from '../../src/estimators/index.js';
import { loadModel } from '../../src/io/model-format.js';

/** 60 points in 3-D, deterministic; three classes by the sign pattern of two sums. */
const x = Array.from({ length: 60 }, (_, i) => [Math.sin(i), Math.cos(2 * i), Math.sin(5 * i + 1)]);
const names = ['low', 'mid', 'high'];
const y3: Label[] = x.map(([a, b, c]) => names[(a! + b! > 0 ? 1 : 0) + (b! - c! > 0.3 ? 1 : 0)] as string);
const y2: Label[] = x.map(([a, , c]) => (a! - c! > 0 ? 7 : 3));
const yMulti = x.map(([a, b, c]) => [a! > 0 ? 1 : 0, b! + c! > 0 ? 1 : 0]);
const yReg = x.map(([a, b, c]) => [a! * 2 - b!, b! * c!]);

/** Through JSON text, as a file would carry it. */
const roundTrip = (doc: unknown): unknown => JSON.parse(JSON.stringify(doc));

describe('estimator toJSON / fromJSON', () => {
  for (const [solver, y, label] of [
    ['adam', y3, 'three string classes'],
    ['lbfgs', y2, 'two number classes'],
    ['sgd', yMulti, 'multi-label'],
  ] as const) {
    it(`MLPClassifier (${solver}, ${label}): same predictions, probabilities, classes and fitted attributes`, () => {
      const clf = new MLPClassifier({ hiddenLayerSizes: [6], solver, maxIter: 30, randomState: 1 }).fit(x, y);
      const back = MLPClassifier.fromJSON(roundTrip(clf.toJSON()));
      assert.deepEqual(back.predictProba(x), clf.predictProba(x));
      assert.deepEqual(back.predict(x), clf.predict(x));
      assert.deepEqual(back.classes, clf.classes);
      assert.deepEqual(back.getParams(), clf.getParams());
      assert.deepEqual(back.coefs, clf.coefs);
      assert.deepEqual(back.intercepts, clf.intercepts);
      assert.deepEqual(back.lossCurve, clf.lossCurve);
      assert.equal(back.nIter, clf.nIter);
      assert.equal(back.loss, clf.loss);
      assert.equal(back.outActivation, clf.outActivation);
      assert.equal(back.score(x, y), clf.score(x, y));
    });
  }

  it('MLPRegressor (two outputs, float32): same predictions and attributes; a warm start continues from the loaded weights', () => {
    const reg = new MLPRegressor({ hiddenLayerSizes: [8, 4], maxIter: 20, randomState: 3, dtype: 'float32' }).fit(x, yReg);
    const back = MLPRegressor.fromJSON(JSON.stringify(reg.toJSON()));
    assert.deepEqual(back.predict(x), reg.predict(x));
    assert.deepEqual(back.lossCurve, reg.lossCurve);
    assert.equal(back.getParams().dtype, 'float32');
    back.setParams({ warmStart: true, maxIter: 5 }).fit(x, yReg);
    reg.setParams({ warmStart: true, maxIter: 5 }).fit(x, yReg);
    assert.equal(back.nIter, reg.nIter);
    assert.ok(back.lossCurve.length === reg.lossCurve.length);
  });

  it('the document is a model file: loadModel runs the network and gives the estimator’s probabilities', () => {
    const clf = new MLPClassifier({ hiddenLayerSizes: [5], maxIter: 20, randomState: 2 }).fit(x, y3);
    const { model, metadata } = loadModel(roundTrip(clf.toJSON()));
    assert.deepEqual(model.predict(x).toArray(), clf.predictProba(x));
    assert.equal((metadata['estimator'] as { type: string }).type, 'MLPClassifier');
  });

  it('nIterNoChange: Infinity and an early-stopping run survive the round trip', () => {
    const clf = new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 15, randomState: 4, earlyStopping: true, nIterNoChange: Infinity }).fit(x, y3);
    const back = MLPClassifier.fromJSON(roundTrip(clf.toJSON()));
    assert.equal(back.getParams().nIterNoChange, Infinity);
    assert.deepEqual(back.validationScores, clf.validationScores);
    assert.equal(back.bestValidationScore, clf.bestValidationScore);
    assert.deepEqual(back.predict(x), clf.predict(x));
  });

  it('refuses what is not a saved estimator of its kind, and an unfitted estimator', () => {
    const clf = new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 5, randomState: 0 }).fit(x, y3);
    const doc = roundTrip(clf.toJSON()) as { metadata: Record<string, unknown>; layers: { units: number }[] };
    assert.throws(() => MLPRegressor.fromJSON(doc), (e: unknown) => e instanceof ModelFormatError && /MLPClassifier/.test(e.message));
    const plain = { ...doc, metadata: {} };
    assert.throws(() => MLPClassifier.fromJSON(plain), (e: unknown) => e instanceof ModelFormatError && /metadata\.estimator/.test(e.message));
    const wrongClasses = roundTrip(doc) as { metadata: { estimator: { classes: unknown[] } } };
    wrongClasses.metadata.estimator.classes = ['a', 'b'];
    assert.throws(() => MLPClassifier.fromJSON(wrongClasses), ModelFormatError);
    assert.throws(() => MLPClassifier.fromJSON('{"format": "mlpkit-model"'), ModelFormatError);
    assert.throws(() => new MLPRegressor().toJSON(), NotFittedError);
  });
});
