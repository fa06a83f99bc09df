import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { parquetWriteFile } from 'hyparquet-writer';
import { Rng } from '../../src/index.js';
import { mlpkit, mlpkitJson, tempDir } from '../cli/helpers.js';

interface TrainDoc {
  rows: { train: number; validation: number; test: number };
  history: { cost: number; valCost: number | null; metric: number | null }[];
  test: { accuracy: number; rows: number };
  features: { inputs: number };
}

const ROWS = 2000;

/** Columns: x1 (numbers, every 9th missing), x2, colour (text, every 11th missing), label (a, b from a rule). */
function columns(): { x1: (number | null)[]; x2: number[]; colour: (string | null)[]; label: string[] } {
  const rng = new Rng(8);
  const x1: (number | null)[] = [];
  const x2: number[] = [];
  const colour: (string | null)[] = [];
  const label: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const a = Number(rng.normal(0, 2).toFixed(4));
    const b = Number(rng.range(-3, 3).toFixed(4));
    const c = ['red', 'green', 'blue'][rng.int(3)] as string;
    x1.push(i % 9 === 4 ? null : a);
    x2.push(b);
    colour.push(i % 11 === 3 ? null : c);
    label.push(a + b + (c === 'red' ? 1 : 0) > 0.3 ? 'a' : 'b');
  }
  return { x1, x2, colour, label };
}

function csv(): string {
  const c = columns();
  const lines = ['x1,x2,colour,label'];
  for (let i = 0; i < ROWS; i++) lines.push([c.x1[i] ?? '', c.x2[i], c.colour[i] ?? '', c.label[i]].join(','));
  return `${lines.join('\n')}\n`;
}

const TRAIN = ['--target', 'label', '--impute', 'mean', '--epochs', '4', '--batch-size', '32', '--layers', '8', '--validation-split', '0.1', '--seed', '3'];

describe('mlpkit train FILE --stream (CSV, gzip CSV, Parquet)', () => {
  let dir = '';
  let cache = '';
  let plain: TrainDoc;
  before(async () => {
    dir = await tempDir();
    cache = join(dir, 'cache');
    mkdirSync(cache);
    writeFileSync(join(dir, 'data.csv'), csv());
    writeFileSync(join(dir, 'data.csv.gz'), gzipSync(csv()));
    const c = columns();
    parquetWriteFile({
      filename: join(dir, 'data.parquet'),
      columnData: [
        { name: 'x1', data: c.x1, type: 'DOUBLE' },
        { name: 'x2', data: c.x2, type: 'DOUBLE' },
        { name: 'colour', data: c.colour, type: 'STRING' },
        { name: 'label', data: c.label, type: 'STRING' },
      ],
      rowGroupSize: 700, // three row groups
    });
    plain = (await mlpkitJson<TrainDoc>(['train', 'data.csv', ...TRAIN, '--stream', '--cache-dir', cache, '--out', 'm.json'], dir)).doc;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('trains: rows split by the hash (≈ 20 % test, 10 % of the rest validation), learns, saves a model that predicts the file', async () => {
    const { train, validation, test } = plain.rows;
    assert.equal(train + validation + test, ROWS);
    assert.ok(Math.abs(test - 400) < 4 * Math.sqrt(ROWS * 0.2 * 0.8), `test rows ${test}`);
    assert.ok(Math.abs(validation - 160) < 4 * Math.sqrt(1600 * 0.1 * 0.9), `validation rows ${validation}`);
    assert.equal(plain.test.rows, test);
    assert.ok(plain.test.accuracy > 0.85, `test accuracy ${plain.test.accuracy}`);
    assert.equal(plain.features.inputs, 5); // x1, x2, colour × 3
    const predicted = await mlpkit(['predict', 'm.json', 'data.csv', '--out', 'p.csv'], dir);
    assert.equal(predicted.code, 0, predicted.stderr);
    assert.equal(readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n').length, ROWS + 1);
  });

  it('is deterministic, and leaves nothing in the cache folder', async () => {
    const again = (await mlpkitJson<TrainDoc>(['train', 'data.csv', ...TRAIN, '--stream', '--cache-dir', cache, '--no-save'], dir)).doc;
    assert.deepEqual(again.history, plain.history);
    assert.deepEqual(again.test, plain.test);
    assert.deepEqual(readdirSync(cache), []);
  });

  it('a gzip-compressed CSV and a Parquet file of the same rows train exactly as the CSV', async () => {
    for (const file of ['data.csv.gz', 'data.parquet']) {
      const doc = (await mlpkitJson<TrainDoc>(['train', file, ...TRAIN, '--stream', '--no-save'], dir)).doc;
      assert.deepEqual(doc.history, plain.history, file);
      assert.deepEqual(doc.test, plain.test, file);
    }
  });

  it('Parquet also trains in memory, as the same CSV does', async () => {
    const fromCsv = (await mlpkitJson<TrainDoc>(['train', 'data.csv', ...TRAIN, '--no-stream', '--no-save'], dir)).doc;
    const fromParquet = (await mlpkitJson<TrainDoc>(['train', 'data.parquet', ...TRAIN, '--no-save'], dir)).doc;
    assert.deepEqual(fromParquet.history, fromCsv.history);
    assert.deepEqual(fromParquet.rows, fromCsv.rows);
  });

  it('errors are one line with the data exit code', async () => {
    const run = await mlpkit(['train', 'data.csv', '--target', 'nope', '--stream'], dir);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /data\.csv: no target column 'nope'; the columns are: x1, x2, colour, label/);
    // missing values are imputed by default; --impute none makes them an error
    const missing = await mlpkit(['train', 'data.csv', '--target', 'label', '--impute', 'none', '--stream', '--no-save'], dir);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /data\.csv: line \d+, column 'x1': missing value \(\d+ in this column\)/);
    writeFileSync(join(dir, 'bad.parquet'), 'not parquet at all');
    const bad = await mlpkit(['train', 'bad.parquet', '--stream'], dir);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /bad\.parquet: not a readable Parquet file/);
  });
});
