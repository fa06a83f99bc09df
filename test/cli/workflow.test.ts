/**
 * Resume, determinism with --seed, --json purity of stdout, summary, gradcheck, plots and the
 * default run with no file.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DATA, mlpkit, mlpkitJson, tempDir } from './helpers.js';

interface ModelDoc {
  layers: { weights: { W: { data: number[] } } }[];
  optimizer: { config: { name: string }; state: { iterations: number; epoch: number } };
  metadata: { preprocessor: { target: { name: string } }; training: { history: unknown[]; seed: number; test: { accuracy: number } } };
}

async function readModel(dir: string, name: string): Promise<ModelDoc> {
  return JSON.parse(await readFile(join(dir, name), 'utf8')) as ModelDoc;
}

describe('workflows', { concurrency: true }, () => {
  test('resume continues from the saved weights and optimizer state', async () => {
    const dir = await tempDir();
    const first = await mlpkitJson<{ epochs: number; totalEpochs: number; rows: { train: number } }>(
      // the held-out run's model itself (no refit), every epoch kept, 32 rows per step
      ['train', '--dataset', 'digits', '--epochs', '3', '--batch-size', '32', '--keep', 'last', '--no-refit', '--out', 'a.json', '-q'],
      dir,
    );
    const a = await readModel(dir, 'a.json');
    const steps = a.optimizer.state.iterations;
    assert.equal(a.optimizer.state.epoch, 3);
    assert.equal(steps, 3 * Math.ceil(first.doc.rows.train / 32));
    const second = await mlpkitJson<{ epochs: number; totalEpochs: number; history: { epoch: number }[]; test: { accuracy: number } }>(
      ['train', '--dataset', 'digits', '--epochs', '2', '--resume', 'a.json', '--out', 'b.json', '-q'],
      dir,
    );
    assert.equal(second.doc.epochs, 2);
    assert.equal(second.doc.totalEpochs, 5);
    assert.deepEqual(second.doc.history.map((h) => h.epoch), [0, 1, 2, 3, 4]);
    const b = await readModel(dir, 'b.json');
    assert.equal(b.optimizer.state.epoch, 5);
    assert.ok(b.optimizer.state.iterations > steps);
    assert.equal(b.metadata.training.history.length, 5);
    assert.ok(second.doc.test.accuracy >= 0.95, `accuracy after resuming: ${second.doc.test.accuracy}`);
    // a different target is refused
    const bad = await mlpkit(['train', join(DATA, 'iris.csv'), '--target', 'species', '--resume', 'a.json', '--epochs', '1'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /predicts 'digit'/);
  });

  test('the default cosine schedule ends with the held-out run\'s last step', async () => {
    const dir = await tempDir();
    // 150 rows, 38 (round(37.5)) held out: 112 = 7 batches of 16, so 3 epochs are 21 steps
    // (counting 150 · 0.75 = 112.5 rows instead would make a schedule of 24 that never reaches 0)
    const run = await mlpkitJson<{ rows: { train: number }; optimizer: { schedule: { name: string; totalSteps: number } } }>(
      ['train', '--test-split', '0', '--validation-split', '0.25', '--batch-size', '16', '--epochs', '3', '--no-save', '-q'],
      dir,
    );
    assert.equal(run.doc.rows.train, 112);
    assert.equal(run.doc.optimizer.schedule.name, 'cosine');
    assert.equal(run.doc.optimizer.schedule.totalSteps, 21);
  });

  test('--seed makes training deterministic', async () => {
    const dir = await tempDir();
    const args = ['train', '--dataset', 'breast-cancer', '--epochs', '5', '--dropout', '0.1', '-q'];
    const [r1, r2, r3] = await Promise.all([
      mlpkit([...args, '--seed', '7', '--out', 's7a.json'], dir),
      mlpkit([...args, '--seed', '7', '--out', 's7b.json'], dir),
      mlpkit([...args, '--seed', '8', '--out', 's8.json'], dir),
    ]);
    for (const r of [r1, r2, r3]) assert.equal(r!.code, 0, r!.stderr);
    const [a, b, c] = await Promise.all(['s7a.json', 's7b.json', 's8.json'].map((f) => readFile(join(dir, f), 'utf8')));
    assert.equal(a, b, 'same seed, same model file');
    assert.notEqual(a, c, 'another seed, another model');
    const scrub = (text: string): string => text.replace(/in [\d.]+ m?s/, '').replace(/s7[ab]\.json/, 'FILE');
    assert.equal(scrub(r1!.stdout), scrub(r2!.stdout), 'same report');
  });

  test('--json: stdout holds exactly one JSON document for every command', async () => {
    const dir = await tempDir();
    const iris = join(DATA, 'iris.csv');
    // progress is on (no --quiet): it must all go to stderr
    const train = await mlpkit(['train', '--epochs', '5', '--json', '--plot', 'curves.svg'], dir);
    assert.equal(train.code, 0, train.stderr);
    const doc = JSON.parse(train.stdout) as { command: string; history: unknown[]; test: { accuracy: number } };
    assert.equal(doc.command, 'train');
    assert.equal(doc.history.length, 5);
    assert.match(train.stderr, /epoch/);
    const svg = await readFile(join(dir, 'curves.svg'), 'utf8');
    assert.match(svg, /^<svg /);
    assert.match(svg, /validation/);
    for (const args of [
      ['evaluate', 'model.json', iris],
      ['predict', 'model.json', iris, '--proba'],
      ['explain', 'model.json', iris, '--row', '5'],
      ['summary', 'model.json'],
      ['summary', '--inputs', '3', '--layers', '4:relu,2:softmax'],
      ['gradcheck', '--layers', '3:tanh', '--rows', '4'],
      ['datasets'],
    ]) {
      const run = await mlpkit([...args, '--json'], dir);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      const parsed = JSON.parse(run.stdout) as { command: string };
      assert.equal(parsed.command, args[0]);
    }
  });

  test('train with no file uses iris; summary shows the architecture', async () => {
    const dir = await tempDir();
    const run = await mlpkit(['train', '--epochs', '3'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /dataset:iris, 150 rows × 5 columns; target 'species'/);
    assert.match(run.stdout, /held-out test set: accuracy/);
    assert.match(run.stdout, /saved model\.json/);
    const s = await mlpkitJson<{ layers: { units: number; activation: string; params: number }[]; totalParams: number }>(
      ['summary', '--inputs', '3', '--layers', '4:relu,2:softmax'],
      dir,
    );
    // 3·4 + 4 = 16, 4·2 + 2 = 10
    assert.deepEqual(s.doc.layers.map((l) => [l.units, l.activation, l.params]), [[4, 'relu', 16], [2, 'softmax', 10]]);
    assert.equal(s.doc.totalParams, 26);
    const text = await mlpkit(['summary', 'model.json'], dir);
    assert.match(text.stdout, /Predicts 'species' \(classification: setosa, versicolor, virginica\)/);
    assert.match(text.stdout, /Total parameters: 17,539/); // 4·128 + 128 + 128·128 + 128 + 128·3 + 3
  });

  test('gradcheck passes and reports the worst error per layer', async () => {
    const dir = await tempDir();
    const { doc } = await mlpkitJson<{ passed: boolean; maxRelativeError: number; layers: { layer: string }[] }>(
      ['gradcheck', '--dataset', 'circle', '--layers', '4:tanh,3:sigmoid', '--rows', '6'],
      dir,
    );
    assert.equal(doc.passed, true);
    assert.ok(doc.maxRelativeError < 1e-5);
    assert.deepEqual(doc.layers.map((l) => l.layer), ['dense_1', 'dense_2', 'dense_3', 'input']);
  });
});
