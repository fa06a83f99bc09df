import { ProtoWriter } from './protobuf.js';

/**
 * The few ONNX messages an exported MLP needs, as plain objects, and their protobuf encoding.
 * Field numbers are those of onnx/onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).
 */

/** TensorProto.DataType values used here. */
export const TensorType = { FLOAT: 1, INT64: 7, STRING: 8, BOOL: 9 } as const;
export type TensorTypeCode = (typeof TensorType)[keyof typeof TensorType];

/** AttributeProto.AttributeType values used here. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const;

/** A constant tensor (an initializer). Numbers are stored as little-endian raw_data, strings in string_data. */
export type TensorSpec =
  | { readonly name: string; readonly dims: readonly number[]; readonly type: typeof TensorType.FLOAT; readonly values: ArrayLike<number> }
  | { readonly name: string; readonly dims: readonly number[]; readonly type: typeof TensorType.INT64; readonly values: readonly number[] }
  | { readonly name: string; readonly dims: readonly number[]; readonly type: typeof TensorType.STRING; readonly values: readonly string[] };

export type AttributeSpec =
  | { readonly name: string; readonly kind: 'float'; readonly value: number }
  | { readonly name: string; readonly kind: 'int'; readonly value: number }
  | { readonly name: string; readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly name: string; readonly kind: 'string'; readonly value: string };

export interface NodeSpec {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attributes?: readonly AttributeSpec[];
  readonly docString?: string;
}

/** A graph input or output: element type and shape, a string dimension being symbolic (e.g. 'N'). */
export interface ValueInfoSpec {
  readonly name: string;
  readonly type: TensorTypeCode;
  readonly shape: readonly (number | string)[];
  readonly docString?: string;
}

export interface GraphSpec {
  readonly name: string;
  readonly nodes: readonly NodeSpec[];
  readonly initializers: readonly TensorSpec[];
  readonly inputs: readonly ValueInfoSpec[];
  readonly outputs: readonly ValueInfoSpec[];
  readonly docString?: string;
}

export interface ModelSpec {
  readonly irVersion: number;
  /** opset of the default domain 'ai.onnx' */
  readonly opset: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  readonly graph: GraphSpec;
  readonly metadata: readonly (readonly [string, string])[];
}

// TensorProto: dims = 1, data_type = 2, string_data = 6, name = 8, raw_data = 9
export function encodeTensor(t: TensorSpec): ProtoWriter {
  const w = new ProtoWriter();
  w.packedVarints(1, t.dims);
  w.varint(2, t.type);
  w.string(8, t.name);
  if (t.type === TensorType.STRING) {
    for (const s of t.values) w.string(6, s);
    return w;
  }
  const width = t.type === TensorType.FLOAT ? 4 : 8;
  const raw = new Uint8Array(width * t.values.length);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < t.values.length; i++) {
    const v = t.values[i] as number;
    if (t.type === TensorType.FLOAT) view.setFloat32(4 * i, v, true);
    else view.setBigInt64(8 * i, BigInt(v), true);
  }
  return w.bytes(9, raw);
}

// AttributeProto: name = 1, f = 2, i = 3, s = 4, ints = 8, type = 20
export function encodeAttribute(a: AttributeSpec): ProtoWriter {
  const w = new ProtoWriter().string(1, a.name);
  switch (a.kind) {
    case 'float':
      return w.float(2, a.value).varint(20, AttributeType.FLOAT);
    case 'int':
      return w.varint(3, a.value).varint(20, AttributeType.INT);
    case 'string':
      return w.string(4, a.value).varint(20, AttributeType.STRING);
    case 'ints':
      // repeated int64 ints = 8: written unpacked, one key per value, as onnx does
      for (const v of a.value) w.varint(8, v);
      return w.varint(20, AttributeType.INTS);
  }
}

// NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, doc_string = 6
export function encodeNode(n: NodeSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, encodeAttribute(a));
  if (n.docString !== undefined) w.string(6, n.docString);
  return w;
}

// ValueInfoProto: name = 1, type = 2 (TypeProto), doc_string = 3
// TypeProto: tensor_type = 1 (Tensor: elem_type = 1, shape = 2); TensorShapeProto: dim = 1 (dim_value = 1 | dim_param = 2)
export function encodeValueInfo(v: ValueInfoSpec): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().varint(1, v.type).message(2, shape);
  const w = new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
  if (v.docString !== undefined) w.string(3, v.docString);
  return w;
}

// GraphProto: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11, output = 12
export function encodeGraph(g: GraphSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, encodeTensor(t));
  if (g.docString !== undefined) w.string(10, g.docString);
  for (const i of g.inputs) w.message(11, encodeValueInfo(i));
  for (const o of g.outputs) w.message(12, encodeValueInfo(o));
  return w;
}

// ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6, graph = 7,
// opset_import = 8 (OperatorSetIdProto: domain = 1, version = 2), metadata_props = 14 (key = 1, value = 2)
export function encodeModel(m: ModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  if (m.docString !== undefined) w.string(6, m.docString);
  w.message(7, encodeGraph(m.graph));
  w.message(8, new ProtoWriter().string(1, '').varint(2, m.opset));
  for (const [key, value] of m.metadata) w.message(14, new ProtoWriter().string(1, key).string(2, value));
  return w.finish();
}
