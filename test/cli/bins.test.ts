/**
 * `mlpkit train` on a table large enough for piecewise-linear bins (⌊rows/500⌋ per numeric
 * column): the note on stderr, the widths in --json, and a model file that predict and every
 * preprocessing export take — with a missing value, so that indicator columns come before the bins.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { mlpkit, mlpkitJson, put, tempDir } from './helpers.js';

/** 1,250 rows of y = sin(3a) + b + flag: a and b continuous (one a missing), flag 0/1. */
function csv(): string {
  const lines = ['a,b,flag,y'];
  for (let i = 0; i < 1250; i++) {
    const a = ((i * 37) % 1000) / 250 - 2;
    const b = ((i * 91) % 777) / 777;
    const flag = i % 3 === 0 ? 1 : 0;
    lines.push(`${i === 7 ? '' : a},${b},${flag},${Math.sin(3 * a) + b + flag}`);
  }
  return `${lines.join('\n')}\n`;
}

interface TrainDoc {
  features: { columns: string[]; inputs: number; missingIndicators: string[]; bins: Record<string, number> };
}

describe('train with piecewise-linear bins', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir();
    await put(dir, 'wave.csv', csv());
  });

  test('1,000 training rows of 3 columns: 2 bins for a and b, none for the 0/1 column; predict and exports take the model', async () => {
    // train holds out 20 % for its report: the preprocessing is fitted on 1,000 rows → ⌊1000/500⌋ = 2 bins
    const { run, doc } = await mlpkitJson<TrainDoc>(['train', 'wave.csv', '--target', 'y', '--epochs', '2', '--out', 'wave.json'], dir);
    assert.match(run.stderr, /^note: .*2 numeric columns also encoded piecewise-linearly in up to 2 quantile bins each \(8 inputs\)/m);
    // a, b, flag, the indicator of a, then 2 bins each for a and b
    assert.equal(doc.features.inputs, 8);
    assert.deepEqual(doc.features.missingIndicators, ['a']);
    assert.deepEqual(doc.features.bins, { a: 2, b: 2 });
    const p = await mlpkit(['predict', 'wave.json', 'wave.csv', '--out', 'predicted.csv', '-q'], dir);
    assert.equal(p.code, 0, p.stderr);
    for (const out of ['wave.onnx', 'wave.mjs']) {
      const e = await mlpkit(['export', 'wave.json', '--out', out, '-q'], dir);
      assert.equal(e.code, 0, `${out}: ${e.stderr}`);
    }
  });

  test('--layers none: a linear model in the columns, no bins', async () => {
    const { run, doc } = await mlpkitJson<TrainDoc>(['train', 'wave.csv', '--target', 'y', '--layers', 'none', '--epochs', '2', '--out', 'linear.json'], dir);
    assert.doesNotMatch(run.stderr, /piecewise/);
    assert.equal(doc.features.inputs, 4);
    assert.deepEqual(doc.features.bins, {});
  });
});
