import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dense, Matrix, Model, Rng, SGD, setWarningHandler, type Task } from '../../src/index.js';
import { Network } from '../../src/estimators/network.js';
import { defaultParams, type MLPParams } from '../../src/estimators/params.js';
import type { FitState } from '../../src/estimators/state.js';
import { fitStochastic } from '../../src/estimators/stochastic.js';
import { Trainer as PlaygroundTrainer } from '../../playground/src/trainer.js';
import type { PlaneData } from '../../playground/src/dataset.js';

/**
 * One training core: `Model.fit`, the estimators' stochastic loop and the playground trainer are
 * three drivers of the same Trainer, so from the same weights, generator state, rows, batch size
 * and update rule they walk the same trajectory, bit for bit, over several shuffled epochs.
 *
 * The update rules agree exactly: torch-style SGD θ ← θ − η·g and scikit-learn's SGD with μ = 0,
 * v ← 0·v − η·g, θ ← θ + v, give the same float64 numbers; so do the output deltas of
 * sigmoid + binary cross-entropy, (ŷ − y)/1 and ŷ − y.
 */

// 37 rows (not a multiple of the batch size 8), values exact in float32 and float64
const rows = Array.from({ length: 37 }, (_, i) => [((i * 7) % 16) / 8 - 1, ((i * 5) % 11) / 8 - 0.625]);
const labels = rows.map((r) => (r[0]! * r[1]! > 0 ? 1 : 0));
const EPOCHS = 4;
const BATCH = 8;
const LR = 0.5;

function network(): Model {
  return new Model({ inputs: 2, layers: [new Dense({ units: 5, activation: 'tanh' }), new Dense({ units: 1, activation: 'sigmoid' })], dtype: 'float64', seed: 11 });
}

function weights(m: Model): number[][] {
  return m.parameters().map((p) => Array.from(p.value.data));
}

test('fit, the estimator loop and the playground trainer give identical trajectories for the same seed', () => {
  // 1. Model.fit
  const viaFit = network();
  const start = weights(viaFit);
  const rngAfterInit = viaFit.rng.getState();
  viaFit.fit(rows, labels, { optimizer: new SGD({ lr: LR }), batchSize: BATCH, epochs: EPOCHS });

  // 2. the playground trainer, on the same rows as its training part
  const viaPlayground = network();
  const plane: PlaneData = {
    task: 'classification' as Task,
    classes: ['0', '1'],
    featureNames: ['a', 'b'],
    x: Float64Array.from(rows.flat()),
    y: Float64Array.from(labels),
    train: Uint32Array.from(rows.keys()),
    test: Uint32Array.from([0, 1, 2]),
  } as unknown as PlaneData;
  const playground = new PlaygroundTrainer(viaPlayground, new SGD({ lr: LR }), plane, BATCH);
  for (let e = 0; e < EPOCHS; e++) playground.trainEpoch();

  // 3. the estimators' stochastic loop (scikit-learn's SGD with μ = 0, logistic output, alpha 0)
  const net = new Network([2, 5, 1], 'tanh', 'logistic');
  net.model.parameters().forEach((p, i) => p.value.data.set(start[i]!));
  const rng = new Rng(0);
  rng.setState(rngAfterInit);
  const params: MLPParams = {
    ...defaultParams(),
    solver: 'sgd',
    learningRate: 'constant',
    learningRateInit: LR,
    momentum: 0,
    nesterovsMomentum: false,
    alpha: 0,
    batchSize: BATCH,
    maxIter: EPOCHS,
    shuffle: true,
    tol: 0,
    nIterNoChange: 1000,
  };
  const state: FitState = {
    network: net, nFeatures: 2, nIter: 0, t: 0, loss: Number.NaN, bestLoss: Infinity, lossCurve: [], validationScores: null,
    validationLossCurve: null, bestValidationScore: null, bestWeights: null, noImprovementCount: 0, optimizer: null,
  };
  const previous = setWarningHandler(() => {});
  try {
    fitStochastic(state, params, Matrix.from(rows, 'float64'), Matrix.from(labels.map((l) => [l]), 'float64'), false, rng, { score: () => 0, stratifyBy: () => null, log: null });
  } finally {
    setWarningHandler(previous);
  }

  const expected = weights(viaFit);
  assert.notDeepEqual(expected, start, 'training moved the weights');
  assert.deepEqual(weights(viaPlayground), expected, 'playground trainer = fit');
  assert.deepEqual(weights(net.model), expected, 'estimator loop = fit');
  assert.equal(playground.steps, EPOCHS * Math.ceil(37 / BATCH));
});

