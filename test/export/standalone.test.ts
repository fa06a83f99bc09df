import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, Dense, Model } from '../../src/index.js';
import { Preprocessor, tableFromArrays, type Table } from '../../src/data/index.js';
import { toStandaloneModule } from '../../src/io/export/index.js';
import { ACTIVATIONS, assertClose, buildModel, fitMixed, mixedTable, randomInputs, specName } from './helpers.js';

const TOLERANCE = 1e-5;

/** One call to make in the fresh process: module file, function, rows, options. */
interface Call {
  module: string;
  fn: 'predict' | 'predictBatch' | 'predictLabel';
  rows: unknown[];
  options?: Record<string, string>;
}

type Result = { ok: true; value: unknown[] } | { ok: false; error: string };

/**
 * Writes the modules into an empty temporary folder (no node_modules anywhere above it that the
 * module could reach by a bare import) and runs all calls in one fresh `node` process, which
 * imports each module by file URL and prints the results as JSON.
 */
function runFresh(dir: string, modules: Record<string, string>, calls: Call[]): Result[] {
  for (const [name, source] of Object.entries(modules)) writeFileSync(join(dir, name), source);
  writeFileSync(join(dir, 'calls.json'), JSON.stringify(calls));
  const runner = `
import { readFileSync } from 'node:fs';
const calls = JSON.parse(readFileSync(new URL('./calls.json', import.meta.url), 'utf8'));
const revive = (v) => (v === '__NaN__' ? NaN : v);
const results = [];
for (const c of calls) {
  const m = await import(new URL('./' + c.module, import.meta.url));
  try {
    const rows = c.rows.map((r) => (Array.isArray(r) ? r.map(revive) : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, revive(v)]))));
    const value = c.fn === 'predictBatch' ? m.predictBatch(rows, c.options) : rows.map((r) => m[c.fn](r, c.options));
    results.push({ ok: true, value });
  } catch (e) {
    results.push({ ok: false, error: String(e.message) });
  }
}
process.stdout.write(JSON.stringify(results));
`;
  writeFileSync(join(dir, 'runner.mjs'), runner);
  const child = spawnSync(process.execPath, [join(dir, 'runner.mjs')], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  assert.equal(child.status, 0, `fresh node process failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Result[];
}

function values(r: Result | undefined): unknown[] {
  assert.ok(r !== undefined && r.ok, `call failed: ${r !== undefined && !r.ok ? r.error : 'no result'}`);
  return r.value;
}

/** The rows of a table as objects keyed by column name (missing: null), NaN sent as a marker. */
function rowObjects(table: Table): Record<string, unknown>[] {
  return Array.from({ length: table.rows }, (_, i) =>
    Object.fromEntries(
      table.columns.map((c) => {
        if (c.kind === 'numeric') return [c.name, Number.isNaN(c.values[i] as number) ? '__NaN__' : c.values[i]];
        const k = c.codes[i] as number;
        return [c.name, k < 0 ? null : c.categories[k]];
      }),
    ),
  );
}

describe('toStandaloneModule: imported in a fresh Node process with no dependencies', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlpkit-standalone-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the module imports nothing and exports predict, predictBatch, featureNames, classes', () => {
    const source = toStandaloneModule(buildModel('gelu', 'softmax'), { classLabels: ['a', 'b', 'c'] });
    assert.doesNotMatch(source, /\bimport\b|\brequire\(/);
    for (const name of ['predict', 'predictBatch', 'predictLabel']) assert.match(source, new RegExp(`export function ${name}\\(`));
    assert.match(source, /export const featureNames = null;/);
    assert.match(source, /export const classes = \["a","b","c"\];/);
  });

  it('every activation, batches of 1 and 257, matches model.predict', () => {
    const modules: Record<string, string> = {};
    const calls: Call[] = [];
    const expected: { what: string; y: Float32Array | Float64Array }[] = [];
    ACTIVATIONS.forEach((spec, k) => {
      const model = buildModel(spec, spec);
      const file = `act${k}.mjs`;
      modules[file] = toStandaloneModule(model);
      for (const rows of [1, 257]) {
        const x = randomInputs(rows, 5, rows + k);
        calls.push({ module: file, fn: 'predictBatch', rows: x.toArray() });
        expected.push({ what: `${specName(spec)}, batch ${rows}`, y: model.predict(x).data });
      }
    });
    // float64 model: weights embedded as float64
    const wide = new Model({ inputs: 3, dtype: 'float64', layers: [new Dense({ units: 4, activation: 'selu' }), new Dense({ units: 2 })] });
    modules['wide.mjs'] = toStandaloneModule(wide);
    const xw = randomInputs(9, 3).clone('float64');
    calls.push({ module: 'wide.mjs', fn: 'predictBatch', rows: xw.toArray() });
    expected.push({ what: 'float64', y: wide.predict(xw).data });

    const results = runFresh(dir, modules, calls);
    results.forEach((r, i) => {
      const { what, y } = expected[i] as (typeof expected)[number];
      assertClose((values(r) as number[][]).flat(), y, what === 'float64' ? 1e-12 : TOLERANCE, what);
    });
  });

  it('classification with preprocessing: raw row objects (missing as null / NaN) → probabilities and labels', () => {
    const { table } = mixedTable(257);
    const pre = fitMixed(table, 'label');
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 8, activation: 'tanh' }), new Dense({ units: 3, activation: 'softmax' })] });
    const rows = rowObjects(table);
    const x = pre.transform(table).x;
    const [probabilities, labels, one, positional] = runFresh(dir, { 'cls.mjs': toStandaloneModule(model, { preprocessing: pre.toJSON() }) }, [
      { module: 'cls.mjs', fn: 'predictBatch', rows },
      { module: 'cls.mjs', fn: 'predictLabel', rows },
      { module: 'cls.mjs', fn: 'predict', rows: rows.slice(0, 1) },
      // an array in featureNames order (a, colour, b, size): the same as the object
      { module: 'cls.mjs', fn: 'predict', rows: rows.slice(0, 1).map((r) => [r.a, r.colour, r.b, r.size]) },
    ]);
    assertClose((values(probabilities) as number[][]).flat(), model.predict(x).data, TOLERANCE, 'probabilities');
    assert.deepEqual(values(labels), pre.decodeClasses(model.predictClasses(x)));
    assert.deepEqual(values(one), values(positional));
  });

  it('regression with preprocessing: the target in its own units', () => {
    const { table } = mixedTable(257, 8);
    const pre = fitMixed(table, 'value');
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 6, activation: 'relu' }), new Dense({ units: 1 })] });
    const [r] = runFresh(dir, { 'reg.mjs': toStandaloneModule(model, { preprocessing: pre.toJSON() }) }, [{ module: 'reg.mjs', fn: 'predictBatch', rows: rowObjects(table) }]);
    assertClose((values(r) as number[][]).flat(), pre.inverseTransformTarget(model.predict(pre.transform(table).x)), TOLERANCE, 'regression');
  });

  it('piecewise-linear bins with the table defaults: the same as transform + predict', () => {
    const { table } = mixedTable(257, 9);
    const pre = Preprocessor.fit(table, { target: 'value', drop: ['label'], impute: 'median', markMissing: true, scaling: 'robust', clip: 3, bins: 6 });
    assert.equal(pre.binned.length, 2);
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 6, activation: 'relu' }), new Dense({ units: 1 })] });
    const [r] = runFresh(dir, { 'bins.mjs': toStandaloneModule(model, { preprocessing: pre.toJSON() }) }, [{ module: 'bins.mjs', fn: 'predictBatch', rows: rowObjects(table) }]);
    assertClose((values(r) as number[][]).flat(), pre.inverseTransformTarget(model.predict(pre.transform(table).x)), TOLERANCE, 'bins');
  });

  it('refuses what mlpkit refuses: unknown categories (unless ignored), missing values without imputation, wrong widths', () => {
    const t = tableFromArrays({ n: [1, 2, 3, 4], colour: ['red', 'blue', 'red', 'blue'], y: [0, 1, 0, 1] });
    const pre = Preprocessor.fit(t, { target: 'y', task: 'classification' });
    const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 1, activation: 'sigmoid' })] });
    const plain = buildModel('relu', 'identity', 5, 2);
    const [unknown, ignored, missing, text, width] = runFresh(dir, { 'strict.mjs': toStandaloneModule(model, { preprocessing: pre.toJSON() }), 'plain.mjs': toStandaloneModule(plain) }, [
      { module: 'strict.mjs', fn: 'predict', rows: [{ n: 1, colour: 'green' }] },
      { module: 'strict.mjs', fn: 'predict', rows: [{ n: 1, colour: 'green' }], options: { unknown: 'ignore' } },
      { module: 'strict.mjs', fn: 'predict', rows: [{ colour: 'red' }] },
      { module: 'strict.mjs', fn: 'predict', rows: [{ n: 'abc', colour: 'red' }] },
      { module: 'plain.mjs', fn: 'predict', rows: [[1, 2, 3]] },
    ]);
    assert.deepEqual(unknown, { ok: false, error: "column 'colour': unknown category 'green' (known: blue, red); pass { unknown: 'ignore' } to encode it as all zeros" });
    const expected = model.predict(pre.transform(tableFromArrays({ n: [1], colour: ['green'] }), { unknown: 'ignore' }).x).data;
    assertClose((values(ignored) as number[][]).flat(), expected, TOLERANCE, 'ignored unknown');
    assert.deepEqual(missing, { ok: false, error: "column 'n': missing value, and the model was trained without imputation" });
    assert.deepEqual(text, { ok: false, error: `column 'n': expected a finite number, got "abc"` });
    assert.deepEqual(width, { ok: false, error: 'predict: expected an array of 5 numbers, got 3 values' });
  });

  it('option errors are ConfigErrors', () => {
    const model = buildModel('relu', 'softmax');
    assert.throws(() => toStandaloneModule(model, { featureNames: ['a'] }), (e: unknown) => e instanceof ConfigError && /1 names for 5 inputs/.test(e.message));
    assert.throws(() => toStandaloneModule(model, { classLabels: ['a'] }), (e: unknown) => e instanceof ConfigError && /1 class labels/.test(e.message));
  });
});
