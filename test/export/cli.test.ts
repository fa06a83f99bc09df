import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import { Dense, Dropout, loadModel, Model, serializeModel } from '../../src/index.js';
import { Preprocessor } from '../../src/data/index.js';
import { encodeSafetensors, decodeSafetensors } from '../../src/io/export/index.js';
import { assertClose, fitMixed, mixedTable, randomInputs } from './helpers.js';
import { mlpkit, type Run } from '../cli/helpers.js';

function assertOneLineError(run: Run, code: number, message: RegExp): void {
  assert.equal(run.code, code, `exit code ${run.code}, stderr: ${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got: ${run.stderr}`);
  assert.match(lines[0] as string, /^mlpkit: error: /);
  assert.match(lines[0] as string, message);
}

describe('mlpkit export and mlpkit import', () => {
  let dir = '';
  const { table } = mixedTable(257);
  const pre = fitMixed(table, 'label');
  const model = new Model({ inputs: pre.outputWidth, layers: [new Dense({ units: 8, activation: 'relu' }), new Dropout({ rate: 0.1 }), new Dense({ units: 3, activation: 'softmax' })] });
  const x = pre.transform(table).x;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlpkit-export-cli-'));
    // what `mlpkit train` saves: the model with its preprocessing in metadata.preprocessor
    writeFileSync(join(dir, 'model.json'), serializeModel(model, { metadata: { preprocessor: pre.toJSON() } }));
    writeFileSync(join(dir, 'bare.json'), serializeModel(model));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--format from the extension: .onnx runs in onnxruntime with raw columns; no temporary file is left', async () => {
    const run = await mlpkit(['export', 'model.json', '--out', 'model.onnx'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^wrote model\.onnx \(onnx, [\d.]+ KiB\): numeric \(N × 2: a, b\), text \(N × 2: colour, size\) → output \(N × 3\), label \(N\)\n$/);
    const s = await ort.InferenceSession.create(readFileSync(join(dir, 'model.onnx')));
    assert.deepEqual(s.inputNames, ['numeric', 'text']);
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')));
  });

  it('--format js writes a module whose predict takes row objects', async () => {
    const run = await mlpkit(['export', 'model.json', '--format', 'js', '--out', 'predict.js.txt'], dir);
    assert.equal(run.code, 0, run.stderr);
    writeFileSync(join(dir, 'predict.mjs'), readFileSync(join(dir, 'predict.js.txt')));
    const m = (await import(pathToFileURL(join(dir, 'predict.mjs')).href)) as { predict: (row: unknown) => number[]; featureNames: string[] };
    assert.deepEqual(m.featureNames, ['a', 'colour', 'b', 'size']);
    const row = { a: table.columns[0]?.kind === 'numeric' ? table.columns[0].values[0] : 0, colour: null, b: 0, size: 'M' };
    assert.equal(m.predict(row).length, 3);
  });

  it('safetensors out and back: import restores the weights and the preprocessing', async () => {
    assert.equal((await mlpkit(['export', 'model.json', '-o', 'w.safetensors', '-q'], dir)).code, 0);
    const file = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'w.safetensors'))));
    assert.deepEqual([...file.tensors.keys()], ['0.weight', '0.bias', '3.weight', '3.bias']);
    const run = await mlpkit(['import', 'w.safetensors', '--out', 'back.json', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { command: 'import', weights: 'w.safetensors', out: 'back.json', inputs: 9, outputs: 3, parameters: model.countParams(), preprocessing: true });
    const back = loadModel(readFileSync(join(dir, 'back.json'), 'utf8'));
    assert.deepEqual(back.metadata.preprocessor, pre.toJSON());
    assert.deepEqual(Array.from(back.model.predict(x).data), Array.from(model.predict(x).data));
    // the restored preprocessing fits the network, as readModelFile (predict, evaluate, train --resume) requires
    assert.equal(Preprocessor.fromJSON(back.metadata.preprocessor).outputWidth, 9);
  });

  it('import with --inputs and --layers (dropout included) for weights without metadata', async () => {
    const W1 = randomInputs(8, 4, 1); // torch weight, out × in
    const W2 = randomInputs(2, 8, 2);
    const bytes = encodeSafetensors(
      [
        { name: '0.weight', dtype: 'F32', shape: [8, 4], values: W1.data },
        { name: '0.bias', dtype: 'F32', shape: [8], values: new Float32Array(8).fill(0.1) },
        { name: '3.weight', dtype: 'F32', shape: [2, 8], values: W2.data },
        { name: '3.bias', dtype: 'F32', shape: [2], values: [0, 0] },
      ],
      {},
    );
    writeFileSync(join(dir, 'torch.safetensors'), bytes);
    const missing = await mlpkit(['import', 'torch.safetensors', '-o', 't.json'], dir);
    assertOneLineError(missing, 2, /no "modules" in its __metadata__, so pass the architecture/);
    const run = await mlpkit(['import', 'torch.safetensors', '-o', 't.json', '--inputs', '4', '--layers', '8:tanh,dropout:0.2,2:softmax'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^wrote t\.json: 4 inputs → 2 outputs, 58 parameters\n/);
    assert.match(run.stderr, /carries no preprocessing/);
    const { model: m } = loadModel(readFileSync(join(dir, 't.json'), 'utf8'));
    assert.deepEqual(m.layers.map((l) => l.type), ['dense', 'dropout', 'dense']);
    // W = weightᵀ: W[i][j] = weight[j][i]
    assert.equal((m.layers[0] as Dense).weights.value.get(3, 5), W1.get(5, 3));
  });

  it('export of a model file without preprocessing takes the encoded inputs', async () => {
    const run = await mlpkit(['export', 'bare.json', '-o', 'bare.onnx'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /has no preprocessing; the export takes the network's 9 encoded inputs/);
    const s = await ort.InferenceSession.create(readFileSync(join(dir, 'bare.onnx')));
    const out = await s.run({ input: new ort.Tensor('float32', Float32Array.from(x.data), [x.rows, x.cols]) });
    assertClose(out.output?.data as Float32Array, model.predict(x).data, 1e-5, 'bare');
  });

  it('summary of a model file without preprocessing shows its network, as export takes it', async () => {
    const run = await mlpkit(['summary', 'bare.json'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /No preprocessing \(saved from the API\): the network takes 9 encoded inputs/);
    const json = await mlpkit(['summary', 'bare.json', '--json'], dir);
    const doc = JSON.parse(json.stdout) as { task: unknown; inputs: number; totalParams: number };
    assert.equal(doc.task, null);
    assert.equal(doc.inputs, 9);
    assert.equal(doc.totalParams, model.countParams());
  });

  it('--raw leaves the preprocessing out but keeps the class labels', async () => {
    const run = await mlpkit(['export', 'model.json', '-o', 'raw.onnx', '--raw', '--opset', '17', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual({ ...JSON.parse(run.stdout), bytes: 0 }, { command: 'export', model: 'model.json', format: 'onnx', out: 'raw.onnx', bytes: 0, preprocessing: false });
    const s = await ort.InferenceSession.create(readFileSync(join(dir, 'raw.onnx')));
    assert.deepEqual(s.inputNames, ['input']);
    assert.deepEqual(s.outputNames, ['output', 'label']);
  });

  it('errors are one line with the exit code of their kind', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"format": "mlpkit-model"');
    assertOneLineError(await mlpkit(['export', 'model.json', '-o', 'model.bin'], dir), 2, /cannot tell the format from 'model\.bin'; pass --format/);
    assertOneLineError(await mlpkit(['export', 'nope.json', '-o', 'm.onnx'], dir), 4, /nope\.json: cannot read the model file: no such file or folder/);
    assertOneLineError(await mlpkit(['export', 'broken.json', '-o', 'm.onnx'], dir), 4, /broken\.json: not a model file: invalid JSON/);
    assertOneLineError(await mlpkit(['export', 'model.json', '-o', 'm.mjs', '--opset', '13'], dir), 2, /--opset is for --format onnx, not js/);
    assertOneLineError(await mlpkit(['export', 'model.json', '-o', 'm.onnx', '--opset', '13'], dir), 2, /cannot export as onnx: .*text columns \(colour, size\).*needs opset 19/);
    assertOneLineError(await mlpkit(['import', 'torch.safetensors', '-o', 't.json', '--inputs', '5', '--layers', '8:tanh,dropout,2'], dir), 4, /tensor '0\.weight' has shape \[8, 4\]; layer 0 \(Dense 5 → 8\) needs \[8, 5\]/);
    assertOneLineError(await mlpkit(['import', 'torch.safetensors', '-o', 't.json', '--inputs', '4'], dir), 2, /give --inputs and --layers together/);
    assertOneLineError(await mlpkit(['import', 'model.json', '-o', 't.json'], dir), 4, /model\.json: not a safetensors file/);
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp') || f === 'm.onnx' || f === 'm.mjs'), 'failed exports write nothing');
  });
});
