import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setWarningHandler, type WarningHandler } from '../../src/core/errors.js';
import { MLPClassifier, MLPRegressor, type Label } from '../../src/estimators/index.js';
import { camelParams, fixture, median, splitData, table } from './fixture.js';

/**
 * Same splits, same standardization, same estimator settings as scikit-learn's reference runs
 * (test/fixtures/sklearn/generate.py); only the random numbers differ. Our median test score over
 * the seeds must be at least scikit-learn's minus 1 percentage point (accuracy) or 0.02 (R²).
 */
describe('test scores against scikit-learn', () => {
  let previous: WarningHandler;
  before(() => (previous = setWarningHandler(() => {})));
  after(() => setWarningHandler(previous));

  for (const ref of fixture.scores) {
    const regression = fixture.datasets[ref.dataset]?.task === 'regression';
    const margin = regression ? 0.02 : 0.01;
    it(`${ref.dataset} / ${ref.solver}: median ≥ scikit-learn's ${ref.median.toFixed(4)} − ${margin}`, () => {
      const t = table(ref.dataset);
      const scores = ref.seeds.map((seed, s) => {
        const { xTrain, xTest, train, test } = splitData(ref.dataset, s);
        const options = { ...camelParams(ref.params), solver: ref.solver, randomState: seed };
        if (regression) {
          const y = (rows: number[]): number[] => rows.map((i) => t.y[i] as number);
          return new MLPRegressor(options).fit(xTrain, y(train)).score(xTest, y(test));
        }
        const y = (rows: number[]): Label[] => rows.map((i) => t.y[i] as Label);
        return new MLPClassifier(options).fit(xTrain, y(train)).score(xTest, y(test));
      });
      const ours = median(scores);
      if (process.env['MLPKIT_REPORT'] !== undefined) {
        console.log(`${ref.dataset}/${ref.solver}: ours ${ours.toFixed(4)} [${scores.map((v) => v.toFixed(4)).join(' ')}], scikit-learn ${ref.median.toFixed(4)}`);
      }
      assert.ok(ours >= ref.median - margin, `median ${ours} (${scores.join(', ')}) below scikit-learn's ${ref.median} − ${margin}`);
    });
  }
});
