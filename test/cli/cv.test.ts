/** `mlpkit cv`: k-fold scores of one configuration; every row scored once; the same seed, the same result. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { mlpkit, mlpkitJson, put, sizeColorCsv, tempDir } from './helpers.js';

interface CvDoc {
  command: string;
  metric: string;
  folds: { fold: number; train: number; test: number; epochs: number; score: number }[];
  mean: number;
  std: number;
  seconds: number;
}

describe('mlpkit cv', { concurrency: true }, () => {
  let dir = '';
  before(async () => {
    dir = await tempDir();
    await put(dir, 'data.csv', sizeColorCsv());
  });

  test('scores each of k folds once; the mean is their mean; deterministic for a seed', async () => {
    const args = ['cv', 'data.csv', '--target', 'label', '--folds', '3', '--epochs', '4', '--seed', '7', '-q'];
    const a = await mlpkitJson<CvDoc>(args, dir);
    assert.equal(a.doc.command, 'cv');
    assert.equal(a.doc.metric, 'accuracy');
    assert.deepEqual(a.doc.folds.map((f) => f.test), [20, 20, 20]);
    assert.ok(a.doc.folds.every((f) => f.train === 40 && f.epochs >= 1 && f.epochs <= 4));
    const mean = a.doc.folds.reduce((s, f) => s + f.score, 0) / 3;
    assert.ok(Math.abs(a.doc.mean - mean) < 1e-12);
    const b = await mlpkitJson<CvDoc>(args, dir);
    assert.deepEqual({ ...b.doc, seconds: 0 }, { ...a.doc, seconds: 0 });
  });

  test('prints one line per fold and the mean ± std; --folds 1 is a usage error', async () => {
    const run = await mlpkit(['cv', 'data.csv', '--target', 'label', '--folds', '2', '--epochs', '2', '--layers', 'none'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr.split('\n').filter((l) => /^fold \d\/2: accuracy/.test(l)).length, 2);
    assert.match(run.stdout, /^2-fold cross-validation: accuracy \d+\.\d % ± \d+\.\d %/);
    const bad = await mlpkit(['cv', 'data.csv', '--target', 'label', '--folds', '1'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--folds <k>' argument '1' is invalid\. cross-validation needs a whole number of folds ≥ 2/);
  });
});
