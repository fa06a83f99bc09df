/**
 * The table defaults of the preprocessing: robust scaling with smooth clipping, missing values
 * imputed with an indicator column (numbers) or kept as a level of their own (text), and text
 * columns with very many distinct values left out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelFormatError } from '../../src/core/errors.js';
import { Preprocessor, tableFromArrays } from '../../src/data/index.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

// x has one missing cell; its median over 1, 2, 4 (present) is 2
const withGaps = () =>
  tableFromArrays({
    x: [1, Number.NaN, 2, 4],
    colour: ['red', null, 'blue', 'red'],
    y: [0.5, 1.5, 2.5, 3.5],
  });

describe('Preprocessor: missing values marked', () => {
  it('imputes the median, adds an indicator column after every encoding, and gives missing text its own level', () => {
    const p = Preprocessor.fit(withGaps(), { target: 'y', impute: 'median', markMissing: true });
    // x: 1 column; colour: '' (missing), blue, red; then the indicator of x
    assert.deepEqual(p.featureNames, ['x', 'colour=(missing)', 'colour=blue', 'colour=red', 'x missing']);
    assert.equal(p.outputWidth, 5);
    const f = p.toJSON().features[0];
    assert.ok(f !== undefined && f.kind === 'numeric');
    assert.equal(f.fill, 2);
    assert.equal(f.indicator, true);
    // filled column 1, 2, 2, 4: mean 2.25, population std √((1.25² + 0.25² + 0.25² + 1.75²)/4) = √1.1875
    const s = Math.sqrt(1.1875);
    const { x } = p.transform(withGaps(), { dtype: 'float64' });
    const rows = x.toArray();
    close(rows[1]?.[0] as number, (2 - 2.25) / s);
    assert.deepEqual(rows.map((r) => r.slice(1)), [
      [0, 0, 1, 0],
      [1, 0, 0, 1],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
    ]);
  });

  it('without markMissing keeps the old encoding: no indicator, text filled with its most frequent category', () => {
    const p = Preprocessor.fit(withGaps(), { target: 'y', impute: 'median' });
    assert.deepEqual(p.featureNames, ['x', 'colour=blue', 'colour=red']);
    const { x } = p.transform(withGaps(), { dtype: 'float64' });
    assert.deepEqual(x.toArray()[1]?.slice(1), [0, 1]);
  });

  it('adds no indicator for a column without missing values, and none when imputation is off', () => {
    const p = Preprocessor.fit(tableFromArrays({ x: [1, 2, 3], y: [1, 2, 3] }), { target: 'y', impute: 'median', markMissing: true });
    assert.deepEqual(p.featureNames, ['x']);
    assert.throws(() => Preprocessor.fit(withGaps(), { target: 'y', impute: 'none', markMissing: true }), /missing value/);
  });

  it('round-trips through JSON and rejects an indicator without a fill value', () => {
    const p = Preprocessor.fit(withGaps(), { target: 'y', impute: 'median', markMissing: true });
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    assert.deepEqual(back.transform(withGaps()).x.toArray(), p.transform(withGaps()).x.toArray());
    const state = p.toJSON();
    const bad = { ...state, features: state.features.map((f) => (f.kind === 'numeric' ? { ...f, fill: null } : f)) };
    assert.throws(() => Preprocessor.fromJSON(bad), (e: unknown) => e instanceof ModelFormatError && /indicator/.test(e.message));
  });
});

describe('Preprocessor: robust scaling and smooth clipping', () => {
  it('centres on the median, divides by the interquartile range, then clips x ↦ x/√(1 + (x/3)²)', () => {
    // 1, 2, 3, 4, 100: median 3, q¼ = 2, q¾ = 4 (linear interpolation), IQR 2
    const t = tableFromArrays({ x: [1, 2, 3, 4, 100], y: [1, 2, 3, 4, 5] });
    const p = Preprocessor.fit(t, { target: 'y', scaling: 'robust', clip: 3 });
    const f = p.toJSON().features[0];
    assert.ok(f !== undefined && f.kind === 'numeric');
    assert.equal(f.mean, 3);
    assert.equal(f.std, 2);
    const x = p.transform(t, { dtype: 'float64' }).x.data;
    const clip = (v: number): number => v / Math.sqrt(1 + (v / 3) ** 2);
    [1, 2, 3, 4, 100].forEach((v, i) => close(x[i] as number, clip((v - 3) / 2)));
    // the outlier (100 − 3)/2 = 48.5 lands just below 3
    assert.ok((x[4] as number) < 3 && (x[4] as number) > 2.99);
  });

  it('falls back to half the range when the interquartile range is 0 (a mostly constant column)', () => {
    const t = tableFromArrays({ x: [0, 0, 0, 0, 0, 0, 1], y: [1, 2, 3, 4, 5, 6, 7] });
    const f = Preprocessor.fit(t, { target: 'y', scaling: 'robust' }).toJSON().features[0];
    assert.ok(f !== undefined && f.kind === 'numeric');
    assert.equal(f.mean, 0);
    assert.equal(f.std, 0.5);
  });
});

describe('Preprocessor: high-cardinality text columns', () => {
  it('leaves out a text column with more distinct values than maxCategories, and says so', () => {
    const n = 30;
    const t = tableFromArrays({
      id: Array.from({ length: n }, (_, i) => `user-${i}`),
      colour: Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'red' : 'blue')),
      y: Array.from({ length: n }, (_, i) => i),
    });
    const p = Preprocessor.fit(t, { target: 'y', maxCategories: 20 });
    assert.deepEqual(p.inputColumns, ['colour']);
    assert.equal(p.outputWidth, 2);
    assert.equal(p.dropped.length, 1);
    assert.equal(p.dropped[0]?.name, 'id');
    assert.match(p.dropped[0]?.reason ?? '', /30 distinct values/);
    // prediction does not need the dropped column
    assert.equal(p.transform(tableFromArrays({ colour: ['red'] })).x.cols, 2);
    assert.deepEqual(Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON()))).dropped, p.dropped);
  });
});
