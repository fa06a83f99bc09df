/**
 * `mlpkit tune`: successive halving on k-fold CV, candidates scored on worker threads.
 * The same seed and candidate count give the same result; a time budget is kept (the search
 * and the final fit end within 10 % of it); the winner is saved and printed as a train command.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { mlpkit, mlpkitJson, put, sizeColorCsv, tempDir } from './helpers.js';

interface Cand {
  id: number;
  layers: number[];
  lr: number;
  cv: number;
  folds: number;
}
interface TuneDoc {
  command: string;
  candidates: number;
  winner: Cand;
  leaderboard: Cand[];
  train: string;
  model: string | null;
  seconds: number;
  stoppedByBudget: boolean;
}

describe('mlpkit tune', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir();
    await put(dir, 'data.csv', sizeColorCsv());
  });

  test('the same seed and --trials give the same leaderboard and winner', async () => {
    const args = ['tune', 'data.csv', '--target', 'label', '--trials', '4', '--folds', '2', '--epochs', '3', '--seed', '3', '--no-save', '-q'];
    const a = await mlpkitJson<TuneDoc>(args, dir);
    assert.equal(a.doc.candidates, 4);
    // candidate 0 is train's default architecture
    assert.ok(a.doc.leaderboard.some((c) => c.id === 0 && c.layers.join(',') === '128,128'));
    // 4 candidates at one fold, the best ⌈4/3⌉ = 2 go on to both folds
    assert.equal(a.doc.leaderboard.filter((c) => c.folds === 2).length, 2);
    assert.equal(a.doc.winner.folds, 2);
    const b = await mlpkitJson<TuneDoc>(args, dir);
    assert.deepEqual(b.doc.leaderboard, a.doc.leaderboard);
    assert.deepEqual(b.doc.winner, a.doc.winner);
    assert.match(a.doc.train, /^mlpkit train data\.csv --target label --layers \S+ --lr \S+ --weight-decay \S+ --dropout \S+ --batch-size \d+ --epochs \d+ --seed 3$/);
  });

  test('a time budget is kept within 10 %; the winner is saved, trained on every row, and evaluates with its baselines', async () => {
    const budget = 8;
    const { doc } = await mlpkitJson<TuneDoc>(['tune', 'data.csv', '--target', 'label', '--budget', `${budget}s`, '--folds', '2', '--epochs', '4', '-o', 'tuned.json', '-q'], dir);
    assert.ok(doc.seconds <= budget * 1.1, `took ${doc.seconds} s of a ${budget} s budget`);
    assert.ok(doc.candidates >= 1);
    assert.equal(doc.model, 'tuned.json');
    const ev = await mlpkitJson<{ accuracy: number; rows: number; baselines: { linear: { rows: number } } | null }>(['evaluate', 'tuned.json', 'data.csv'], dir);
    assert.equal(ev.doc.rows, 60);
    assert.equal(ev.doc.baselines?.linear.rows, 60);
    const text = await mlpkit(['tune', 'data.csv', '--target', 'label', '--trials', '1', '--folds', '2', '--epochs', '2', '--no-save'], dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stderr, /leaderboard after/);
    assert.match(text.stdout, /train it again with:\n  mlpkit train data\.csv --target label /);
  });
});
