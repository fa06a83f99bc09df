import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, ConfigError, Dense, Matrix, Model, Rng, ShapeError, fitStream, type Batch } from '../../src/index.js';

/** 300 rows of 3 inputs, a class from a linear rule. */
function data(seed = 2): { x: Matrix; y: Matrix } {
  const rng = new Rng(seed);
  const x = Matrix.zeros(300, 3);
  const y = Matrix.zeros(300, 1);
  for (let i = 0; i < 300; i++) {
    for (let j = 0; j < 3; j++) x.data[i * 3 + j] = rng.normal();
    y.data[i] = (x.data[i * 3] as number) - 0.5 * (x.data[i * 3 + 1] as number) > 0 ? 1 : 0;
  }
  return { x, y };
}

function model(): Model {
  return new Model({ inputs: 3, layers: [new Dense({ units: 8, activation: 'tanh' }), new Dense({ units: 2, activation: 'softmax' })], loss: 'sparseCategoricalCrossentropy', seed: 4 });
}

/** The rows from..to−1 as a batch (copies). */
function slice(m: Matrix, from: number, to: number): Matrix {
  return new Matrix(to - from, m.cols, m.data.slice(from * m.cols, to * m.cols));
}

/** Batches of `size` rows in order, re-iterable (a fresh generator per epoch). */
function batchesOf(x: Matrix, y: Matrix, size: number, from = 0, to = x.rows): Iterable<Batch> {
  return {
    *[Symbol.iterator]() {
      for (let s = from; s < to; s += size) {
        const e = Math.min(to, s + size);
        yield { x: slice(x, s, e), y: slice(y, s, e) };
      }
    },
  };
}

describe('fitStream: training from an iterable of batches', () => {
  it('the same batches in the same order train exactly as fit without shuffling (same weights, same history)', async () => {
    const { x, y } = data();
    const a = model();
    const b = model();
    const h1 = a.fit(slice(x, 0, 240), slice(y, 0, 240), { epochs: 4, batchSize: 32, shuffle: false, optimizer: new Adam({ lr: 0.01 }), validationData: { x: slice(x, 240, 300), y: slice(y, 240, 300) } });
    const h2 = await fitStream(b, batchesOf(x, y, 32, 0, 240), { epochs: 4, optimizer: new Adam({ lr: 0.01 }), validation: batchesOf(x, y, 1024, 240, 300) });
    assert.deepEqual(Array.from(b.parameters().flatMap((p) => Array.from(p.value.data))), Array.from(a.parameters().flatMap((p) => Array.from(p.value.data))));
    assert.deepEqual(h2.epochs.map((e) => [e.cost, e.valCost, e.metrics.accuracy]), h1.epochs.map((e) => [e.cost, e.valCost, e.metrics.accuracy]));
  });

  it('takes async iterables and functions of the epoch; early stopping keeps the best epoch', async () => {
    const { x, y } = data();
    const seen: number[] = [];
    const source = (epoch: number) => {
      seen.push(epoch);
      return (async function* () {
        for (const batch of batchesOf(x, y, 50, 0, 240)) yield batch;
      })();
    };
    const m = model();
    const h = await fitStream(m, source, { epochs: 60, optimizer: new Adam({ lr: 0.2 }), validation: batchesOf(x, y, 60, 240, 300), earlyStopping: { patience: 3 } });
    assert.deepEqual(seen, h.epochs.map((e) => e.epoch));
    assert.equal(h.stopReason, 'early-stopping');
    const best = h.epochs.reduce((p, e) => ((e.valCost as number) < (p.valCost as number) ? e : p));
    assert.equal(h.bestEpoch, best.epoch);
  });

  it('refuses what cannot work, with the reason', async () => {
    const { x, y } = data();
    const once = (async function* () {
      yield { x: slice(x, 0, 10), y: slice(y, 0, 10) };
    })();
    await assert.rejects(fitStream(model(), once, { epochs: 2 }), (e: unknown) => e instanceof ShapeError && /epoch 2 had no rows; pass a source that can be iterated again/.test(e.message));
    await assert.rejects(fitStream(model(), batchesOf(x, y, 10), { optimizer: 'lbfgs' }), (e: unknown) => e instanceof ConfigError && /L-BFGS needs all rows/.test(e.message));
    const wide = [{ x: Matrix.zeros(4, 5), y: Matrix.zeros(4, 1) }];
    await assert.rejects(fitStream(model(), wide, { epochs: 1 }), /model expects 3 input columns, batch 0 has x 4×5/);
  });
});
