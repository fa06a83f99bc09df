import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ModelFormatError } from '../../src/core/errors.js';
import { DataError, parseCsv, Preprocessor, tableFromArrays } from '../../src/data/index.js';
import { loadDataset } from '../../src/data/node/index.js';
import { throwsWith } from './helpers.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

// x: mean 2.5, population std √((1.5² + 0.5² + 0.5² + 1.5²)/4) = √1.25
const small = () =>
  tableFromArrays({
    x: [1, 2, 3, 4],
    colour: ['red', 'blue', 'red', 'green'],
    id: [10, 11, 12, 13],
    y: ['b', 'a', 'b', 'a'],
  });

describe('Preprocessor: fit and transform', () => {
  it('standardizes numbers, one-hot encodes text in sorted category order, label-encodes classes', () => {
    const p = Preprocessor.fit(small(), { target: 'y', drop: ['id'] });
    assert.equal(p.task, 'classification');
    assert.deepEqual(p.classes, ['a', 'b']);
    assert.deepEqual(p.inputColumns, ['x', 'colour']);
    assert.deepEqual(p.featureNames, ['x', 'colour=blue', 'colour=green', 'colour=red']);
    assert.equal(p.outputWidth, 4);
    const { x, y } = p.transform(small(), { dtype: 'float64' });
    const s = Math.sqrt(1.25);
    assert.deepEqual(x.toArray(), [
      [-1.5 / s, 0, 0, 1],
      [-0.5 / s, 1, 0, 0],
      [0.5 / s, 0, 0, 1],
      [1.5 / s, 0, 1, 0],
    ]);
    assert.deepEqual(Array.from(y?.data ?? []), [1, 0, 1, 0]);
    assert.deepEqual(p.decodeClasses([0, 1, 1]), ['a', 'b', 'b']);
  });

  it('matches the iris column means and population standard deviations', async () => {
    // Reference: numpy/statistics on data/iris.csv (mean, pstdev), as scikit-learn's StandardScaler.
    const iris = await loadDataset('iris');
    const p = Preprocessor.fit(iris.table, { target: 'species' });
    const state = p.toJSON();
    const means = [5.843333333333334, 3.0573333333333332, 3.758, 1.1993333333333334];
    const stds = [0.8253012917851409, 0.43441096773549454, 1.759404065775303, 0.7596926279021594];
    state.features.forEach((f, j) => {
      assert.equal(f.kind, 'numeric');
      if (f.kind !== 'numeric') return;
      close(f.mean, means[j] as number, 1e-12);
      close(f.std, stds[j] as number, 1e-12);
    });
    const { x } = p.transform(iris.table, { dtype: 'float64' });
    for (let j = 0; j < 4; j++) {
      let m = 0;
      for (let i = 0; i < x.rows; i++) m += x.get(i, j);
      close(m / x.rows, 0, 1e-12);
    }
  });

  it('orders numeric classes numerically and maps a constant column to std 1', () => {
    const t = tableFromArrays({ c: [5, 5, 5, 5], y: [10, 2, 10, 2] });
    const p = Preprocessor.fit(t, { target: 'y' });
    assert.deepEqual(p.classes, ['2', '10']);
    const { x, y } = p.transform(t);
    assert.deepEqual(Array.from(x.data), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(y?.data ?? []), [1, 0, 1, 0]);
  });

  it('standardizes a regression target and inverts it', () => {
    const t = tableFromArrays({ x: [0, 1, 2, 3], y: [1.5, 2.5, 3.5, 10.25] });
    const p = Preprocessor.fit(t, { target: 'y' });
    assert.equal(p.task, 'regression');
    const { y } = p.transform(t, { dtype: 'float64' });
    assert.ok(y !== undefined);
    const mean = (1.5 + 2.5 + 3.5 + 10.25) / 4;
    close(y.get(0, 0), (1.5 - mean) / Math.sqrt([1.5, 2.5, 3.5, 10.25].reduce((s, v) => s + (v - mean) ** 2, 0) / 4));
    const back = p.inverseTransformTarget(y);
    [1.5, 2.5, 3.5, 10.25].forEach((v, i) => close(back[i] as number, v, 1e-12));
    assert.throws(() => p.decodeClasses([0]), ConfigError);
  });

  it('forces the task: integer targets as regression', () => {
    const t = tableFromArrays({ x: [1, 2, 3, 4], y: [0, 1, 0, 1] });
    assert.equal(Preprocessor.fit(t, { target: 'y' }).task, 'classification');
    assert.equal(Preprocessor.fit(t, { target: 'y', task: 'regression' }).task, 'regression');
  });

  it('uses only the chosen features, in the given order', () => {
    const p = Preprocessor.fit(small(), { target: 'y', features: ['id', 'x'] });
    assert.deepEqual(p.inputColumns, ['id', 'x']);
  });

  it('leaves y out when the table has no target column, or refuses with requireTarget', () => {
    const p = Preprocessor.fit(small(), { target: 'y' });
    const noTarget = tableFromArrays({ x: [1], colour: ['red'], id: [1] });
    assert.equal(p.transform(noTarget).y, undefined);
    throwsWith(DataError, () => p.transform(noTarget, { requireTarget: true }), "target column 'y'", 'x, colour, id');
  });
});

describe('Preprocessor: imputation', () => {
  const withGaps = () => tableFromArrays({ x: [1, Number.NaN, 3, 10, 3], c: ['u', null, 'v', 'v', 'u'], y: [0, 1, 0, 1, 0] });
  const filledX = (p: Preprocessor): number => {
    // x' of the missing row, turned back into the value that was filled in
    const f = p.toJSON().features[0];
    assert.ok(f !== undefined && f.kind === 'numeric');
    const x = p.transform(withGaps(), { dtype: 'float64' }).x;
    return x.get(1, 0) * f.std + f.mean;
  };

  it('mean, median and most-frequent fill values', () => {
    close(filledX(Preprocessor.fit(withGaps(), { target: 'y', impute: 'mean' })), (1 + 3 + 10 + 3) / 4, 1e-12);
    close(filledX(Preprocessor.fit(withGaps(), { target: 'y', impute: 'median' })), 3, 1e-12);
    close(filledX(Preprocessor.fit(withGaps(), { target: 'y', impute: 'most-frequent' })), 3, 1e-12);
  });

  it('standardizes the imputed column (impute, then scale)', () => {
    const f = Preprocessor.fit(withGaps(), { target: 'y', impute: 'median' }).toJSON().features[0];
    assert.ok(f !== undefined && f.kind === 'numeric');
    const filled = [1, 3, 3, 10, 3];
    const mean = filled.reduce((a, b) => a + b) / 5;
    close(f.mean, mean);
    close(f.std, Math.sqrt(filled.reduce((s, v) => s + (v - mean) ** 2, 0) / 5));
  });

  it('fills text with the most frequent category (ties: first in sorted order)', () => {
    const p = Preprocessor.fit(withGaps(), { target: 'y', impute: 'mean' });
    const f = p.toJSON().features[1];
    assert.ok(f !== undefined && f.kind === 'categorical');
    assert.equal(f.fill, 'u'); // u and v both twice
    assert.deepEqual(p.transform(withGaps()).x.row(1).slice(1), Float32Array.from([1, 0]));
  });

  it('without imputation a missing value is an error naming column and row', () =>
    throwsWith(DataError, () => Preprocessor.fit(withGaps(), { target: 'y' }), 'row 1', "column 'x'", 'missing', 'impute'));

  it('rejects an unknown strategy', () =>
    throwsWith(ConfigError, () => Preprocessor.fit(withGaps(), { target: 'y', impute: 'zero' as 'mean' }), 'impute', 'zero'));
});

describe('Preprocessor: bad input', () => {
  it('unknown target column lists the columns', () =>
    throwsWith(DataError, () => Preprocessor.fit(small(), { target: 'label' }), "'label'", 'x, colour, id, y'));
  it('unknown column to drop', () => throwsWith(DataError, () => Preprocessor.fit(small(), { target: 'y', drop: ['zz'] }), "'zz'"));
  it('single-class target', () =>
    throwsWith(DataError, () => Preprocessor.fit(tableFromArrays({ x: [1, 2], y: ['a', 'a'] }), { target: 'y' }), 'single class', "'a'"));
  it('text target forced to regression', () =>
    throwsWith(DataError, () => Preprocessor.fit(small(), { target: 'y', task: 'regression' }), "'y'", 'text'));
  it('infinite values in training data', () =>
    throwsWith(DataError, () => Preprocessor.fit(tableFromArrays({ x: [1, Infinity], y: [0, 1] }), { target: 'y' }), 'row 1', "'x'", 'Infinity'));
  it('missing target value', () =>
    throwsWith(DataError, () => Preprocessor.fit(tableFromArrays({ x: [1, 2, 3], y: ['a', null, 'b'] }), { target: 'y' }), 'row 1', 'target'));

  const p = Preprocessor.fit(parseCsv('x,colour,y\n1,red,a\n2,blue,b\n3,red,a\n', { source: 'train.csv' }), { target: 'y' });
  it('prediction data missing a column names it and lists what is there', () =>
    throwsWith(DataError, () => p.transform(parseCsv('x,y\n1,a\n', { source: 'new.csv' })), 'new.csv', "'colour'", 'x, y'));
  it('unknown category: error naming column, value and line', () =>
    throwsWith(DataError, () => p.transform(parseCsv('x,colour\n1,red\n2,green\n', { source: 'new.csv' })), 'new.csv: line 3', "'colour'", "'green'", 'ignore'));
  it("unknown category with unknown: 'ignore' gives all zeros", () => {
    const { x } = p.transform(parseCsv('x,colour\n1,red\n2,green\n'), { unknown: 'ignore' });
    assert.deepEqual(Array.from(x.row(1).slice(1)), [0, 0]);
    assert.deepEqual(Array.from(x.row(0).slice(1)), [0, 1]);
  });
  it('unknown class in evaluation data', () =>
    throwsWith(DataError, () => p.transform(parseCsv('x,colour,y\n1,red,c\n', { source: 'eval.csv' })), 'eval.csv: line 2', "'c'", 'a, b'));
  it('text where the model needs a number', () =>
    throwsWith(DataError, () => p.transform(parseCsv('x,colour\n1,red\nabc,red\n', { source: 'new.csv' })), 'new.csv: line 3', "'x'", "'abc'"));
  it('missing value where the model was trained without imputation', () =>
    throwsWith(DataError, () => p.transform(parseCsv('x,colour\n,red\n', { source: 'new.csv' })), 'new.csv: line 2', "'x'", 'missing'));
  it('infinite value at prediction', () =>
    throwsWith(DataError, () => p.transform(tableFromArrays({ x: [-Infinity], colour: ['red'] })), 'row 0', "'x'"));
});

describe('Preprocessor: JSON', () => {
  it('round-trips through JSON text and transforms identically', () => {
    const table = tableFromArrays({ a: [1, Number.NaN, 4, 8], s: ['p', 'q', null, 'p'], y: [0.5, 1, 2, 3] });
    const p = Preprocessor.fit(table, { target: 'y', impute: 'median' });
    const q = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p)));
    assert.deepEqual(q.toJSON(), p.toJSON());
    const a = p.transform(table, { dtype: 'float64' });
    const b = q.transform(table, { dtype: 'float64' });
    assert.deepEqual(Array.from(b.x.data), Array.from(a.x.data));
    assert.deepEqual(Array.from(b.y?.data ?? []), Array.from(a.y?.data ?? []));
    // y' = 0 is the target mean, (0.5 + 1 + 2 + 3) / 4
    assert.deepEqual(Array.from(q.inverseTransformTarget([0])), [1.625]);
  });

  it('rejects malformed documents with the JSON path', () => {
    const good = Preprocessor.fit(small(), { target: 'y' }).toJSON();
    const bad = JSON.parse(JSON.stringify(good)) as { features: { std?: number }[] };
    (bad.features[0] as { std: number }).std = 0;
    throwsWith(ModelFormatError, () => Preprocessor.fromJSON(bad), 'preprocessing.features[0].std');
    throwsWith(ModelFormatError, () => Preprocessor.fromJSON({ ...good, version: 2 }), 'version', 'newer');
    throwsWith(ModelFormatError, () => Preprocessor.fromJSON({ ...good, target: { name: 'y', task: 'classification', classes: ['a'] } }), 'preprocessing.target.classes');
    throwsWith(ModelFormatError, () => Preprocessor.fromJSON('nonsense'), 'preprocessing');
    throwsWith(ModelFormatError, () => Preprocessor.fromJSON({ ...good, extra: 1 }), 'extra');
  });
});
