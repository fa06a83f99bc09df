import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, Dense, Dropout, Matrix, Model, ModelFormatError, type Layer } from '../../src/index.js';
import { decodeSafetensors, encodeSafetensors, fromSafetensors, toSafetensors, type SequentialArchitecture } from '../../src/io/export/index.js';
import { bfloat16ToNumber, halfToNumber } from '../../src/io/export/safetensors.js';
import { ACTIVATIONS, assertClose, buildModel, randomInputs, specName } from './helpers.js';

const TOLERANCE = 1e-5;

/** Dense(16, relu) · Dropout · Dense(8, identity, no bias) · Dense(3, softmax), 4 inputs. */
function stack(dtype: 'float32' | 'float64' = 'float32'): Model {
  const layers: Layer[] = [
    new Dense({ units: 16, activation: 'relu', biasInitializer: { name: 'constant', value: 0.1 } }),
    new Dropout({ rate: 0.25 }),
    new Dense({ units: 8, useBias: false }),
    new Dense({ units: 3, activation: 'softmax' }),
  ];
  return new Model({ inputs: 4, layers, dtype, seed: 3 });
}

const ARCH: SequentialArchitecture = {
  inputs: 4,
  layers: [{ units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.25 }, { units: 8, useBias: false }, { units: 3, activation: 'softmax' }],
};

function throwsFormat(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => (e instanceof ModelFormatError || e instanceof ConfigError) && message.test(e.message) && !e.message.includes('\n'));
}

describe('toSafetensors: the torch.nn.Sequential layout', () => {
  const model = stack();
  const bytes = toSafetensors(model);
  const file = decodeSafetensors(bytes);

  it('names follow the Sequential indices: Linear, ReLU, Dropout, Linear (no bias), Linear, Softmax', () => {
    assert.deepEqual(
      [...file.tensors.entries()].map(([name, t]) => `${name} ${t.dtype} [${t.shape.join(', ')}]`),
      ['0.weight F32 [16, 4]', '0.bias F32 [16]', '3.weight F32 [8, 16]', '4.weight F32 [3, 8]', '4.bias F32 [3]'],
    );
    assert.deepEqual(JSON.parse(file.metadata.modules as string), [
      { type: 'Linear', in_features: 4, out_features: 16, bias: true },
      { type: 'ReLU' },
      { type: 'Dropout', p: 0.25 },
      { type: 'Linear', in_features: 16, out_features: 8, bias: false },
      { type: 'Linear', in_features: 8, out_features: 3, bias: true },
      { type: 'Softmax', dim: -1 },
    ]);
    assert.equal(file.metadata.format, 'mlpkit-sequential');
    assert.equal(file.metadata.inputs, '4');
  });

  it('weight is Wᵀ (out × in): weight[j][i] = W[i][j]; bias is b', () => {
    const W = (model.layers[0] as Dense).weights.value;
    const weight = file.tensors.get('0.weight')?.values as Float64Array;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 16; j++) assert.equal(weight[j * 4 + i], W.get(i, j));
    assert.deepEqual(Array.from(file.tensors.get('0.bias')?.values ?? []), Array.from((model.layers[0] as Dense).bias?.value.data ?? []));
  });

  it('container: u64 header length, space-padded JSON header, data 8-byte aligned and exactly covered', () => {
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    assert.equal(n % 8, 0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { data_offsets: [number, number] }>;
    assert.deepEqual(header['0.weight']?.data_offsets, [0, 256]);
    assert.deepEqual(header['0.bias']?.data_offsets, [256, 320]);
    assert.equal(bytes.length, 8 + n + 4 * (64 + 16 + 128 + 24 + 3));
  });

  it('float64 models are written as F64; extra metadata entries are kept', () => {
    const f = decodeSafetensors(toSafetensors(stack('float64'), { metadata: { preprocessor: '{"x":1}' } }));
    assert.equal(f.tensors.get('0.weight')?.dtype, 'F64');
    assert.equal(f.metadata.preprocessor, '{"x":1}');
    throwsFormat(() => toSafetensors(model, { metadata: { modules: '[]' } }), /metadata key 'modules' is reserved/);
  });
});

describe('fromSafetensors: import with clear errors', () => {
  const model = stack();
  const bytes = toSafetensors(model);
  const x = randomInputs(257, 4);

  it('round trip: the same predictions, bit for bit, from the metadata or from an explicit architecture', () => {
    for (const loaded of [fromSafetensors(bytes), fromSafetensors(bytes, ARCH)]) {
      assert.deepEqual(loaded.layers.map((l) => l.type), ['dense', 'dropout', 'dense', 'dense']);
      assert.deepEqual(Array.from(loaded.predict(x).data), Array.from(model.predict(x).data));
    }
    const wide = stack('float64');
    const back = fromSafetensors(toSafetensors(wide), undefined, { dtype: 'float64' });
    assert.deepEqual(Array.from(back.predict(x).data), Array.from(wide.predict(x).data));
  });

  it('every activation survives the round trip (α included)', () => {
    for (const spec of ACTIVATIONS) {
      const m = buildModel(spec, spec);
      const x5 = randomInputs(17, 5);
      assertClose(fromSafetensors(toSafetensors(m)).predict(x5).data, m.predict(x5).data, 0, specName(spec));
    }
  });

  it('an imported model trains further (fine-tuning)', () => {
    const m = fromSafetensors(bytes, undefined, { loss: 'sparseCategoricalCrossentropy' });
    const y = Array.from({ length: 257 }, (_, i) => i % 3);
    const before = m.evaluate(x, y).cost;
    m.fit(x, y, { epochs: 5, batchSize: 32, optimizer: { name: 'adam', lr: 0.01 } });
    assert.ok(m.evaluate(x, y).cost < before, 'the cost went down');
  });

  it('a prefix (a Sequential stored as an attribute, e.g. net.0.weight)', () => {
    const file = decodeSafetensors(bytes);
    const renamed = encodeSafetensors(
      [...file.tensors.entries()].map(([name, t]) => ({ name: `net.${name}`, dtype: 'F32' as const, shape: t.shape, values: t.values })),
      file.metadata,
    );
    throwsFormat(() => fromSafetensors(renamed), /no tensor '0\.weight'.*pass prefix 'net\.'/);
    assert.deepEqual(Array.from(fromSafetensors(renamed, undefined, { prefix: 'net.' }).predict(x).data), Array.from(model.predict(x).data));
  });

  it('half precision: F16 and BF16 widen exactly', () => {
    // F16: 0x3c00 = 1, 0xc000 = −2, 0x7bff = 65504 (largest), 0x0001 = 2⁻²⁴ (smallest subnormal), 0x7c00 = ∞
    assert.deepEqual([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x3555].map(halfToNumber), [1, -2, 65504, 2 ** -24, Infinity, 0.333251953125]);
    // BF16: the top half of a float32: 0x3f80 = 1, 0xc040 = −3, 0x3eaa = 0.33203125
    assert.deepEqual([0x3f80, 0xc040, 0x3eaa].map(bfloat16ToNumber), [1, -3, 0.33203125]);
    // a whole F16 file: Linear(2 → 1), weight [[1, −2]], bias [0.5]
    const header = JSON.stringify({ '0.weight': { dtype: 'F16', shape: [1, 2], data_offsets: [0, 4] }, '0.bias': { dtype: 'F16', shape: [1], data_offsets: [4, 6] } });
    const f16 = containerOf(header, new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38]));
    const m = fromSafetensors(f16, { inputs: 2, layers: [{ units: 1 }] });
    assert.deepEqual(Array.from(m.predict([[3, 1]]).data), [3 * 1 + 1 * -2 + 0.5]);
  });

  const cases: [string, () => unknown, RegExp][] = [
    ['a missing tensor lists what the file holds', () => fromSafetensors(bytes, { inputs: 4, layers: [{ units: 16, activation: 'relu' }, { units: 8, useBias: false }, { units: 3 }] }), /no tensor '2\.weight' \(layer 1, Dense 16 → 8, shape \[8, 16\]\); the file holds: 0\.weight \[16, 4\]/],
    ['a wrong shape says torch weights are out × in', () => fromSafetensors(bytes, { ...ARCH, inputs: 5 }), /tensor '0\.weight' has shape \[16, 4\]; layer 0 \(Dense 5 → 16\) needs \[16, 5\] \(torch Linear weight is out × in\)/],
    ['left-over tensors', () => fromSafetensors(bytes, { inputs: 4, layers: [{ units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.1 }, { units: 8, useBias: false }] }), /tensors the architecture does not use: 4\.weight, 4\.bias/],
    ['a bias where useBias is false', () => fromSafetensors(bytes, { inputs: 4, layers: [{ units: 16, activation: 'relu', useBias: false }, { type: 'dropout', rate: 0.1 }, { units: 8, useBias: false }, { units: 3 }] }), /'0\.bias' is present but layer 0 has useBias: false/],
    ['an integer dtype', () => fromSafetensors(containerOf(JSON.stringify({ '0.weight': { dtype: 'I64', shape: [1, 1], data_offsets: [0, 8] } }), new Uint8Array(8)), { inputs: 1, layers: [{ units: 1, useBias: false }] }), /'0\.weight' has dtype I64; weights must be F32, F64, F16 or BF16/],
    ['a non-finite weight', () => fromSafetensors(containerOf(JSON.stringify({ '0.weight': { dtype: 'F32', shape: [1, 1], data_offsets: [0, 4] } }), new Uint8Array(new Float32Array([Number.NaN]).buffer)), { inputs: 1, layers: [{ units: 1, useBias: false }] }), /'0\.weight' holds a non-finite value \(NaN\)/],
    ['no architecture and no metadata', () => fromSafetensors(containerOf('{}', new Uint8Array(0))), /no "modules" in its __metadata__, so pass the architecture/],
    ['a truncated file', () => fromSafetensors(bytes.subarray(0, 100)), /header length \d+ exceeds the 92 bytes that follow/],
    ['missing data', () => fromSafetensors(bytes.subarray(0, bytes.length - 4)), /data_offsets \[\d+, \d+\] lie outside/],
    ['a gap between tensors', () => decodeSafetensors(containerOf(JSON.stringify({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }), new Uint8Array(8))), /tensor 'a' starts at byte 4 of the data, expected 0/],
    ['not JSON', () => decodeSafetensors(containerOf('{nope', new Uint8Array(0))), /header is not UTF-8 JSON/],
    ['torch modules mlpkit has no layer for', () => fromSafetensors(withModules([{ type: 'Linear', in_features: 4, out_features: 3 }, { type: 'BatchNorm1d', num_features: 3 }])), /module 1: torch\.nn\.BatchNorm1d has no mlpkit equivalent/],
    ['approximate GELU', () => fromSafetensors(withModules([{ type: 'Linear', in_features: 4, out_features: 3 }, { type: 'GELU', approximate: 'tanh' }])), /GELU\): approximate 'tanh' is not supported/],
    ['two activations in a row', () => fromSafetensors(withModules([{ type: 'Linear', in_features: 4, out_features: 3 }, { type: 'ReLU' }, { type: 'Tanh' }])), /module 2 \(Tanh\): an activation must directly follow a Linear/],
  ];
  for (const [what, fn, message] of cases) it(`refuses ${what}`, () => throwsFormat(fn, message));
});

/** A safetensors container from header text and data bytes (no padding). */
function containerOf(header: string, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** A file with no tensors and the given module list in its metadata. */
function withModules(modules: unknown[]): Uint8Array {
  return encodeSafetensors([], { modules: JSON.stringify(modules) });
}

/** Debian's interpreter, where python3-torch installs (MLPKIT_TEST_PYTHON overrides it, e.g. to check the skip). */
const PYTHON = process.env.MLPKIT_TEST_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_safetensors.py', import.meta.url));

/** Why the PyTorch test cannot run here, or null when it can. */
function torchUnavailable(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} has no torch (${probe.stderr.trim().split('\n').pop() ?? 'import failed'}); install python3-torch`;
  return null;
}

describe('PyTorch reads mlpkit’s safetensors and mlpkit reads PyTorch’s (json + struct, no safetensors package)', () => {
  const reason = torchUnavailable();
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlpkit-torch-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('nn.Sequential built from the file reproduces model.predict for every activation; a torch-made Sequential imports into mlpkit', (t) => {
    if (reason !== null) {
      t.skip(reason);
      return;
    }
    const x = randomInputs(257, 5, 21);
    const inputs = x.toArray();
    const jobs: Record<string, unknown>[] = [];
    const expected: { what: string; y: ArrayLike<number> }[] = [];
    ACTIVATIONS.forEach((spec, k) => {
      const m = buildModel(spec, spec);
      writeFileSync(join(dir, `m${k}.safetensors`), toSafetensors(m));
      jobs.push({ load: join(dir, `m${k}.safetensors`), inputs, out: join(dir, `m${k}.json`) });
      expected.push({ what: specName(spec), y: m.predict(x).data });
    });
    const wide = stack('float64');
    writeFileSync(join(dir, 'wide.safetensors'), toSafetensors(wide));
    jobs.push({ load: join(dir, 'wide.safetensors'), inputs: randomInputs(9, 4).toArray(), out: join(dir, 'wide.json') });
    jobs.push({ save: join(dir, 'torch.safetensors'), inputs, out: join(dir, 'torch.json') });
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(jobs));

    const run = spawnSync(PYTHON, [SCRIPT, join(dir, 'jobs.json')], { encoding: 'utf8' });
    assert.equal(run.status, 0, `python failed: ${run.stderr}`);
    const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { outputs: number[][]; modules: string[] };

    expected.forEach(({ what, y }, k) => assertClose(read(`m${k}.json`).outputs.flat(), y, TOLERANCE, `torch vs mlpkit, ${what}`));
    assert.deepEqual(read('m0.json').modules, ['Linear', 'Dropout', 'Linear', 'Linear']); // identity: no module
    assert.deepEqual(read('m2.json').modules, ['Linear', 'LeakyReLU', 'Dropout', 'Linear', 'LeakyReLU', 'Linear', 'LeakyReLU']);
    assertClose(read('wide.json').outputs.flat(), wide.predict(randomInputs(9, 4)).data, 1e-12, 'float64');

    // torch → mlpkit: the architecture from the metadata torch wrote
    const imported = fromSafetensors(new Uint8Array(readFileSync(join(dir, 'torch.safetensors'))));
    assert.deepEqual(
      imported.layers.map((l) => (l instanceof Dense ? `${l.units} ${l.activation.name}${l.useBias ? '' : ' nobias'}` : l.type)),
      ['8 gelu', 'dropout', '6 leakyRelu nobias', '4 elu', '3 softmax'],
    );
    assertClose(imported.predict(x).data, read('torch.json').outputs.flat(), TOLERANCE, 'mlpkit vs torch, imported');
    assert.equal((imported.layers[2] as Dense).activation.alpha, 0.1);
    assert.ok(imported.predict(new Matrix(1, 5, new Float32Array(5))).data.every(Number.isFinite));
  });
});
