import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors.js';
import { DataError, inferTask, parseCsv, profileColumn, tableFromArrays } from '../../src/data/index.js';
import { throwsWith } from './helpers.js';

describe('profileColumn', () => {
  it('counts missing and distinct values and detects integer columns', () => {
    const t = parseCsv('a,b,c\n1,0.5,x\n2,,y\n2,1.5,x\n,2,\n');
    const [a, b, c] = t.columns.map((col) => profileColumn(col));
    assert.deepEqual(a, { name: 'a', kind: 'numeric', missing: 1, integer: true, distinct: 2 });
    assert.deepEqual(b, { name: 'b', kind: 'numeric', missing: 1, integer: false, distinct: 3 });
    assert.deepEqual(c, { name: 'c', kind: 'text', missing: 1, integer: false, distinct: 2 });
  });

  it('stops counting distinct values past the limit', () => {
    const col = tableFromArrays({ v: Array.from({ length: 100 }, (_, i) => i) }).columns[0];
    assert.ok(col !== undefined);
    assert.equal(profileColumn(col, 10).distinct, 11);
    assert.equal(profileColumn(col).distinct, 100);
  });
});

describe('inferTask', () => {
  const rows = (values: (number | string)[]) =>
    tableFromArrays({ x: values.map((_, i) => i), y: values.every((v) => typeof v === 'number') ? (values as number[]) : values.map(String) });

  it('text target → classification', () => assert.equal(inferTask(rows(['a', 'b', 'a']), 'y'), 'classification'));
  it('few distinct integers → classification', () => assert.equal(inferTask(rows([0, 1, 2, 1, 0, 2, 1]), 'y'), 'classification'));
  it('fractional values → regression', () => assert.equal(inferTask(rows([0, 1.5, 2, 1, 0, 2]), 'y'), 'regression'));
  it('more than 20 distinct integers → regression', () =>
    assert.equal(inferTask(rows(Array.from({ length: 100 }, (_, i) => i % 21)), 'y'), 'regression'));
  it('exactly 20 distinct integers, each repeated → classification', () =>
    assert.equal(inferTask(rows(Array.from({ length: 100 }, (_, i) => i % 20)), 'y'), 'classification'));
  it('integers that are mostly distinct (a count per row) → regression', () =>
    assert.equal(inferTask(rows([3, 7, 1, 9, 4, 2]), 'y'), 'regression'));
  it('a forced task wins', () => {
    assert.equal(inferTask(rows([0, 1.5, 2]), 'y', { forced: 'classification' }), 'classification');
    assert.equal(inferTask(rows([0, 1, 0, 1]), 'y', { forced: 'regression' }), 'regression');
    assert.equal(inferTask(rows([0, 1, 0, 1]), 'y', { forced: 'auto' }), 'classification');
  });
  it('errors: unknown column (lists columns), text forced to regression, bad task', () => {
    throwsWith(DataError, () => inferTask(rows([0, 1]), 'z'), "'z'", 'x, y');
    throwsWith(DataError, () => inferTask(rows(['a', 'b']), 'y', { forced: 'regression' }), "'a'");
    throwsWith(ConfigError, () => inferTask(rows([0, 1]), 'y', { forced: 'clustering' as 'auto' }), 'clustering');
  });
});
