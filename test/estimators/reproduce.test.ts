import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveBackend } from '../../src/backend/registry.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';
import { setWarningHandler, type WarningHandler } from '../../src/core/errors.js';
import { MLPClassifier, MLPRegressor, type Label } from '../../src/estimators/index.js';
import { camelParams, fixture, splitData, table, type ReproductionEntry } from './fixture.js';

/**
 * Given scikit-learn's initial weights (exported by generate.py) and shuffle: false, our sgd and adam
 * must retrace scikit-learn's first five loss-curve values to 1e-6 relative, and lbfgs must end within
 * 1 % of scikit-learn's final loss (a different line search walks a different path to the same minimum).
 */

/** Training rows of split 0 of an entry's data set, and its targets. */
function trainingData(entry: ReproductionEntry): { x: number[][]; y: Label[] | number[][] } {
  const base = entry.dataset.replace(/-multilabel$/, '').replace(/2$/, '');
  const { xTrain, train } = splitData(base, entry.split);
  const t = table(base);
  if (entry.dataset === 'iris-multilabel') {
    return { x: xTrain, y: train.map((i) => [t.y[i] === 'setosa' ? 1 : 0, t.y[i] !== 'virginica' ? 1 : 0]) };
  }
  if (entry.dataset === 'regression2') return { x: xTrain, y: train.map((i) => [t.y[i] as number, (t.y2 as number[])[i] as number]) };
  return { x: xTrain, y: train.map((i) => t.y[i] as Label) };
}

/** An estimator started from scikit-learn's initial weights: initialize, assign, then fit with warmStart. */
function fromSklearnStart(entry: ReproductionEntry, extra: { maxIter?: number } = {}): MLPClassifier | MLPRegressor {
  const { x, y } = trainingData(entry);
  const options = { ...camelParams(entry.params), randomState: 7, shuffle: false, ...extra };
  const est = entry.dataset.startsWith('regression') ? new MLPRegressor(options) : new MLPClassifier(options);
  if (est instanceof MLPRegressor) est.initialize(x, y as number[] | number[][]);
  else est.initialize(x, y);
  est.coefs = entry.coefs;
  est.intercepts = entry.intercepts;
  est.setParams({ warmStart: true });
  if (est instanceof MLPRegressor) est.fit(x, y as number[] | number[][]);
  else est.fit(x, y);
  return est;
}

// Twice: on the reference backend, then on the WASM backend (float64 products in f64x2 kernels),
// which `initWasmBackend` makes the 'auto' choice — the estimators' default — from then on.
for (const backend of ['reference', 'wasm'] as const) describe(`reproduces scikit-learn from its initial weights (${backend} backend)`, () => {
  let previous: WarningHandler;
  before(async () => {
    previous = setWarningHandler(() => {});
    if (backend === 'wasm') await initWasmBackend();
    assert.equal(resolveBackend('auto', 'float64').name, backend);
  });
  after(() => setWarningHandler(previous));

  for (const entry of fixture.reproduction.filter((e) => e.lossCurve !== undefined)) {
    it(`${entry.name}: first five loss values to 1e-6 relative`, () => {
      const est = fromSklearnStart(entry, { maxIter: 5 });
      const ours = est.lossCurve;
      const ref = entry.lossCurve as number[];
      assert.equal(ours.length, 5);
      let worst = 0;
      ref.forEach((r, i) => {
        const rel = Math.abs((ours[i] as number) - r) / Math.abs(r);
        worst = Math.max(worst, rel);
        assert.ok(rel <= 1e-6, `epoch ${i + 1}: ours ${ours[i]}, scikit-learn ${r} (relative error ${rel.toExponential(2)})`);
      });
      if (process.env['MLPKIT_REPORT'] !== undefined) console.log(`${entry.name}: worst relative error ${worst.toExponential(2)}`);
    });
  }

  for (const entry of fixture.reproduction.filter((e) => e.finalLoss !== undefined)) {
    it(`${entry.name}: lbfgs final loss within 1 %`, () => {
      const est = fromSklearnStart(entry);
      const ref = entry.finalLoss as number;
      const rel = Math.abs(est.loss - ref) / ref;
      if (process.env['MLPKIT_REPORT'] !== undefined) console.log(`${entry.name}: ours ${est.loss} (${est.nIter} it), scikit-learn ${ref} (${entry.nIter} it), relative ${rel.toExponential(2)}`);
      assert.ok(rel <= 0.01, `ours ${est.loss} after ${est.nIter} iterations, scikit-learn ${ref} after ${entry.nIter} (relative ${rel.toExponential(2)})`);
    });
  }
});
