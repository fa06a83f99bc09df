import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors.js';
import { Matrix } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/rng.js';
import { takeRows, trainTestSplit, type Split } from '../../src/data/index.js';
import { apportion } from '../../src/data/split.js';
import { throwsWith } from './helpers.js';

/** Every row once, in ascending order within each part. */
function assertPartition(s: Split, n: number): void {
  const all = [...s.train, ...s.test].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: n }, (_, i) => i));
  for (const part of [s.train, s.test]) for (let i = 1; i < part.length; i++) assert.ok((part[i - 1] as number) < (part[i] as number));
}

function countBy(labels: ArrayLike<number>, rows: ArrayLike<number>): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const l = labels[rows[i] as number] as number;
    m.set(l, (m.get(l) ?? 0) + 1);
  }
  return m;
}

describe('trainTestSplit', () => {
  it('plain split: size round(n·f), a partition, deterministic per seed', () => {
    const a = trainTestSplit(103, { testFraction: 0.2, rng: new Rng(1) });
    assert.equal(a.test.length, 21);
    assert.equal(a.train.length, 82);
    assertPartition(a, 103);
    assert.deepEqual(trainTestSplit(103, { testFraction: 0.2, rng: new Rng(1) }), a);
    assert.notDeepEqual(trainTestSplit(103, { testFraction: 0.2, rng: new Rng(2) }).test, a.test);
  });

  it('stratified split keeps each class share (within one row) in the test part', () => {
    // 3 classes of 500, 300 and 200 rows, interleaved
    const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2));
    for (const seed of [1, 2, 3]) {
      const s = trainTestSplit(labels, { testFraction: 0.25, rng: new Rng(seed) });
      assertPartition(s, 1000);
      assert.equal(s.test.length, 250);
      const test = countBy(labels, s.test);
      assert.deepEqual([test.get(0), test.get(1), test.get(2)], [125, 75, 50]);
    }
  });

  it('stratifies uneven shares to within one row of exact, total exact', () => {
    const labels = [...Array(7).fill(0), ...Array(11).fill(1), ...Array(13).fill(2)] as number[];
    const s = trainTestSplit(labels, { testFraction: 0.3, rng: new Rng(5) });
    assert.equal(s.test.length, Math.round(31 * 0.3));
    const test = countBy(labels, s.test);
    for (const [label, size] of [[0, 7], [1, 11], [2, 13]] as const) {
      assert.ok(Math.abs((test.get(label) ?? 0) - (size * 9) / 31) < 1, `class ${label}: ${test.get(label)}`);
    }
  });

  it('keeps a small class on both sides when it can', () => {
    const labels = [...Array(98).fill(0), 1, 1] as number[];
    const s = trainTestSplit(labels, { testFraction: 0.1, rng: new Rng(3) });
    assert.equal(countBy(labels, s.test).get(1), 1);
    assert.equal(countBy(labels, s.train).get(1), 1);
  });

  it('apportions a total exactly', () => {
    assert.deepEqual(apportion([50, 50, 50], 30), [10, 10, 10]);
    assert.deepEqual(apportion([1, 1, 1], 2), [1, 1, 0]);
    const q = apportion([5, 3, 2], 3);
    assert.equal(q.reduce((a, b) => a + b), 3);
  });

  it('stratify: false ignores the labels', () => {
    const labels = Array.from({ length: 50 }, (_, i) => i % 2);
    assert.deepEqual(trainTestSplit(labels, { testFraction: 0.2, rng: new Rng(9), stratify: false }), trainTestSplit(50, { testFraction: 0.2, rng: new Rng(9) }));
  });

  it('rejects bad fractions and too few rows', () => {
    throwsWith(ConfigError, () => trainTestSplit(10, { testFraction: 0, rng: new Rng() }), 'testFraction', '0');
    throwsWith(ConfigError, () => trainTestSplit(10, { testFraction: 1, rng: new Rng() }), 'testFraction', '1');
    throwsWith(ConfigError, () => trainTestSplit(1, { testFraction: 0.5, rng: new Rng() }), 'rows');
  });

  it('takeRows gathers rows of a matrix', () => {
    const m = Matrix.from([[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(takeRows(m, [2, 0]).toArray(), [[5, 6], [1, 2]]);
    assert.throws(() => takeRows(m, [3]), RangeError);
  });
});
