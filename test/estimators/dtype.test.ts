// The estimators on the WASM backend (the 'auto' choice once initWasmBackend has run): float64 by
// default, as scikit-learn computes, and float32 on request. Both learn the same task to the same
// accuracy as the reference backend; the loss-curve reproduction in float64 is in reproduce.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { initWasmBackend } from '../../src/backend/wasm/index.js';
import { setWarningHandler, type WarningHandler } from '../../src/core/errors.js';
import { MLPClassifier, MLPRegressor, type Label } from '../../src/estimators/index.js';
import { splitData, table } from './fixture.js';

describe("estimators' dtype", () => {
  let previous: WarningHandler;
  before(() => (previous = setWarningHandler(() => {})));
  after(() => setWarningHandler(previous));

  const digits = splitData('digits', 0);
  const labels = table('digits').y;
  const yTrain = digits.train.map((i) => labels[i] as Label);
  const yTest = digits.test.map((i) => labels[i] as Label);
  const accuracy = (dtype: 'float32' | 'float64', solver: 'adam' | 'lbfgs'): number => {
    const est = new MLPClassifier({ hiddenLayerSizes: [64], solver, maxIter: 60, randomState: 3, dtype });
    est.fit(digits.xTrain, yTrain);
    return est.score(digits.xTest, yTest);
  };

  it("rejects a dtype other than 'float64' or 'float32', and a warm start in another dtype", () => {
    assert.throws(() => new MLPClassifier({ dtype: 'int8' as 'float32' }), /dtype must be one of float64, float32/);
    const est = new MLPRegressor({ hiddenLayerSizes: [3], maxIter: 2, randomState: 1 });
    est.fit([[0], [1], [2]], [0, 1, 2]);
    est.setParams({ warmStart: true, dtype: 'float32' });
    assert.throws(() => est.fit([[0], [1], [2]], [0, 1, 2]), /cannot continue training with dtype 'float32'/);
  });

  it('float64 and float32 on the WASM backend reach the reference backend accuracy on digits (adam and lbfgs)', async () => {
    const reference = { adam: accuracy('float64', 'adam'), lbfgs: accuracy('float64', 'lbfgs') };
    await initWasmBackend();
    for (const solver of ['adam', 'lbfgs'] as const) {
      assert.ok(reference[solver] > 0.9, `the reference learns digits with ${solver} (${reference[solver]})`);
      for (const dtype of ['float64', 'float32'] as const) {
        const got = accuracy(dtype, solver);
        assert.ok(Math.abs(got - reference[solver]) <= 0.02, `${solver} ${dtype} on wasm: test accuracy ${got} vs reference ${reference[solver]}`);
      }
    }
  });
});
