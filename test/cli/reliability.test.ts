/**
 * Issue 14: the CLI never destroys data, never runs away, and says what went wrong. Every case runs
 * the built CLI in its own temporary folder and checks the exit code, the one-line message, that
 * no stack trace is printed, that the inputs are untouched and that no temporary file is left.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { before, describe, test } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { CLI, DATA, mlpkit, runCommand, tempDir, type Run } from './helpers.js';

const IRIS = join(DATA, 'iris.csv');
let irisText = '';
let modelText = '';
let root = '';

/** A fresh folder holding iris.csv and m.json (a model trained on it), plus `files`. */
async function folder(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'iris.csv'), irisText);
  await writeFile(join(dir, 'm.json'), modelText);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** Content hashes of the regular files in `dir` (symbolic links by their target). */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await readdir(dir)) {
    const info = await lstat(join(dir, name));
    if (info.isSymbolicLink()) out.set(name, `link:${await readlink(join(dir, name))}`);
    else if (info.isFile()) out.set(name, createHash('sha256').update(await readFile(join(dir, name))).digest('hex'));
  }
  return out;
}

interface Expect {
  code: number;
  message?: RegExp;
  /** files the run may create or change */
  writes?: readonly string[];
}

/** Runs the CLI in `dir` and checks the outcome, the untouched inputs and the absence of temporary files. */
async function check(dir: string, args: readonly string[], expect: Expect): Promise<Run> {
  const before = await snapshot(dir);
  const run = await mlpkit(args, dir);
  const context = `mlpkit ${args.join(' ')}\nstderr: ${run.stderr}`;
  assert.equal(run.code, expect.code, `exit code of ${context}`);
  assert.doesNotMatch(run.stderr, /\n\s+at /, `no stack trace: ${context}`);
  assert.doesNotMatch(run.stderr, /internal error/, context);
  if (expect.code !== 0) {
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('mlpkit:'));
    assert.equal(errors.length, 1, `one error line: ${context}`);
    assert.match(errors[0] as string, /^mlpkit: error: /);
    if (expect.message !== undefined) assert.match(errors[0] as string, expect.message, context);
  }
  // nothing but printable text and line breaks on stderr (no raw bytes, no escape sequences)
  assert.doesNotMatch(run.stderr, /[\u0000-\u0008\u000b-\u001f\u007f]/, `control characters on stderr: ${context}`);
  const after = await snapshot(dir);
  for (const [name, hash] of before) {
    if (expect.writes?.includes(name) === true) continue;
    assert.equal(after.get(name), hash, `${name} untouched by ${context}`);
  }
  const leftovers = [...after.keys()].filter((n) => n.endsWith('.tmp'));
  assert.deepEqual(leftovers, [], `no temporary files after ${context}`);
  for (const name of after.keys()) {
    if (!before.has(name)) assert.ok(expect.writes?.includes(name) === true, `${name} created by ${context}`);
  }
  return run;
}

/** m.json with a change made by `edit`. */
function editedModel(edit: (doc: ModelDoc) => void): string {
  const doc = JSON.parse(modelText) as ModelDoc;
  edit(doc);
  return JSON.stringify(doc);
}

interface ModelDoc {
  layers: { type: string; weights: { W: { data: number[] } } }[];
  optimizer: { config: Record<string, unknown> } | null;
  metadata: {
    training: { history: unknown };
    preprocessor: { features: { mean: number; std: number }[]; target: { classes: string[] } };
  };
}

const TRAIN_FAST = ['--epochs', '2', '-q'];

before(async () => {
  irisText = await readFile(IRIS, 'utf8');
  root = await tempDir();
  await writeFile(join(root, 'iris.csv'), irisText);
  const run = await mlpkit(['train', 'iris.csv', '--epochs', '3', '--out', 'm.json', '-q'], root);
  assert.equal(run.code, 0, run.stderr);
  modelText = await readFile(join(root, 'm.json'), 'utf8');
});

describe('issue 14: data loss', { concurrency: true }, () => {
  test('--out onto the data file, --out onto predict\'s input, --out and --plot the same file', async () => {
    const dir = await folder();
    await check(dir, ['train', 'iris.csv', '--out', 'iris.csv', ...TRAIN_FAST], { code: 2, message: /--out iris\.csv: that is the input file/ });
    await check(dir, ['train', 'iris.csv', '--out', './sub/../iris.csv', ...TRAIN_FAST], { code: 2, message: /(that is the input file|folder .* does not exist)/ });
    await check(dir, ['predict', 'm.json', 'iris.csv', '--out', 'iris.csv'], { code: 2, message: /that is the input file iris\.csv/ });
    await check(dir, ['predict', 'm.json', 'iris.csv', '--out', 'm.json'], { code: 2, message: /that is the input file m\.json/ });
    await check(dir, ['train', 'iris.csv', '--out', 'x.json', '--plot', 'x.json', ...TRAIN_FAST], { code: 2, message: /--plot x\.json and --out x\.json are the same file/ });
    await check(dir, ['export', 'm.json', '--out', 'm.json', '--format', 'js'], { code: 2, message: /that is the input file/ });
  });

  test('a hard link or symbolic link to the input is the same file', async () => {
    const dir = await folder();
    await symlink('iris.csv', join(dir, 'alias.csv'));
    await check(dir, ['train', 'iris.csv', '--out', 'alias.csv', ...TRAIN_FAST], { code: 2, message: /that is the input file/ });
  });

  test('--out through a symbolic link replaces the file it points to and keeps the link', async () => {
    const dir = await folder({ 'real.json': 'old' });
    await symlink('real.json', join(dir, 'link.json'));
    await check(dir, ['train', 'iris.csv', '--out', 'link.json', ...TRAIN_FAST], { code: 0, writes: ['real.json'] });
    assert.ok((await lstat(join(dir, 'link.json'))).isSymbolicLink(), 'the link stays a link');
    assert.match(await readFile(join(dir, 'real.json'), 'utf8'), /"format":"mlpkit-model"/);
  });

  test('--out onto a device is written through, never replaced', async () => {
    const dir = await folder();
    await check(dir, ['train', 'iris.csv', '--out', '/dev/null', ...TRAIN_FAST], { code: 0 });
    assert.ok((await stat('/dev/null')).isCharacterDevice());
    await check(dir, ['train', 'iris.csv', '--out', '/dev/full', ...TRAIN_FAST], { code: 3, message: /\/dev\/full: cannot write the file: no space left/ });
    assert.ok((await stat('/dev/full')).isCharacterDevice());
    await check(dir, ['train', 'iris.csv', '--out', '.', ...TRAIN_FAST], { code: 2, message: /--out \.: is a directory/ });
  });

  test('--out onto a FIFO is written through to its reader; the FIFO stays a FIFO', async () => {
    const dir = await folder();
    const fifo = join(dir, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (received += d));
    const closed = new Promise((r) => reader.on('close', r));
    await check(dir, ['predict', 'm.json', 'iris.csv', '--out', 'pipe'], { code: 0 });
    await closed;
    const lines = received.trimEnd().split('\n');
    assert.equal(lines.length, 151, received.slice(0, 200));
    assert.match(lines[0] as string, /species/);
    assert.ok((await lstat(fifo)).isFIFO());
  });

  test('--resume with a malformed training history is refused before anything is written', async () => {
    const abc = editedModel((d) => (d.metadata.training.history = 'abc'));
    const nulls = editedModel((d) => (d.metadata.training.history = [null]));
    const dir = await folder({ 'abc.json': abc, 'nulls.json': nulls });
    await check(dir, ['train', 'iris.csv', '--resume', 'abc.json', '--out', 'abc.json', ...TRAIN_FAST], { code: 4, message: /abc\.json: invalid model file at metadata\.training\.history: expected an array/ });
    await check(dir, ['train', 'iris.csv', '--resume', 'nulls.json', '--out', 'nulls.json', ...TRAIN_FAST], { code: 4, message: /nulls\.json: invalid model file at metadata\.training\.history\[0\]: expected an object, got null/ });
    // a good resume into the same file is allowed
    await check(dir, ['train', 'iris.csv', '--resume', 'm.json', '--out', 'm.json', ...TRAIN_FAST], { code: 0, writes: ['m.json'] });
  });

  test('a 250-character --out name works (short temporary name); an over-long one is refused', async () => {
    const dir = await folder();
    const long = `${'a'.repeat(245)}.json`;
    await check(dir, ['train', 'iris.csv', '--out', long, ...TRAIN_FAST], { code: 0, writes: [long] });
    await check(dir, ['train', 'iris.csv', '--out', `${'b'.repeat(256)}.json`, ...TRAIN_FAST], { code: 2, message: /file name is 261 bytes long/ });
  });

  test('--plot or --out into a missing folder is refused before training', async () => {
    const dir = await folder();
    await check(dir, ['train', 'iris.csv', '--out', 'new.json', '--plot', 'nodir/x.svg', ...TRAIN_FAST], { code: 2, message: /--plot nodir\/x\.svg: the folder nodir does not exist/ });
    await check(dir, ['predict', 'm.json', 'iris.csv', '--out', 'nodir/p.csv'], { code: 2, message: /the folder nodir does not exist/ });
    await check(dir, ['train', 'iris.csv', '--out', '', ...TRAIN_FAST], { code: 2, message: /--out: expected a file name, got ""/ });
  });

  test('stale temporary files of ours are swept: a dead process\'s, and any older than an hour', async () => {
    const dir = await folder();
    const dead = '.mlpkit-999999999-0badcafe.tmp';
    const old = `.mlpkit-${process.pid}-00000001.tmp`;
    const fresh = `.mlpkit-${process.pid}-00000002.tmp`;
    const foreign = 'notes.tmp';
    for (const name of [dead, old, fresh, foreign]) await writeFile(join(dir, name), 'partial');
    const hours = (Date.now() - 2 * 3600_000) / 1000;
    await utimes(join(dir, old), hours, hours);
    const run = await mlpkit(['train', 'iris.csv', '--out', 'new.json', ...TRAIN_FAST], dir);
    assert.equal(run.code, 0, run.stderr);
    const names = await readdir(dir);
    assert.ok(!names.includes(dead), 'the dead process\'s temporary file is removed');
    assert.ok(!names.includes(old), 'the hour-old one is removed');
    assert.ok(names.includes(fresh), 'a live process\'s fresh one is kept');
    assert.ok(names.includes(foreign), 'other .tmp files are not ours');
  });
});

describe('issue 14: input sniffing', { concurrency: true }, () => {
  test('semicolon, tab and pipe separators are detected; --delimiter forces one', async () => {
    const dir = await folder({
      'semi.csv': irisText.replace(/,/g, ';'),
      'tab.tsv': irisText.replace(/,/g, '\t'),
      'pipe.csv': irisText.replace(/,/g, '|'),
    });
    for (const f of ['semi.csv', 'tab.tsv', 'pipe.csv']) {
      const run = await check(dir, ['train', f, '--no-save', '--epochs', '2', '--json'], { code: 0 });
      const doc = JSON.parse(run.stdout) as { target: string; features: { columns: string[] } };
      assert.equal(doc.target, 'species', f);
      assert.deepEqual(doc.features.columns, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], f);
    }
    await check(dir, ['train', 'semi.csv', '--delimiter', ',', '--no-save', ...TRAIN_FAST], { code: 3 });
    await check(dir, ['train', 'tab.tsv', '--delimiter', 'tab', '--no-save', ...TRAIN_FAST], { code: 0 });
    await check(dir, ['train', 'semi.csv', '--delimiter', ';;', '--no-save', ...TRAIN_FAST], { code: 2, message: /--delimiter/ });
  });

  test('gzip is read by extension or by its signature; binary files are refused without dumping bytes', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0x1b, 0x5b, 0x32, 0x4a]);
    const dir = await folder({
      'iris.csv.gz': gzipSync(irisText),
      'iris.data': gzipSync(irisText),
      'fake.csv.gz': irisText,
      'image.csv': png,
      'sheet.csv': Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
      'cut.csv.gz': gzipSync(irisText).subarray(0, 200),
    });
    await check(dir, ['train', 'iris.csv.gz', '--no-save', ...TRAIN_FAST], { code: 0 });
    await check(dir, ['train', 'iris.data', '--no-save', ...TRAIN_FAST], { code: 0 });
    await check(dir, ['predict', 'm.json', 'iris.csv.gz', '--out', 'p.csv'], { code: 0, writes: ['p.csv'] });
    await check(dir, ['train', 'fake.csv.gz', '--no-save', ...TRAIN_FAST], { code: 3, message: /fake\.csv\.gz: is named \.gz but is not gzip data/ });
    await check(dir, ['train', 'image.csv', '--no-save', ...TRAIN_FAST], { code: 3, message: /image\.csv: is a binary file, not CSV text .*89 50 4e 47/ });
    await check(dir, ['train', 'sheet.csv', '--no-save', ...TRAIN_FAST], { code: 3, message: /sheet\.csv: is a zip archive/ });
    await check(dir, ['train', 'cut.csv.gz', '--no-save', ...TRAIN_FAST], { code: 3, message: /cut\.csv\.gz: the gzip data is corrupt/ });
    await check(dir, ['train', '/dev/zero', '--no-save', ...TRAIN_FAST], { code: 3, message: /\/dev\/zero: is a binary file/ });
  });

  test('a record over the line limit is refused (a file without line breaks never fills the memory)', async () => {
    const dir = await folder({ 'oneline.csv': `a,b\n${'x'.repeat(17 << 20)}` });
    await check(dir, ['train', 'oneline.csv', '--no-save', ...TRAIN_FAST], { code: 3, message: /oneline\.csv: line 2 is longer than 16777216 characters/ });
  });
});

describe('issue 14: model files', { concurrency: true }, () => {
  test('a value a constructor refuses is a model-file error (exit 4) naming the file and the JSON path', async () => {
    const eps = editedModel((d) => (d.optimizer!.config.epsilon = 0));
    const dir = await folder({ 'eps.json': eps });
    for (const args of [['summary', 'eps.json'], ['predict', 'eps.json', 'iris.csv'], ['export', 'eps.json', '--out', 'e.mjs']]) {
      await check(dir, args, { code: 4, message: /eps\.json: invalid model file at optimizer\.config: .*epsilon/ });
    }
  });

  test('deep nesting is refused (no stack overflow); a byte-order mark is accepted by every command', async () => {
    let deep = '0';
    for (let i = 0; i < 10_000; i++) deep = `[${deep}]`;
    const dir = await folder({ 'deep.json': modelText.replace('"metadata":{', `"metadata":{"deep":${deep},`), 'bom.json': `\ufeff${modelText}` });
    for (const args of [['summary', 'deep.json'], ['predict', 'deep.json', 'iris.csv'], ['export', 'deep.json', '--out', 'd.mjs'], ['train', 'iris.csv', '--resume', 'deep.json', '--no-save']]) {
      await check(dir, args, { code: 4, message: /deep\.json: not a model file: JSON nested deeper than 64 levels/ });
    }
    await check(dir, ['summary', 'bom.json'], { code: 0 });
    await check(dir, ['predict', 'bom.json', 'iris.csv'], { code: 0 });
    await check(dir, ['evaluate', 'bom.json', 'iris.csv'], { code: 0 });
    await check(dir, ['export', 'bom.json', '--out', 'b.mjs'], { code: 0, writes: ['b.mjs'] });
  });

  test('values that would make predict print NaN are refused: a weight of 1e308, std 1e-320, a mean of 1e308', async () => {
    const dir = await folder({
      'w.json': editedModel((d) => (d.layers[0]!.weights.W.data[0] = 1e308)),
      'std.json': editedModel((d) => (d.metadata.preprocessor.features[1]!.std = 1e-320)),
      'mean.json': editedModel((d) => (d.metadata.preprocessor.features[2]!.mean = -1e308)),
    });
    await check(dir, ['predict', 'w.json', 'iris.csv'], { code: 4, message: /w\.json: invalid model file at layers\[0\]\.weights\.W\.data\[0\]: 1e\+308 is out of range/ });
    await check(dir, ['predict', 'std.json', 'iris.csv'], { code: 4, message: /std\.json: invalid model file at metadata\.preprocessor: .*features\[1\]\.std/ });
    await check(dir, ['predict', 'mean.json', 'iris.csv'], { code: 4, message: /mean\.json: invalid model file at metadata\.preprocessor: .*features\[2\]\.mean/ });
  });
});

describe('issue 14: command line and messages', { concurrency: true }, () => {
  test('an option given twice, a hexadecimal layer size and an unknown schedule key are refused', async () => {
    const dir = await folder();
    await check(dir, ['train', 'iris.csv', '--target', 'species', '--target', 'petal_width', '--no-save'], { code: 2, message: /--target is given twice \("species" and "petal_width"\)/ });
    await check(dir, ['train', 'iris.csv', '-t', 'species', '--target=petal_width', '--no-save'], { code: 2, message: /--target is given twice/ });
    await check(dir, ['train', 'iris.csv', '--layers', '0x10', '--no-save'], { code: 2, message: /'0x10'/ });
    await check(dir, ['train', 'iris.csv', '--epochs', '0x10', '--no-save'], { code: 2, message: /--epochs/ });
    await check(dir, ['train', 'iris.csv', '--schedule', 'step:stepsize=3', '--no-save'], { code: 2, message: /the step schedule has no setting 'stepsize'; it takes stepSize, gamma/ });
    // list options add up
    await check(dir, ['train', 'iris.csv', '--drop', 'sepal_width', '--drop', 'petal_width', '--no-save', ...TRAIN_FAST], { code: 0 });
  });

  test('control characters in labels and column names are printed as visible escapes', async () => {
    const evil = irisText.replace(/setosa/g, 'set\u001b[2Josa').replace('petal_width', '"petal\u0007\rwidth"');
    const dir = await folder({ 'evil.csv': evil });
    await check(dir, ['train', 'evil.csv', '--out', 'evil.json', ...TRAIN_FAST], { code: 0, writes: ['evil.json'] });
    const run = await check(dir, ['summary', 'evil.json'], { code: 0 });
    assert.ok(run.stdout.includes('set\\x1b[2Josa'), run.stdout);
    assert.ok(run.stdout.includes('petal\\x07\\x0dwidth'), run.stdout);
    assert.doesNotMatch(run.stdout, /[\u001b\u0007\r]/);
  });
});

describe('issue 14: running away', { concurrency: true }, () => {
  test('sizes are estimated before anything is allocated, and refused over the limit', async () => {
    const dir = await folder();
    await check(dir, ['train', 'iris.csv', '--layers', '1e9', '--backend', 'reference'], {
      code: 2,
      message: /--layers 1000000000 has 3,000 million parameters and would need about [\d.]+ GB of memory, over the limit of 4 GB; .*--max-memory/,
    });
    await check(dir, ['summary', '--inputs', '3', '--layers', '1e9'], { code: 2, message: /the network has 4,000 million parameters .* over the limit of 4 GB/ });
    await check(dir, ['train', '--dataset', 'xor', '--n', '1e12'], { code: 2, message: /--n 1,000,000,000,000: the data set would need about [\d.]+ TB of memory, over the limit of 4 GB/ });
    await check(dir, ['predict', 'm.json', '--dataset', 'xor', '--n', '1e12'], { code: 2, message: /--n 1,000,000,000,000/ });
    await check(dir, ['train', 'iris.csv', '--layers', '3900,3900'], { code: 2, message: /15\.2 million parameters; with the optimizer's state that is 45\.7 million numbers to save/ });
    await check(dir, ['train', 'iris.csv', '--layers', '256', '--max-memory', '64KB', '--no-save'], { code: 2, message: /over the limit of 64 KB/ });
    await check(dir, ['train', 'iris.csv', '--layers', '8', '--max-memory', '64KB', '--no-save', ...TRAIN_FAST], { code: 0 });
    await check(dir, ['train', 'iris.csv', '--max-memory', 'lots', '--no-save'], { code: 2, message: /--max-memory/ });
  });

  test('a network too large for the WASM memory falls back to the reference backend with a note', async () => {
    const { backendThatFits, WASM_MEMORY_BYTES } = await import('../../src/cli/backend.js');
    const { Output } = await import('../../src/cli/output.js');
    const { PassThrough } = await import('node:stream');
    const stderr = new PassThrough();
    let notes = '';
    stderr.on('data', (d: Buffer) => (notes += d.toString()));
    const out = new Output({ json: false, quiet: false }, new PassThrough(), stderr);
    assert.equal(backendThatFits('auto', WASM_MEMORY_BYTES, { backend: 'auto' }, out), 'auto');
    assert.equal(notes, '');
    assert.equal(backendThatFits('auto', 5 * 1024 ** 3, { backend: 'auto' }, out), 'reference');
    assert.match(notes, /note: the network needs about 5 GB, more than the wasm backend's memory holds \(3\.75 GB\); using the reference backend/);
    assert.throws(() => backendThatFits('wasm', 5 * 1024 ** 3, { backend: 'wasm' }, out), /use --backend reference/);
    assert.equal(backendThatFits('reference', 5 * 1024 ** 3, { backend: 'reference' }, out), 'reference');
  });

  test('under a virtual-memory limit (ulimit -v 6 GB) commands start, WASM falls back with a note, and a network that does not fit is exit 7', async () => {
    const dir = await folder();
    // asynchronous: the other tests of this group run meanwhile
    const limited = (args: readonly string[]): Promise<Run> => runCommand('bash', ['-c', 'ulimit -v 6000000 && exec "$0" "$@"', process.execPath, CLI, ...args], dir);
    // every module loads (nothing instantiates WebAssembly at import), and training runs
    const small = await limited(['train', 'iris.csv', '--no-save', '--epochs', '2']);
    assert.equal(small.code, 0, small.stderr);
    assert.match(small.stderr, /note: the wasm backend is unavailable \(.*\); using the reference backend/);
    // 2.5 billion parameters on the reference backend: the allocation of the second layer's weights fails
    const huge = await limited(['train', 'iris.csv', '--layers', '50000,50000', '--epochs', '1', '--backend', 'reference', '--max-memory', '100GB', '--no-save', '-q']);
    assert.equal(huge.code, 7, huge.stderr);
    assert.doesNotMatch(huge.stderr, /\n\s+at /);
    assert.match(huge.stderr.trim(), /^mlpkit: error: out of memory \(Array buffer allocation failed\); try a smaller --batch-size/);
  });

  test('out of memory is one line (exit 7) with what ran out and what to try', async () => {
    const { reportError } = await import('../../src/cli/errors.js');
    const { PassThrough } = await import('node:stream');
    for (const [error, what] of [
      [new RangeError('Array buffer allocation failed'), /out of memory \(Array buffer allocation failed\)/],
      [new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'), /out of the WebAssembly backend's memory/],
      [new RangeError('Invalid string length'), /largest text JavaScript can hold/],
    ] as const) {
      const stderr = new PassThrough();
      let text = '';
      stderr.on('data', (d: Buffer) => (text += d.toString()));
      assert.equal(reportError(error, false, stderr), 7);
      await new Promise((r) => setImmediate(r));
      assert.equal(text.trimEnd().split('\n').length, 1, text);
      assert.match(text, what);
      assert.match(text, /smaller --batch-size, fewer rows, fewer or smaller layers, or --backend reference/);
    }
  });
});

describe('issue 14: split messages', { concurrency: true }, () => {
  test('--test-split 0.99 names the split; a continuous target forced to classification says so', async () => {
    const dir = await folder();
    await check(dir, ['train', 'iris.csv', '--test-split', '0.99', '--no-save'], { code: 2, message: /--test-split 0\.99 leaves 1 training row, all of class '\w+'; use a smaller --test-split/ });
    await check(dir, ['train', '--dataset', 'plane', '--task', 'classification', '--no-save'], {
      code: 2,
      message: /--task classification: the target 'value' has 500 distinct numbers in 500 rows, .* it looks continuous: use --task regression/,
    });
  });
});

test('the folder of the suite is left clean', async () => {
  await mkdir(root, { recursive: true });
  assert.deepEqual((await readdir(root)).filter((n) => n.endsWith('.tmp')), []);
});
