import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors.js';
import { getColumn, Preprocessor, type Table } from '../../src/data/index.js';
import { DATASET_NAMES, listDatasets, loadDataset } from '../../src/data/node/index.js';
import { numeric, rejectsWith, text, textValues } from './helpers.js';

/** Class name → row count of the target column. */
function classCounts(t: Table, target: string): Map<string, number> {
  const c = getColumn(t, target);
  const names = c.kind === 'text' ? textValues(c) : Array.from(c.values, String);
  const m = new Map<string, number>();
  for (const n of names) m.set(String(n), (m.get(String(n)) ?? 0) + 1);
  return m;
}

describe('bundled data sets', () => {
  it('lists every name, real sets first', () => {
    assert.deepEqual(DATASET_NAMES, ['iris', 'digits', 'breast-cancer', 'mnist', 'xor', 'circle', 'spiral', 'gauss', 'plane', 'bumps']);
    assert.equal(listDatasets().length, DATASET_NAMES.length);
    for (const d of listDatasets()) assert.ok(d.description.length > 0);
  });

  it('iris: 150 × 4 + species, 50 of each of 3 classes', async () => {
    const d = await loadDataset('iris');
    assert.equal(d.table.rows, 150);
    assert.equal(d.table.columns.length, 5);
    assert.deepEqual(text(getColumn(d.table, 'species')).categories, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual([...classCounts(d.table, 'species').values()], [50, 50, 50]);
    assert.deepEqual(Array.from(numeric(d.table.columns[0]).values.slice(0, 2)), [5.1, 4.9]);
  });

  it('digits: 1797 × 64 + digit, the 10 class counts of scikit-learn load_digits', async () => {
    const d = await loadDataset('digits');
    assert.equal(d.table.rows, 1797);
    assert.equal(d.table.columns.length, 65);
    const counts = classCounts(d.table, 'digit');
    assert.deepEqual(
      Array.from({ length: 10 }, (_, k) => counts.get(String(k))),
      [178, 182, 177, 183, 181, 182, 181, 179, 174, 180],
    );
    const p = Preprocessor.fit(d.table, { target: d.target });
    assert.equal(p.task, 'classification');
    assert.equal(p.outputWidth, 64);
    assert.equal(p.classes.length, 10);
  });

  it('breast-cancer: 569 × 30 + diagnosis, 212 malignant and 357 benign', async () => {
    const d = await loadDataset('breast-cancer');
    assert.equal(d.table.rows, 569);
    assert.equal(d.table.columns.length, 31);
    const counts = classCounts(d.table, 'diagnosis');
    assert.equal(counts.get('malignant'), 212);
    assert.equal(counts.get('benign'), 357);
  });

  it('mnist: 10000 × 784 + digit, the same images as the package files', async () => {
    const d = await loadDataset('mnist', { dtype: 'float32' });
    assert.equal(d.table.rows, 10_000);
    assert.equal(d.table.columns.length, 785);
    assert.equal(d.table.columns[784]?.name, 'digit');
    const counts = classCounts(d.table, 'digit');
    assert.equal(counts.size, 10);
    // Independent read of the package's file for digit 3: image k is data[784k … 784k + 783].
    const require = createRequire(import.meta.url);
    const raw = JSON.parse(readFileSync(require.resolve('mnist/src/digits/3.json'), 'utf8')) as { data: number[] };
    const per = Array.from({ length: 10 }, (_, k) => counts.get(String(k)) ?? 0);
    assert.equal(per[3], raw.data.length / 784);
    const firstThree = per[0]! + per[1]! + per[2]!;
    const row = firstThree + 5; // the sixth image of a 3
    for (const p of [0, 200, 406, 783]) {
      assert.equal(numeric(d.table.columns[p]).values[row], Math.fround(raw.data[5 * 784 + p] as number));
    }
    assert.equal(numeric(d.table.columns[784]).values[row], 3);
  });

  it('synthetic sets through loadDataset: n, noise, seed', async () => {
    const a = await loadDataset('spiral', { n: 120, noise: 0.1, seed: 3 });
    const b = await loadDataset('spiral', { n: 120, noise: 0.1, seed: 3 });
    assert.equal(a.table.rows, 120);
    assert.equal(a.target, 'label');
    assert.deepEqual(Array.from(numeric(a.table.columns[0]).values), Array.from(numeric(b.table.columns[0]).values));
    const r = await loadDataset('plane', { n: 50 });
    assert.equal(r.task, 'regression');
    assert.equal(r.target, 'value');
  });

  it('unknown name lists the known ones', () =>
    rejectsWith(ConfigError, () => loadDataset('cifar'), "'cifar'", 'iris', 'breast-cancer', 'mnist', 'spiral'));
});
