import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConfigError, setWarningHandler, type WarningHandler } from '../../src/core/errors.js';
import { Matrix } from '../../src/core/matrix.js';
import { MLPClassifier, MLPRegressor, NotFittedError, defaultParams, type Label } from '../../src/estimators/index.js';
import { fixture, splitData, table } from './fixture.js';

let warnings: string[] = [];
let previous: WarningHandler;
before(() => (previous = setWarningHandler((m) => warnings.push(m))));
after(() => setWarningHandler(previous));
beforeEach(() => (warnings = []));

/** Iris, split 0, standardized: 112 training and 38 test rows. */
function iris(): { xTrain: number[][]; yTrain: Label[]; xTest: number[][]; yTest: Label[] } {
  const t = table('iris');
  const { xTrain, xTest, train, test } = splitData('iris', 0);
  return { xTrain, xTest, yTrain: train.map((i) => t.y[i] as Label), yTest: test.map((i) => t.y[i] as Label) };
}

/** Two labels per iris flower: [is setosa, is not virginica]. */
function irisMultilabel(y: Label[]): number[][] {
  return y.map((l) => [l === 'setosa' ? 1 : 0, l !== 'virginica' ? 1 : 0]);
}

function shapeOf(m: number[][]): number[] {
  return [m.length, (m[0] as number[]).length];
}

describe('parameters', () => {
  it("defaults are scikit-learn's", () => {
    assert.deepEqual(new MLPClassifier().getParams(), {
      hiddenLayerSizes: [100], activation: 'relu', solver: 'adam', alpha: 0.0001, batchSize: 'auto', learningRate: 'constant',
      learningRateInit: 0.001, powerT: 0.5, maxIter: 200, shuffle: true, randomState: null, tol: 1e-4, verbose: false,
      warmStart: false, momentum: 0.9, nesterovsMomentum: true, earlyStopping: false, validationFraction: 0.1, beta1: 0.9,
      beta2: 0.999, epsilon: 1e-8, nIterNoChange: 10, maxFun: 15000, dtype: 'float64',
    });
    assert.deepEqual(new MLPRegressor().getParams(), defaultParams());
  });

  it('rejects invalid values at construction, naming parameter and value', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ alpha: -1 }, 'alpha must be a number ≥ 0, got -1'],
      [{ solver: 'newton' }, "solver must be one of lbfgs, sgd, adam; got 'newton'"],
      [{ activation: 'softmax' }, "got 'softmax'"],
      [{ hiddenLayerSizes: [10, 0] }, 'hiddenLayerSizes[1] must be an integer ≥ 1, got 0'],
      [{ hiddenLayerSizes: 2.5 }, 'hiddenLayerSizes[0] must be an integer ≥ 1, got 2.5'],
      [{ batchSize: 0 }, 'batchSize must be an integer ≥ 1, got 0'],
      [{ learningRate: 'cosine' }, "got 'cosine'"],
      [{ learningRateInit: 0 }, 'learningRateInit must be a number > 0, got 0'],
      [{ maxIter: 0 }, 'maxIter must be an integer ≥ 1, got 0'],
      [{ momentum: 1.5 }, 'momentum must be a number ≥ 0 and ≤ 1, got 1.5'],
      [{ validationFraction: 1 }, 'validationFraction must be a number ≥ 0 and < 1, got 1'],
      [{ beta2: 1 }, 'beta2 must be a number ≥ 0 and < 1, got 1'],
      [{ epsilon: 0 }, 'epsilon must be a number > 0, got 0'],
      [{ nIterNoChange: 0 }, 'nIterNoChange must be an integer ≥ 1, got 0'],
      [{ maxFun: 1.5 }, 'maxFun must be an integer ≥ 1, got 1.5'],
      [{ shuffle: 'yes' }, 'shuffle must be true or false, got yes'],
      [{ randomState: -3 }, 'randomState must be an integer ≥ 0'],
      [{ learning_rate_init: 0.1 }, "unknown parameter 'learning_rate_init'"],
    ];
    for (const [options, message] of bad) {
      for (const Est of [MLPClassifier, MLPRegressor]) {
        assert.throws(() => new Est(options as never), (e: unknown) => e instanceof ConfigError && e.message.includes(message) && e.message.startsWith(Est.name),
          `${JSON.stringify(options)} should fail with "${message}"`);
      }
    }
    assert.doesNotThrow(() => new MLPClassifier({ nIterNoChange: Infinity, hiddenLayerSizes: [], batchSize: 7 }));
  });

  it('setParams validates, keeps the rest, and returns the estimator', () => {
    const clf = new MLPClassifier({ alpha: 0.5 });
    assert.equal(clf.setParams({ solver: 'sgd', hiddenLayerSizes: 3 }), clf);
    assert.equal(clf.getParams().alpha, 0.5);
    assert.deepEqual(clf.getParams().hiddenLayerSizes, [3]);
    assert.throws(() => clf.setParams({ momentum: -0.1 }), /momentum must be a number ≥ 0 and ≤ 1, got -0.1/);
    assert.equal(clf.getParams().momentum, 0.9);
  });
});

describe('fitted attributes and shapes match scikit-learn', () => {
  const opts = { hiddenLayerSizes: [5, 4], maxIter: 5, randomState: 0 };
  const data = (name: string): { x: number[][]; y: Label[] | number[] | number[][] } => {
    const base = { binary: 'breast_cancer', multiclass: 'iris', 'multiclass-numbers': 'digits', multilabel: 'iris', regression: 'regression', 'regression-2-outputs': 'regression' }[name] as string;
    const t = table(base);
    const { xTrain, train } = splitData(base, 0);
    const labels = train.map((i) => t.y[i] as Label);
    if (name === 'multilabel') return { x: xTrain, y: irisMultilabel(labels) };
    if (name === 'regression-2-outputs') return { x: xTrain, y: train.map((i) => [t.y[i] as number, (t.y2 as number[])[i] as number]) };
    return { x: xTrain, y: labels };
  };

  for (const ref of fixture.shapes) {
    it(ref.name, () => {
      const { x, y } = data(ref.name);
      const regression = ref.name.startsWith('regression');
      const est = regression ? new MLPRegressor(opts).fit(x, y as number[]) : new MLPClassifier(opts).fit(x, y as Label[]);
      if (est instanceof MLPClassifier) assert.deepEqual(est.classes, ref.classes);
      assert.equal(est.nOutputs, ref.nOutputs);
      assert.equal(est.nLayers, ref.nLayers);
      assert.equal(est.outActivation, ref.outActivation);
      assert.deepEqual(est.coefs.map(shapeOf), ref.coefs);
      assert.deepEqual(est.intercepts.map((b) => [b.length]), ref.intercepts);
      const predicted = est.predict(x.slice(0, 3));
      assert.deepEqual(Array.isArray(predicted[0]) ? shapeOf(predicted as number[][]) : [predicted.length], ref.predictShape);
      if (est instanceof MLPClassifier) assert.deepEqual(shapeOf(est.predictProba(x.slice(0, 3))), ref.probaShape);
      assert.equal(est.nIter, 5);
      assert.equal(est.t, 5 * x.length);
      assert.equal(est.lossCurve.length, 5);
      assert.equal(est.loss, est.lossCurve[4]);
      assert.equal(est.bestLoss, Math.min(...est.lossCurve));
      assert.equal(est.validationScores, null);
      assert.equal(est.nFeaturesIn, (x[0] as number[]).length);
      assert.ok(warnings.some((w) => w.startsWith('ConvergenceWarning: Stochastic Optimizer: Maximum iterations (5) reached')));
    });
  }

  it('attributes before fit throw NotFittedError', () => {
    const clf = new MLPClassifier();
    assert.throws(() => clf.coefs, NotFittedError);
    assert.throws(() => clf.predict([[1, 2]]), /not fitted yet/);
  });
});

describe('classification', () => {
  it("the user guide's example: lbfgs on two points", () => {
    const clf = new MLPClassifier({ solver: 'lbfgs', alpha: 1e-5, hiddenLayerSizes: [5, 2], randomState: 0 });
    clf.fit([[0, 0], [1, 1]], [0, 1]);
    assert.deepEqual(clf.predict([[2, 2], [-1, -2]]), [1, 0]);
    assert.deepEqual(clf.coefs.map(shapeOf), [[2, 5], [5, 2], [2, 1]]);
    const p = clf.predictProba([[2, 2], [-1, -2]]);
    for (const row of p) assert.ok(Math.abs((row[0] as number) + (row[1] as number) - 1) < 1e-12);
    const logP = clf.predictLogProba([[2, 2]]);
    assert.ok(Math.abs((logP[0]?.[1] as number) - Math.log(p[0]?.[1] as number)) < 1e-12);
  });

  it('accepts number[][], typed-array rows and Matrix inputs, with string or number labels', () => {
    const { xTrain, yTrain, xTest, yTest } = iris();
    const codes = yTrain.map((l) => ['setosa', 'versicolor', 'virginica'].indexOf(l as string) * 10);
    const a = new MLPClassifier({ hiddenLayerSizes: [8], solver: 'lbfgs', maxIter: 50, randomState: 3 }).fit(xTrain, yTrain);
    const b = new MLPClassifier({ hiddenLayerSizes: [8], solver: 'lbfgs', maxIter: 50, randomState: 3 }).fit(xTrain.map((r) => Float64Array.from(r)), Int32Array.from(codes));
    const c = new MLPClassifier({ hiddenLayerSizes: [8], solver: 'lbfgs', maxIter: 50, randomState: 3 }).fit(Matrix.from(xTrain, 'float64'), codes);
    assert.deepEqual(b.classes, [0, 10, 20]);
    assert.deepEqual(a.coefs, b.coefs);
    assert.deepEqual(b.coefs, c.coefs);
    const labels = a.predict(xTest) as Label[];
    assert.deepEqual(b.predict(xTest), labels.map((l) => ['setosa', 'versicolor', 'virginica'].indexOf(l as string) * 10));
    assert.ok(a.score(xTest, yTest) > 0.9);
  });

  it('multi-label: an indicator y gives one logistic output per label', () => {
    const { xTrain, yTrain, xTest, yTest } = iris();
    const clf = new MLPClassifier({ hiddenLayerSizes: [10], solver: 'lbfgs', maxIter: 200, randomState: 0 }).fit(xTrain, irisMultilabel(yTrain));
    assert.deepEqual(clf.classes, [0, 1]);
    assert.equal(clf.outActivation, 'logistic');
    const predicted = clf.predict(xTest) as number[][];
    assert.deepEqual(shapeOf(predicted), [xTest.length, 2]);
    assert.ok(predicted.every((row) => row.every((v) => v === 0 || v === 1)));
    // subset accuracy: both labels right
    assert.ok(clf.score(xTest, irisMultilabel(yTest)) >= 0.9, `score ${clf.score(xTest, irisMultilabel(yTest))}`);
  });

  it('partialFit on streamed batches reaches the accuracy of fit', () => {
    const { xTrain, yTrain, xTest, yTest } = iris();
    const options = { hiddenLayerSizes: [20], learningRateInit: 0.01, randomState: 1 } as const;
    const fitted = new MLPClassifier({ ...options, maxIter: 300 }).fit(xTrain, yTrain);
    const streamed = new MLPClassifier(options);
    assert.throws(() => streamed.partialFit(xTrain.slice(0, 10), yTrain.slice(0, 10)), /classes must be passed on the first call to partialFit/);
    const classes = ['setosa', 'versicolor', 'virginica'];
    for (let epoch = 0; epoch < 300; epoch++) {
      // batches of 16 rows, as if they arrived one by one
      for (let start = 0; start < xTrain.length; start += 16) {
        streamed.partialFit(xTrain.slice(start, start + 16), yTrain.slice(start, start + 16), epoch === 0 && start === 0 ? classes : undefined);
      }
    }
    assert.deepEqual(streamed.classes, classes);
    assert.ok(streamed.score(xTest, yTest) >= fitted.score(xTest, yTest) - 0.03, `streamed ${streamed.score(xTest, yTest)}, fit ${fitted.score(xTest, yTest)}`);
    assert.throws(() => streamed.partialFit(xTrain.slice(0, 2), ['setosa', 'daisy']), /label "daisy"/);
    assert.throws(() => new MLPClassifier({ solver: 'lbfgs' }).partialFit(xTrain, yTrain, classes), /only available for stochastic solvers/);
  });

  it('warmStart continues from the previous weights; without it fit starts afresh', () => {
    const { xTrain, yTrain } = iris();
    const clf = new MLPClassifier({ hiddenLayerSizes: [10], solver: 'sgd', learningRateInit: 0.05, maxIter: 5, shuffle: false, randomState: 0 });
    clf.fit(xTrain, yTrain);
    const first = clf.lossCurve;
    const weights = clf.coefs;
    clf.setParams({ warmStart: true });
    clf.fit(xTrain, yTrain);
    assert.equal(clf.nIter, 10);
    assert.equal(clf.t, 10 * xTrain.length);
    assert.deepEqual(clf.lossCurve.slice(0, 5), first);
    assert.ok((clf.lossCurve[5] as number) < (first[0] as number) && (clf.lossCurve[5] as number) < (first[4] as number) * 1.05);
    assert.notDeepEqual(clf.coefs, weights);
    // a fresh fit (warmStart off) starts from the same initial weights as the first
    clf.setParams({ warmStart: false });
    clf.fit(xTrain, yTrain);
    assert.equal(clf.nIter, 5);
    assert.deepEqual(clf.lossCurve, first);
    assert.throws(() => clf.setParams({ warmStart: true }).fit(xTrain, yTrain.map((l) => (l === 'virginica' ? 'setosa' : l))), /same classes/);
  });

  it('early stopping: stratified hold-out, scores per epoch, the best weights restored', () => {
    const t = table('breast_cancer');
    const { xTrain, train } = splitData('breast_cancer', 0);
    const y = train.map((i) => t.y[i] as Label);
    const clf = new MLPClassifier({ hiddenLayerSizes: [10], earlyStopping: true, validationFraction: 0.2, nIterNoChange: 3, learningRateInit: 0.01, maxIter: 200, randomState: 0 });
    clf.fit(xTrain, y);
    const scores = clf.validationScores as number[];
    assert.ok(clf.nIter < 200, `stopped after ${clf.nIter} epochs`);
    assert.equal(scores.length, clf.nIter);
    assert.equal(clf.validationLossCurve?.length, clf.nIter);
    assert.equal(clf.bestValidationScore, Math.max(...scores));
    assert.equal(clf.bestLoss, null);
    // ceil(0.2·426) = 86 of the 426 rows held out: the loop saw 340 rows per epoch
    assert.equal(xTrain.length, 426);
    assert.equal(clf.t, 340 * clf.nIter);
    // no improvement of tol in the last nIterNoChange + 1 epochs
    const best = scores.indexOf(Math.max(...scores));
    assert.ok(scores.length - 1 - best >= 3);
    assert.ok(!warnings.some((w) => w.startsWith('ConvergenceWarning')));
  });

  it("'adaptive' divides the learning rate by 5 when the loss stalls (verbose messages go to logger)", () => {
    const { xTrain, yTrain } = iris();
    const lines: string[] = [];
    const clf = new MLPClassifier({ hiddenLayerSizes: [10], solver: 'sgd', learningRate: 'adaptive', learningRateInit: 0.1, tol: 0.05, nIterNoChange: 2, maxIter: 40, verbose: true, randomState: 0 });
    clf.logger = (line) => lines.push(line);
    clf.fit(xTrain, yTrain);
    assert.match(lines[0] as string, /^Iteration 1, loss = \d+\.\d{8}$/);
    const reductions = lines.filter((l) => l.includes('Setting learning rate to'));
    assert.ok(reductions.length >= 1, lines.join('\n'));
    assert.match(reductions[0] as string, /^Training loss did not improve more than tol=0\.050000 for 2 consecutive epochs\. Setting learning rate to 0\.020000$/);
  });
});

describe('regression', () => {
  it('multi-output: one identity output per target column', () => {
    const t = table('regression');
    const { xTrain, xTest, train, test } = splitData('regression', 0);
    const y = (rows: number[]): number[][] => rows.map((i) => [t.y[i] as number, (t.y2 as number[])[i] as number]);
    const reg = new MLPRegressor({ hiddenLayerSizes: [30], solver: 'lbfgs', maxIter: 300, randomState: 0 }).fit(xTrain, y(train));
    assert.equal(reg.nOutputs, 2);
    assert.equal(reg.outActivation, 'identity');
    const predicted = reg.predict(xTest) as number[][];
    assert.deepEqual(shapeOf(predicted), [xTest.length, 2]);
    // scikit-learn scores 0.95, 0.80 and 0.81 here with random states 0, 1, 2
    assert.ok(reg.score(xTest, y(test)) > 0.78, `R² ${reg.score(xTest, y(test))}`);
  });

  it('lbfgs warns when maxIter ends it', () => {
    const { xTrain, train } = splitData('regression', 0);
    const t = table('regression');
    new MLPRegressor({ solver: 'lbfgs', maxIter: 3, hiddenLayerSizes: [5] }).fit(xTrain, train.map((i) => t.y[i] as number));
    assert.ok(warnings.some((w) => w.startsWith('ConvergenceWarning: lbfgs failed to converge (status=1): STOP: TOTAL NO. of ITERATIONS REACHED LIMIT')), warnings.join('\n'));
  });

  it('rejects malformed inputs with the offending value', () => {
    const reg = new MLPRegressor({ maxIter: 1 });
    assert.throws(() => reg.fit([[1, 2], [3, Number.NaN]], [1, 2]), /X contains NaN at row 1, column 1/);
    assert.throws(() => reg.fit([[1, 2], [3, 4]], [1]), /X has 2 rows but y has 1/);
    reg.fit([[1, 2], [3, 4]], [1, 2]);
    assert.throws(() => reg.predict([[1, 2, 3]]), /X has 3 features, but the estimator was fitted with 2/);
  });
});
