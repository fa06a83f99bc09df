/** `mlpkit train --ensemble N`: N networks (seeds s … s+N−1) saved as one that predicts their average. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { mlpkit, mlpkitJson, put, tempDir } from './helpers.js';

function csv(): string {
  const lines = ['a,b,kind,y'];
  const kinds = ['p', 'q', 'r'];
  for (let i = 0; i < 80; i++) {
    const a = ((i * 37) % 100) / 10;
    const b = ((i * 53) % 70) / 10;
    lines.push(`${a},${b},${kinds[i % 3]},${(Math.sin(a) + 0.3 * b + (i % 3) * 0.5).toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The predictions column of `mlpkit predict`'s CSV. */
async function predictions(model: string, dir: string): Promise<number[]> {
  const run = await mlpkit(['predict', model, 'data.csv'], dir);
  assert.equal(run.code, 0, run.stderr);
  const [header, ...rows] = run.stdout.trim().split('\n');
  const col = (header as string).split(',').length - 1;
  return rows.map((r) => Number(r.split(',')[col]));
}

describe('mlpkit train --ensemble', { concurrency: true }, () => {
  let dir = '';
  before(async () => {
    dir = await tempDir();
    await put(dir, 'data.csv', csv());
  });

  test('the saved model predicts the mean of the N networks that --seed s, s+1, … train alone', async () => {
    const common = ['train', 'data.csv', '--target', 'y', '--epochs', '6', '--layers', '8,4', '--test-split', '0', '-q'];
    const e = await mlpkitJson<{ ensemble: { networks: number; seeds: number[]; epochs: number[] }; parameters: number }>([...common, '--seed', '7', '--ensemble', '3', '-o', 'e3.json'], dir);
    assert.deepEqual(e.doc.ensemble.seeds, [7, 8, 9]);
    assert.equal(e.doc.ensemble.networks, 3);
    // inputs a, b and 3 one-hot columns: 5 → 24 → 12 → 1, the 24 → 12 layer stored whole
    assert.equal(e.doc.parameters, 5 * 24 + 24 + 24 * 12 + 12 + 12 + 1);
    for (const s of [7, 8, 9]) await mlpkitJson([...common, '--seed', String(s), '-o', `s${s}.json`], dir);
    const merged = await predictions('e3.json', dir);
    const each = await Promise.all([7, 8, 9].map((s) => predictions(`s${s}.json`, dir)));
    assert.equal(merged.length, 80);
    for (let i = 0; i < merged.length; i++) {
      const mean = each.reduce((a, p) => a + (p[i] as number), 0) / 3;
      // float32 networks, printed predictions: equal up to rounding
      assert.ok(Math.abs((merged[i] as number) - mean) < 1e-4 * (1 + Math.abs(mean)), `row ${i}: ${merged[i]} vs mean ${mean}`);
    }
  });

  test('a network that stopped before --epochs (L-BFGS converged) is refit for the epochs it ran', async () => {
    // the last epoch is kept (no pick), so each network's epoch count is the epochs its run took
    const run = await mlpkitJson<{ epochs: number; stopReason: string; ensemble: { epochs: number[] } }>(
      ['train', '--dataset', 'plane', '--layers', 'none', '--optimizer', 'lbfgs', '--keep', 'last', '--ensemble', '2', '--epochs', '300', '--no-save', '-q'],
      dir,
    );
    assert.equal(run.doc.stopReason, 'converged');
    assert.ok(run.doc.epochs < 300);
    assert.equal(run.doc.ensemble.epochs[0], run.doc.epochs);
  });

  test('--ensemble 0 is a usage error (exit 2) that names the option; --ensemble with --resume too', async () => {
    const zero = await mlpkit(['train', 'data.csv', '--target', 'y', '--ensemble', '0'], dir);
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /--ensemble/);
    assert.match(zero.stderr, /whole number ≥ 1/);
    const half = await mlpkit(['cv', 'data.csv', '--target', 'y', '--ensemble', '1.5'], dir);
    assert.equal(half.code, 2);
    assert.match(half.stderr, /--ensemble/);
    await mlpkitJson(['train', 'data.csv', '--target', 'y', '--epochs', '2', '-o', 'one.json', '-q'], dir);
    const resumed = await mlpkit(['train', 'data.csv', '--resume', 'one.json', '--ensemble', '2', '-o', 'two.json'], dir);
    assert.equal(resumed.code, 2);
    assert.match(resumed.stderr, /--ensemble 2 does not combine with --resume/);
  });

  test('cv --ensemble 2 scores the averaged network of each fold', async () => {
    const one = await mlpkitJson<{ mean: number }>(['cv', 'data.csv', '--target', 'y', '--folds', '2', '--epochs', '5', '--seed', '3', '-q'], dir);
    const two = await mlpkitJson<{ mean: number }>(['cv', 'data.csv', '--target', 'y', '--folds', '2', '--epochs', '5', '--seed', '3', '--ensemble', '2', '-q'], dir);
    assert.ok(Number.isFinite(two.doc.mean));
    assert.notEqual(two.doc.mean, one.doc.mean);
  });
});
