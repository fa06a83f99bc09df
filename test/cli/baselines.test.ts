/**
 * The baselines beside every score (majority class / mean, and the linear model of the same
 * engine), in train's and evaluate's text and --json; the warning when the network does not beat
 * the linear model; high-cardinality text columns left out with a note.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { mlpkit, mlpkitJson, put, tempDir } from './helpers.js';

/** 80 rows: a user id (one per row), a number, a colour and a label that depends on the number. */
function csv(): string {
  const lines = ['user,size,color,label'];
  const colors = ['red', 'green', 'blue'];
  for (let i = 0; i < 80; i++) {
    const size = ((i * 37) % 100) / 10;
    lines.push(`user-${i},${size},${colors[i % 3]},${size > 6 ? 'big' : 'small'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** 80 rows of y = 2·a − b + 0.5 exactly: nothing for a network to add to a linear fit. */
function linearCsv(): string {
  const lines = ['a,b,y'];
  for (let i = 0; i < 80; i++) {
    const a = ((i * 13) % 40) / 10;
    const b = ((i * 7) % 30) / 10;
    lines.push(`${a},${b},${2 * a - b + 0.5}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Flat {
  task: string;
  accuracy?: number;
  r2?: number;
  rows: number;
}
interface WithBaselines {
  test?: Flat;
  accuracy?: number;
  r2?: number;
  baselines: { trivial: Flat; linear: Flat; beatsLinear: boolean } | null;
  features?: { columns: string[]; dropped: { name: string; reason: string }[] };
}

describe('baselines and high-cardinality columns', { concurrency: true }, () => {
  let dir = '';
  before(async () => {
    dir = await tempDir();
    await put(dir, 'users.csv', csv());
    await put(dir, 'linear.csv', linearCsv());
  });

  test('train --json: the trivial and linear scores on the test rows; the id column left out with one note', async () => {
    const { run, doc } = await mlpkitJson<WithBaselines>(['train', 'users.csv', '--target', 'label', '--epochs', '8', '--out', 'users.json'], dir);
    assert.deepEqual(doc.features?.columns, ['size', 'color']);
    assert.equal(doc.features?.dropped[0]?.name, 'user');
    assert.match(run.stderr, /^note: left out 'user': 64 distinct values/m); // the 64 training rows
    const b = doc.baselines;
    assert.ok(b !== null);
    assert.equal(b.trivial.rows, 16);
    assert.equal(b.linear.rows, 16);
    // 49 of the 80 rows are 'small'; the 16 test rows are stratified: 10 'small', 6 'big' → 10/16
    assert.equal(b.trivial.accuracy, 10 / 16);
    assert.ok((b.linear.accuracy as number) > 0.8, `linear ${b.linear.accuracy}`);
    assert.equal(b.beatsLinear, (doc.test?.accuracy as number) > (b.linear.accuracy as number));
  });

  test('train and evaluate print the baseline line; evaluate --json scores the saved baselines on its rows', async () => {
    const t = await mlpkit(['train', 'users.csv', '--target', 'label', '--epochs', '8', '--out', 'u2.json', '-q'], dir);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /baselines on the same rows: majority class \d+\.\d %   linear \(--layers none\) \d+\.\d %/);
    const e = await mlpkit(['evaluate', 'u2.json', 'users.csv'], dir);
    assert.equal(e.code, 0, e.stderr);
    assert.match(e.stdout, /baselines on the same rows: majority class 61\.3 %/); // 49 of 80 rows are 'small'
    const { doc } = await mlpkitJson<WithBaselines>(['evaluate', 'u2.json', 'users.csv'], dir);
    assert.equal(doc.baselines?.trivial.accuracy, 49 / 80);
    assert.equal(doc.baselines?.linear.rows, 80);
  });

  test('regression: the mean scores R² ≈ 0; a network that does not beat the linear fit gets a one-line warning', async () => {
    const run = await mlpkit(['train', 'linear.csv', '--target', 'y', '--layers', '1', '--epochs', '1', '--no-save'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /baselines on the same rows: mean R² -?0\.\d+   linear \(--layers none\) R² 0\.9\d+/);
    const warnings = run.stderr.split('\n').filter((l) => l.includes('does not beat the linear model'));
    assert.equal(warnings.length, 1, run.stderr);
    const { doc } = await mlpkitJson<WithBaselines>(['train', 'linear.csv', '--target', 'y', '--layers', '1', '--epochs', '1', '--no-save', '-q'], dir);
    assert.equal(doc.baselines?.beatsLinear, false);
    assert.ok(Math.abs(doc.baselines?.trivial.r2 as number) < 0.2);
  });
});
