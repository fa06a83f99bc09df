import assert from 'node:assert/strict';
import { Dense, Dropout, Matrix, Model, Rng, type ActivationSpec, type Layer } from '../../src/index.js';
import { ACTIVATION_DESCRIPTORS } from '../../src/nn/activation-registry.js';
import { Preprocessor, tableFromArrays, type Table } from '../../src/data/index.js';

/** α values other than the defaults, so an α that went missing shows. */
const NON_DEFAULT_ALPHA: Readonly<Record<string, number>> = { leakyRelu: 0.2, elu: 0.7 };

/** Every activation mlpkit has (its descriptors), with a non-default α where it takes one. */
export const ACTIVATIONS: readonly ActivationSpec[] = ACTIVATION_DESCRIPTORS.map((d) =>
  'alpha' in d ? { name: d.name, alpha: NON_DEFAULT_ALPHA[d.name] ?? 2 * d.alpha + 0.1 } : d.name,
);

export function specName(spec: ActivationSpec): string {
  return typeof spec === 'string' ? spec : `${spec.name}(${spec.alpha})`;
}

/**
 * inputs → 7 φ → dropout → 6 φ → outputs ψ: the activation under test in two hidden layers (one
 * without bias), dropout in between (identity at prediction time).
 */
export function buildModel(hidden: ActivationSpec, output: ActivationSpec, inputs = 5, outputs = 3, seed = 7): Model {
  const layers: Layer[] = [
    new Dense({ units: 7, activation: hidden }),
    new Dropout({ rate: 0.3 }),
    new Dense({ units: 6, activation: hidden, useBias: false }),
    new Dense({ units: outputs, activation: output }),
  ];
  const model = new Model({ inputs, layers, seed });
  // non-zero biases, so a bias that went missing shows
  const rng = new Rng(seed + 1);
  for (const p of model.parameters()) if (p.value.rows === 1) for (let i = 0; i < p.value.size; i++) p.value.data[i] = rng.range(-0.5, 0.5);
  return model;
}

/** rows × cols values uniform in [−3, 3), as float32. */
export function randomInputs(rows: number, cols: number, seed = 11): Matrix {
  const rng = new Rng(seed);
  const m = Matrix.zeros(rows, cols, 'float32');
  for (let i = 0; i < m.size; i++) m.data[i] = rng.range(-3, 3);
  return m;
}

/** Largest |a − b| / max(1, |b|): absolute for values up to 1, relative beyond. */
export function maxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, `lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    const e = Math.abs(x - y) / Math.max(1, Math.abs(y));
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): number {
  const e = maxError(actual, expected);
  assert.ok(e <= tolerance, `${what}: max error ${e} > ${tolerance}`);
  return e;
}

/** A mixed table: numeric and text columns, missing values in both, a class and a numeric target. */
export function mixedTable(rows: number, seed = 5): { table: Table; columns: { a: number[]; colour: (string | null)[]; b: number[]; size: string[] } } {
  const rng = new Rng(seed);
  const a: number[] = [];
  const colour: (string | null)[] = [];
  const b: number[] = [];
  const size: string[] = [];
  const label: string[] = [];
  const value: number[] = [];
  for (let i = 0; i < rows; i++) {
    a.push(i % 9 === 4 ? Number.NaN : rng.normal(3, 2));
    colour.push(i % 11 === 3 ? null : (['red', 'green', 'blue'][rng.int(3)] as string));
    b.push(rng.range(-50, 150));
    size.push(['S', 'M', 'L', 'XL'][rng.int(4)] as string);
    label.push(['setosa', 'versicolor', 'virginica'][rng.int(3)] as string);
    value.push(rng.normal(40, 12));
  }
  return { table: tableFromArrays({ a, colour, b, size, label, value }), columns: { a, colour, b, size } };
}

/** Fits the preprocessing of `mixedTable` for a target, with mean imputation. */
export function fitMixed(table: Table, target: 'label' | 'value'): Preprocessor {
  return Preprocessor.fit(table, { target, drop: [target === 'label' ? 'value' : 'label'], impute: 'mean' });
}

/** A minimal protobuf reader for tests: the fields of one message, by number. */
export function readFields(bytes: Uint8Array): Map<number, (bigint | Uint8Array | number)[]> {
  const fields = new Map<number, (bigint | Uint8Array | number)[]>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = bytes[at++] as number;
      v |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const field = key >> 3;
    let value: bigint | Uint8Array | number;
    switch (key & 7) {
      case 0: value = varint(); break;
      case 2: {
        const n = Number(varint());
        value = bytes.subarray(at, at + n);
        at += n;
        break;
      }
      case 5: value = view.getFloat32(at, true); at += 4; break;
      default: throw new Error(`unexpected wire type ${key & 7}`);
    }
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

/** metadata_props (ModelProto field 14) of an ONNX file, as a plain object. */
export function onnxMetadata(bytes: Uint8Array): Record<string, string> {
  const text = new TextDecoder();
  const out: Record<string, string> = {};
  for (const entry of readFields(bytes).get(14) ?? []) {
    const kv = readFields(entry as Uint8Array);
    out[text.decode((kv.get(1)?.[0] as Uint8Array) ?? new Uint8Array())] = text.decode((kv.get(2)?.[0] as Uint8Array) ?? new Uint8Array());
  }
  return out;
}
