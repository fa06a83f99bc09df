/**
 * Every bad input of issue 3 gets one clear line on stderr (no stack trace), a non-zero exit code
 * (2 usage, 3 data, 4 model file, 5 divergence) and leaves no half-written output file.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { mlpkit, put, tempDir, type Run } from './helpers.js';

/** 60 rows: an id, a number, a colour and a two-class label that depends on the number. */
function goodCsv(): string[] {
  const lines = ['id,size,color,label'];
  const colors = ['red', 'green', 'blue'];
  for (let i = 0; i < 60; i++) {
    const size = ((i * 37) % 100) / 10;
    lines.push(`${i},${size},${colors[i % 3]},${size > 5 ? 'big' : 'small'}`);
  }
  return lines;
}

/** The CSV with one cell replaced: `line` is the file line (1 = header), `col` the field index. */
function withCell(line: number, col: number, value: string): string {
  const lines = goodCsv();
  const fields = lines[line - 1]!.split(',');
  fields[col] = value;
  lines[line - 1] = fields.join(',');
  return `${lines.join('\n')}\n`;
}

function assertOneLineError(run: Run, code: number, ...parts: (string | RegExp)[]): void {
  assert.equal(run.code, code, `exit code (stderr: ${run.stderr})`);
  assert.equal(run.stdout, '', 'nothing on stdout');
  // progress notes may come first; the error is one line, the last one
  const all = run.stderr.trimEnd().split('\n');
  const lines = all.slice(-1);
  assert.equal(all.filter((l) => l.startsWith('mlpkit:')).length, 1, `one error line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0]!, /^mlpkit: error: /);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  for (const p of parts) {
    if (typeof p === 'string') assert.ok(lines[0]!.includes(p), `'${p}' in: ${lines[0]}`);
    else assert.match(lines[0]!, p);
  }
}

let dir = '';

before(async () => {
  dir = await tempDir();
  await put(dir, 'good.csv', `${goodCsv().join('\n')}\n`);
  const run = await mlpkit(['train', 'good.csv', '--target', 'label', '--drop', 'id', '--epochs', '20', '--out', 'good.json', '-q'], dir);
  assert.equal(run.code, 0, run.stderr);
});

describe('bad input: one line, an exit code, no partial files', { concurrency: true }, () => {
  test('missing file', async () => {
    assertOneLineError(await mlpkit(['train', 'nosuch.csv', '--target', 'label'], dir), 3, 'nosuch.csv', 'no such file');
  });

  test('unreadable file: a directory', async () => {
    assertOneLineError(await mlpkit(['train', '.', '--target', 'label'], dir), 3, 'is a directory');
  });

  test('empty file', async () => {
    await put(dir, 'empty.csv', '');
    assertOneLineError(await mlpkit(['train', 'empty.csv'], dir), 3, 'empty.csv', 'empty');
  });

  test('header only', async () => {
    await put(dir, 'header.csv', 'id,size,color,label\n');
    assertOneLineError(await mlpkit(['train', 'header.csv'], dir), 3, 'header.csv', 'no data rows');
  });

  test('ragged row, with its line number', async () => {
    const lines = goodCsv();
    lines[6] = '6,1.5,red';
    await put(dir, 'ragged.csv', `${lines.join('\n')}\n`);
    assertOneLineError(await mlpkit(['train', 'ragged.csv', '--target', 'label'], dir), 3, 'ragged.csv: line 7 has 3 fields, expected 4');
  });

  test('non-numeric value in a numeric column: line, column and value', async () => {
    await put(dir, 'typo.csv', withCell(9, 1, '4,5'.replace(',', ';')));
    assertOneLineError(await mlpkit(['train', 'typo.csv', '--target', 'label'], dir), 3, "line 9, column 'size'", "got '4;5'");
  });

  test('non-numeric value at prediction time', async () => {
    await put(dir, 'typo-predict.csv', withCell(5, 1, 'big'));
    assertOneLineError(await mlpkit(['predict', 'good.json', 'typo-predict.csv'], dir), 3, "line 5, column 'size'", "got 'big'");
  });

  test('unknown target column lists the columns', async () => {
    assertOneLineError(await mlpkit(['train', 'good.csv', '--target', 'nope'], dir), 3, "no target column 'nope'", 'id, size, color, label');
  });

  test('a single class', async () => {
    const lines = goodCsv().map((l, i) => (i === 0 ? l : l.replace(/,(big|small)$/, ',same')));
    await put(dir, 'oneclass.csv', `${lines.join('\n')}\n`);
    assertOneLineError(await mlpkit(['train', 'oneclass.csv', '--target', 'label'], dir), 3, "single class 'same'");
  });

  test('NaN and infinite values', async () => {
    await put(dir, 'nan.csv', withCell(10, 1, 'NaN'));
    assertOneLineError(await mlpkit(['train', 'nan.csv', '--target', 'label'], dir), 3, "line 10, column 'size'", 'not a finite number');
    await put(dir, 'inf.csv', withCell(11, 1, '-Infinity'));
    assertOneLineError(await mlpkit(['train', 'inf.csv', '--target', 'label'], dir), 3, "line 11, column 'size'", 'not a finite number');
  });

  test('missing value: imputed by default with one note; --impute none restores the error with a hint', async () => {
    await put(dir, 'hole.csv', withCell(6, 1, ''));
    const ok = await mlpkit(['train', 'hole.csv', '--target', 'label', '--epochs', '2', '--no-save'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    const notes = ok.stderr.split('\n').filter((l) => l.includes('missing numbers'));
    assert.equal(notes.length, 1, ok.stderr);
    assert.match(notes[0] as string, /median and marked in an indicator column \('size'\).*--impute none/);
    assertOneLineError(await mlpkit(['train', 'hole.csv', '--target', 'label', '--impute', 'none', '--no-save'], dir), 3, "line 6, column 'size'", '--impute');
    const mean = await mlpkit(['train', 'hole.csv', '--target', 'label', '--impute', 'mean', '--epochs', '2', '--no-save', '-q'], dir);
    assert.equal(mean.code, 0, mean.stderr);
  });

  test('malformed model files', async () => {
    await put(dir, 'notjson.json', '{oops');
    assertOneLineError(await mlpkit(['evaluate', 'notjson.json', 'good.csv'], dir), 4, 'notjson.json', 'invalid JSON');
    await put(dir, 'other.json', '{"format":"something-else"}');
    assertOneLineError(await mlpkit(['predict', 'other.json', 'good.csv'], dir), 4, 'not an mlpkit model file');
    const doc = JSON.parse(await readFile(join(dir, 'good.json'), 'utf8')) as { layers: { weights: { W: { data: number[] } } }[]; metadata?: unknown };
    doc.layers[0]!.weights.W.data.pop();
    await put(dir, 'short.json', JSON.stringify(doc));
    assertOneLineError(await mlpkit(['evaluate', 'short.json', 'good.csv'], dir), 4, 'layers[0].weights.W.data');
    assertOneLineError(await mlpkit(['evaluate', 'nosuch.json', 'good.csv'], dir), 4, 'nosuch.json', 'cannot read the model file');
  });

  test('future-version model file', async () => {
    const doc = JSON.parse(await readFile(join(dir, 'good.json'), 'utf8')) as { version: number };
    doc.version = 99;
    await put(dir, 'future.json', JSON.stringify(doc));
    assertOneLineError(await mlpkit(['predict', 'future.json', 'good.csv'], dir), 4, 'version 99 is newer');
  });

  test('prediction data missing a column the model needs', async () => {
    const lines = goodCsv().map((l) => l.split(',').filter((_, k) => k !== 2).join(','));
    await put(dir, 'nocolor.csv', `${lines.join('\n')}\n`);
    assertOneLineError(await mlpkit(['predict', 'good.json', 'nocolor.csv'], dir), 3, "lacks column 'color'", 'id, size, label');
  });

  test('unknown category: an error, or ignored with --unknown ignore', async () => {
    await put(dir, 'purple.csv', withCell(4, 2, 'purple'));
    const failed = await mlpkit(['predict', 'good.json', 'purple.csv', '--out', 'purple-pred.csv'], dir);
    assertOneLineError(failed, 3, "line 4, column 'color'", "unknown category 'purple'", '--unknown ignore');
    assert.ok(!(await readdir(dir)).includes('purple-pred.csv'), 'no output file after an error');
    const ok = await mlpkit(['predict', 'good.json', 'purple.csv', '--unknown', 'ignore'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.trimEnd().split('\n').length, 61);
  });

  test('invalid option values', async () => {
    assertOneLineError(await mlpkit(['train', 'good.csv', '--lr', '-1'], dir), 2, "'--lr <rate>'", "'-1'", '> 0');
    assertOneLineError(await mlpkit(['train', 'good.csv', '--layers', '0'], dir), 2, "'--layers <list>'", "'0'");
    assertOneLineError(await mlpkit(['train', 'good.csv', '--layers', '8:nope'], dir), 2, "unknown activation 'nope'");
    assertOneLineError(await mlpkit(['train', 'good.csv', '--epochs', 'ten'], dir), 2, "'--epochs <n>'");
    assertOneLineError(await mlpkit(['train', 'good.csv', '--validation-split', '1'], dir), 2, '--validation-split');
    assertOneLineError(await mlpkit(['train', 'good.csv', '--optimizer', 'magic'], dir), 2, "'magic'", 'adam');
    assertOneLineError(await mlpkit(['train', '--dataset', 'nope'], dir), 2, '--dataset must be one of', 'iris');
    assertOneLineError(await mlpkit(['train', '--no-such-flag'], dir), 2, "unknown option '--no-such-flag'");
  });

  test('divergence: stops, keeps the last good model, suggests a lower learning rate', async () => {
    // batch 32 (two steps an epoch): the first epoch ends before the cost overflows
    const run = await mlpkit(['train', 'good.csv', '--target', 'label', '--optimizer', 'sgd', '--lr', '1e6', '--batch-size', '32', '--out', 'diverged.json', '-q'], dir);
    assertOneLineError(run, 5, 'diverged', 'lower learning rate', '--lr 100000', 'diverged.json');
    const saved = JSON.parse(await readFile(join(dir, 'diverged.json'), 'utf8')) as { layers: { weights?: { W: { data: number[] } } }[] };
    assert.ok(saved.layers.every((l) => l.weights === undefined || l.weights.W.data.every(Number.isFinite)), 'the saved model is the last good one');
    // the saved weights are finite but huge: evaluate scores them, or says in one line that they
    // overflow (exit 4) — never scores computed from NaN predictions
    const ev = await mlpkit(['evaluate', 'diverged.json', 'good.csv'], dir);
    if (ev.code === 0) assert.doesNotMatch(ev.stdout, /NaN/);
    else assertOneLineError(ev, 4, /predicts (NaN|-?Infinity) for row \d+/);
  });

  test('--debug adds the stack trace', async () => {
    const run = await mlpkit(['train', 'nosuch.csv', '--debug'], dir);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /\n\s+at /);
  });

  test('an output into a missing folder is refused before training, with no temporary file', async () => {
    const run = await mlpkit(['train', 'good.csv', '--target', 'label', '--epochs', '1', '--out', 'no/such/folder/m.json', '-q'], dir);
    assertOneLineError(run, 2, 'no/such/folder/m.json', 'does not exist');
    await writeFile(join(dir, 'keep.json'), 'old');
    assert.ok(!(await readdir(dir)).some((f) => f.endsWith('.tmp')));
  });
});
