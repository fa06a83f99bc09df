/**
 * Piecewise-linear bins of numeric columns (Gorishniy et al. 2022): quantile edges fitted on the
 * encoded column, uₜ = (x' − eₜ₋₁)/(eₜ − eₜ₋₁) held to [0, 1] except below the first bin and above
 * the last, the columns placed after the indicators; and the table rule that decides how many.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trainLinear } from '../../src/auto/baseline.js';
import { binsFor, tablePreprocessing } from '../../src/auto/preprocessing.js';
import { fitBaselines } from '../../src/cli/baselines.js';
import type { Matrix } from '../../src/core/matrix.js';
import { ConfigError, ModelFormatError } from '../../src/core/errors.js';
import { Preprocessor, tableFromArrays } from '../../src/data/index.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);
// x = 0 … 8: its ¼-quantiles are 0, 2, 4, 6, 8 (positions 8q of the sorted column)
const nine = () => tableFromArrays({ x: [0, 1, 2, 3, 4, 5, 6, 7, 8], flag: [0, 1, 0, 1, 0, 1, 0, 1, 1], y: [1, 2, 3, 4, 5, 6, 7, 8, 9] });

describe('Preprocessor: piecewise-linear bins', () => {
  it('fits quantile edges on x′ and encodes uₜ by hand: inside, below the first bin and above the last', () => {
    const p = Preprocessor.fit(nine(), { target: 'y', bins: 4 });
    const f = p.toJSON().features[0];
    assert.ok(f !== undefined && f.kind === 'numeric' && f.bins !== undefined);
    // x' = (x − 4)/std, so the edges are (0, 2, 4, 6, 8 − 4)/std
    [0, 2, 4, 6, 8].forEach((v, t) => close(f.bins?.[t] as number, (v - 4) / f.std));
    // the 0/1 column has no bins; the bins close x
    assert.deepEqual(p.featureNames, ['x', 'flag', 'x bin 1/4', 'x bin 2/4', 'x bin 3/4', 'x bin 4/4']);
    assert.equal(p.outputWidth, 6);
    const rows = p.transform(tableFromArrays({ x: [3, -2, 12, 6], flag: [0, 0, 0, 0], y: [0, 0, 0, 0] }), { dtype: 'float64' }).x.toArray();
    const expected = [
      [1, 0.5, 0, 0], // 3: bin 1 full, half of bin 2
      [-1, 0, 0, 0], // −2: below the first edge, (−2 − 0)/2, the first bin unbounded below
      [1, 1, 1, 3], // 12: above the last edge, (12 − 6)/2, the last bin unbounded above
      [1, 1, 1, 0], // 6: exactly the edge of bins 3 and 4
    ];
    rows.forEach((r, i) => (expected[i] as number[]).forEach((u, t) => close(r[2 + t] as number, u)));
  });

  it('bins follow the smooth clipping: the edges are the clipped quantiles', () => {
    const p = Preprocessor.fit(nine(), { target: 'y', scaling: 'robust', clip: 1, bins: 2 });
    const f = p.toJSON().features[0];
    assert.ok(f !== undefined && f.kind === 'numeric');
    const clip = (v: number): number => v / Math.sqrt(1 + v * v);
    // median 4, interquartile range 6 − 2 = 4; quantiles 0, 4, 8
    assert.deepEqual(f.bins?.map((e) => Number(e.toFixed(12))), [clip(-1), 0, clip(1)].map((e) => Number(e.toFixed(12))));
  });

  it('merges repeated quantiles, and leaves out a column whose quantiles leave fewer than two bins', () => {
    // x: quantiles 0, 0, 0, 6, 12 → edges 0, 6, 12; z: quantiles 0, 0, 0, 0, 2 → one bin
    const t = tableFromArrays({ x: [0, 0, 0, 0, 0, 3, 6, 9, 12], z: [2, 0, 0, 0, 0, 0, 0, 0, 1], y: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
    const p = Preprocessor.fit(t, { target: 'y', bins: 4 });
    const [x, z] = p.toJSON().features;
    assert.ok(x?.kind === 'numeric' && z?.kind === 'numeric');
    assert.equal(x.bins?.length, 3, 'the three edges left after merging');
    close((x.bins?.[1] as number) * x.std + x.mean, 6);
    assert.equal(z.bins, undefined, 'three distinct values whose quantiles coincide but for the ends');
  });

  it('no bins by default, and an invalid count is a ConfigError naming the option', () => {
    assert.deepEqual(Preprocessor.fit(nine(), { target: 'y' }).featureNames, ['x', 'flag']);
    for (const bins of [-1, 2.5, 1000]) assert.throws(() => Preprocessor.fit(nine(), { target: 'y', bins }), (e: unknown) => e instanceof ConfigError && /bins/.test(e.message));
  });

  it('round-trips through JSON; a model file with edges out of order or too few is refused', () => {
    const p = Preprocessor.fit(nine(), { target: 'y', impute: 'median', markMissing: true, bins: 4 });
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    assert.deepEqual(back.transform(nine()).x.toArray(), p.transform(nine()).x.toArray());
    const state = p.toJSON();
    const withBins = (bins: number[]) => ({ ...state, features: state.features.map((f, j) => (j === 0 ? { ...f, bins } : f)) });
    assert.throws(() => Preprocessor.fromJSON(withBins([0, 1, 1, 2])), (e: unknown) => e instanceof ModelFormatError && /features\[0\]\.bins\[2\]/.test(e.message));
    assert.throws(() => Preprocessor.fromJSON(withBins([0, 1e-40, 2])), (e: unknown) => e instanceof ModelFormatError && /features\[0\]\.bins\[1\]/.test(e.message));
    assert.throws(() => Preprocessor.fromJSON(withBins([0, 1])), (e: unknown) => e instanceof ModelFormatError && /bins/.test(e.message));
    assert.throws(() => Preprocessor.fromJSON(withBins([0, Number.NaN, 2])), (e: unknown) => e instanceof ModelFormatError && /bins/.test(e.message));
  });
});

describe('tablePreprocessing: how many bins a table gets', () => {
  const table = (rows: number, columns: number) =>
    tableFromArrays(Object.fromEntries([...Array.from({ length: columns }, (_, j) => [`c${j}`, Array.from({ length: rows }, (_, i) => i * (j + 1))]), ['y', Array.from({ length: rows }, (_, i) => i % 7)]]));
  it('⌊rows/500⌋, at most 16, none below 2 or with fewer than 50 rows per column', () => {
    assert.equal(tablePreprocessing('median', table(999, 4)).bins, undefined);
    assert.equal(tablePreprocessing('median', table(1000, 4)).bins, 2);
    assert.equal(tablePreprocessing('median', table(4775, 8)).bins, 9);
    assert.equal(tablePreprocessing('median', table(20000, 9)).bins, 16);
    // 1,000 rows of 21 input columns: 47.6 rows per column
    assert.equal(tablePreprocessing('median', table(1000, 21)).bins, undefined);
    // the same table with one column dropped: 50 rows per column
    assert.equal(tablePreprocessing('median', table(1000, 21), ['c3']).bins, 2);
  });
  it('bounded by the inputs (256) and the table size (2²⁵ values)', () => {
    assert.equal(binsFor(20_000, 9), 16);
    // 60 columns: ⌊256/60⌋ − 1 = 3 bins, 240 inputs
    assert.equal(binsFor(20_000, 60), 3);
    // 500,000 rows of 10 columns: ⌊2²⁵/(5·10⁶)⌋ − 1 = 5 bins
    assert.equal(binsFor(500_000, 10), 5);
    // 800,000 rows of 19 columns (the 1M-row file of docs/performance.md less its test rows): ⌊2²⁵/(1.52·10⁷)⌋ − 1 = 1, no bins
    assert.equal(binsFor(800_000, 19), 0);
    assert.equal(binsFor(20_000, 200), 0);
  });
});

describe('the linear baseline beside a binned network', () => {
  it('is linear in the columns: fitted without the bin columns, zero weights for them', () => {
    const rows = 300;
    const t = tableFromArrays({ a: Array.from({ length: rows }, (_, i) => (i * 37) % 101), b: Array.from({ length: rows }, (_, i) => (i * 53) % 97), y: Array.from({ length: rows }, (_, i) => Math.sin(i) + ((i * 37) % 101) / 50) });
    const pre = Preprocessor.fit(t, { target: 'y', bins: 4 });
    const e = pre.transform(t, { requireTarget: true, dtype: 'float64' });
    assert.equal(e.x.cols, 2 + 8);
    const y = e.y as Matrix;
    const { linear } = fitBaselines(e.x, y, pre, 1, 'reference');
    const [w] = linear.getWeights() as [Matrix];
    assert.equal(w.rows, 10);
    for (let j = 2; j < 10; j++) assert.equal(w.data[j], 0, `weight of bin column ${j}`);
    // the same as the least-squares fit on a and b alone
    const plain = Preprocessor.fit(t, { target: 'y' });
    const p = plain.transform(t, { requireTarget: true, dtype: 'float64' });
    const alone = trainLinear(p.x, p.y as Matrix, { task: 'regression', rows, inputs: 2, classes: 0 }, 1, 'reference');
    const ours = linear.predict(e.x).data;
    alone.predict(p.x).data.forEach((v, i) => close(ours[i] as number, v, 1e-9));
  });

  it('`--layers none` (a linear model) gets no bins from the table defaults', () => {
    const t = tableFromArrays({ a: Array.from({ length: 2000 }, (_, i) => i % 17), y: Array.from({ length: 2000 }, (_, i) => i % 5) });
    assert.equal(tablePreprocessing('median', t).bins, 4);
    assert.equal(tablePreprocessing('median', t, [], []).bins, undefined);
    assert.equal(tablePreprocessing('median', t, [], [{ units: 8 }]).bins, 4);
  });
});
