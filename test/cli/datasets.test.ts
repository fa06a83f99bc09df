/**
 * End to end on the bundled data sets: train → evaluate → predict → explain, with the held-out
 * accuracy thresholds of issue 3 (iris ≥ 95 %, breast-cancer ≥ 95 %, digits ≥ 96 %) and R² on a
 * regression set. Each case is independent and they run concurrently.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DATA, mlpkit, mlpkitJson, put, tempDir } from './helpers.js';

interface TrainDoc {
  command: string;
  task: string;
  classes: string[];
  model: string;
  rows: { train: number; validation: number; test: number };
  test: { accuracy?: number; r2?: number; rows: number };
  history: unknown[];
}

const cases = [
  { name: 'iris', file: 'iris.csv', target: 'species', rows: 150, threshold: 0.95, classes: 3 },
  { name: 'breast-cancer', file: 'breast_cancer.csv', target: 'diagnosis', rows: 569, threshold: 0.95, classes: 2 },
  { name: 'digits', file: 'digits.csv', target: 'digit', rows: 1797, threshold: 0.96, classes: 10 },
];

describe('bundled data sets, train → evaluate → predict → explain', { concurrency: true }, () => {
  for (const c of cases) {
    test(`${c.name}: held-out accuracy ≥ ${c.threshold * 100} %`, async () => {
      const dir = await tempDir();
      // the table defaults (two hidden layers, refit on every row), with fewer epochs to keep the test short
      const { doc } = await mlpkitJson<TrainDoc>(['train', '--dataset', c.name, '--seed', '42', '--epochs', '24', '--out', 'model.json', '-q'], dir);
      assert.equal(doc.task, 'classification');
      assert.equal(doc.classes.length, c.classes);
      assert.equal(doc.rows.test, Math.round(c.rows * 0.2));
      assert.ok((doc.test.accuracy as number) >= c.threshold, `test accuracy ${doc.test.accuracy}`);

      // evaluate on the whole CSV file (training rows included): at least as good as the test rows, roughly
      const csv = join(DATA, c.file);
      const ev = await mlpkitJson<{ accuracy: number; confusion: number[][]; classes: string[]; perClass: unknown[] }>(['evaluate', 'model.json', csv], dir);
      assert.ok(ev.doc.accuracy >= c.threshold, `evaluate accuracy ${ev.doc.accuracy}`);
      assert.equal(ev.doc.confusion.length, c.classes);
      assert.equal(ev.doc.confusion.flat().reduce((a, b) => a + b, 0), c.rows);

      // predict: one row per input row, in order, class names; --proba adds a column per class
      const pr = await mlpkit(['predict', 'model.json', csv, '--proba', '--out', 'pred.csv'], dir);
      assert.equal(pr.code, 0, pr.stderr);
      assert.equal(pr.stdout, '');
      const lines = (await readFile(join(dir, 'pred.csv'), 'utf8')).trimEnd().split('\n');
      assert.equal(lines.length, c.rows + 1);
      assert.deepEqual(lines[0]!.split(','), [c.target, ...ev.doc.classes.map((k) => `proba_${k}`)]);
      const [head, ...truth] = (await readFile(csv, 'utf8')).trimEnd().split(/\r?\n/);
      const targetIndex = head!.split(',').indexOf(c.target);
      let hits = 0;
      lines.slice(1).forEach((line, i) => {
        const fields = line.split(',');
        const p = fields.slice(1).map(Number);
        assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-4, `probabilities of row ${i + 1} sum to 1`);
        if (fields[0] === truth[i]!.split(',')[targetIndex]) hits++;
      });
      assert.equal(hits / c.rows, ev.doc.accuracy);

      // explain one row: a forward stage per dense layer, backward in reverse, an update per tensor
      const ex = await mlpkitJson<{ full: boolean; trace: { forward: unknown[]; backward: { name: string }[]; update: { tensors: unknown[] }; loss: { cost: number } } }>(
        ['explain', 'model.json', csv, '--row', '2'],
        dir,
      );
      assert.equal(ex.doc.trace.forward.length, 3);
      assert.deepEqual(ex.doc.trace.backward.map((b) => b.name), ['dense_5', 'dense_3', 'dense_1']);
      assert.equal(ex.doc.trace.update.tensors.length, 6);
      assert.ok(Number.isFinite(ex.doc.trace.loss.cost));
    });
  }

  test('regression (plane): R² ≥ 0.97, predictions in the target\'s units', async () => {
    const dir = await tempDir();
    const { doc } = await mlpkitJson<TrainDoc>(['train', '--dataset', 'plane', '--seed', '42', '--epochs', '60', '-q'], dir);
    assert.equal(doc.task, 'regression');
    assert.ok((doc.test.r2 as number) >= 0.97, `test R² ${doc.test.r2}`);
    const ev = await mlpkitJson<{ r2: number; mse: number; mae: number }>(['evaluate', 'model.json', '--dataset', 'plane'], dir);
    assert.ok(ev.doc.r2 >= 0.97);
    // value = (x1 + x2) / 10 on plane: predictions must come back in those units, not standardized
    const csv = await put(dir, 'points.csv', 'x1,x2\n1,2\n-3,-1\n2,2\n');
    const pr = await mlpkit(['predict', 'model.json', csv], dir);
    assert.equal(pr.code, 0, pr.stderr);
    const [header, ...rows] = pr.stdout.trimEnd().split('\n');
    assert.equal(header, 'value');
    assert.deepEqual(rows.map((r) => Math.round(Number(r) * 10) / 10), [0.3, -0.4, 0.4]);
  });
});
