import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtoWriter } from '../../src/io/export/protobuf.js';
import { encodeAttribute, encodeTensor, encodeValueInfo, TensorType } from '../../src/io/export/onnx-proto.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('protobuf writer: known encodings', () => {
  it('varints: the examples of the protobuf encoding guide', () => {
    // field 1, value 150: key 0x08, then 150 = 0b1_0010110 → 0x96 0x01
    assert.equal(hex(new ProtoWriter().varint(1, 150).finish()), '089601');
    assert.equal(hex(new ProtoWriter().varint(1, 0).finish()), '0800');
    assert.equal(hex(new ProtoWriter().varint(1, 1).finish()), '0801');
    assert.equal(hex(new ProtoWriter().varint(1, 127).finish()), '087f');
    assert.equal(hex(new ProtoWriter().varint(1, 128).finish()), '088001');
    assert.equal(hex(new ProtoWriter().varint(1, true).finish()), '0801');
  });

  it('varints above 2³¹ and 2⁵³ (no 32-bit truncation)', () => {
    // 2³² = 1 followed by 32 zero bits: 0x80 0x80 0x80 0x80 0x10
    assert.equal(hex(new ProtoWriter().varint(1, 2 ** 32).finish()), '088080808010');
    // 2⁶³ − 1: nine bytes
    assert.equal(hex(new ProtoWriter().varint(1, (1n << 63n) - 1n).finish()), '08ffffffffffffffff7f');
  });

  it('negative int64: 64-bit two’s complement, ten bytes', () => {
    assert.equal(hex(new ProtoWriter().varint(1, -1).finish()), '08ffffffffffffffffff01');
    assert.equal(hex(new ProtoWriter().varint(1, -2n).finish()), '08feffffffffffffffff01');
  });

  it('strings: field 2 "testing" → 12 07 74 65 73 74 69 6e 67', () => {
    assert.equal(hex(new ProtoWriter().string(2, 'testing').finish()), '120774657374696e67');
    // UTF-8: "é" is two bytes
    assert.equal(hex(new ProtoWriter().string(1, 'é').finish()), '0a02c3a9');
    assert.equal(hex(new ProtoWriter().string(1, '').finish()), '0a00');
  });

  it('nested message: field 3 holding {1: 150} → 1a 03 08 96 01', () => {
    assert.equal(hex(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).finish()), '1a03089601');
  });

  it('packed varints: field 4 of [3, 270, 86942] → 22 06 03 8e 02 9e a7 05', () => {
    assert.equal(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish()), '2206038e029ea705');
  });

  it('float32 fixed32 and packed floats, little-endian', () => {
    // 1.0f = 0x3f800000 → 00 00 80 3f; key (2 << 3) | 5 = 0x15
    assert.equal(hex(new ProtoWriter().float(2, 1).finish()), '150000803f');
    assert.equal(hex(new ProtoWriter().packedFloats(4, [1, -2]).finish()), '22080000803f000000c0');
  });

  it('a long message grows its buffer and keeps every byte', () => {
    const w = new ProtoWriter();
    for (let i = 0; i < 1000; i++) w.varint(1, i);
    const bytes = w.finish();
    // 0…127 take 2 bytes each (key + 1), 128…999 take 3
    assert.equal(bytes.length, 128 * 2 + 872 * 3);
  });

  it('refuses invalid field numbers and unsafe integers', () => {
    assert.throws(() => new ProtoWriter().varint(0, 1), /field number/);
    assert.throws(() => new ProtoWriter().varint(1, 2 ** 60), /safe integer/);
    assert.throws(() => new ProtoWriter().varint(1, 1n << 64n), /64 bits/);
  });
});

describe('ONNX messages: field numbers of onnx.proto', () => {
  it('AttributeProto int: name = 1, i = 3, type = 20 (INT = 2)', () => {
    // 0a 04 "axis" | 18 01 | a0 01 02  (field 20 → key 160 = a0 01)
    assert.equal(hex(encodeAttribute({ name: 'axis', kind: 'int', value: 1 }).finish()), '0a04617869731801a00102');
  });

  it('AttributeProto float: f = 2 (fixed32), type FLOAT = 1', () => {
    assert.equal(hex(encodeAttribute({ name: 'alpha', kind: 'float', value: 0.5 }).finish()), '0a05616c706861150000003fa00101');
  });

  it('TensorProto float: dims packed, data_type = 2, name = 8, raw_data = 9', () => {
    const bytes = encodeTensor({ name: 'w', dims: [2], type: TensorType.FLOAT, values: [1, 2] }).finish();
    // 0a 01 02 | 10 01 | 42 01 77 | 4a 08 0000803f 00000040
    assert.equal(hex(bytes), '0a010210014201774a080000803f00000040');
  });

  it('TensorProto int64: raw little-endian int64s, negatives included', () => {
    const bytes = encodeTensor({ name: 's', dims: [1], type: TensorType.INT64, values: [-1] }).finish();
    assert.equal(hex(bytes), '0a010110074201734a08ffffffffffffffff');
  });

  it('TensorProto string: string_data = 6, one entry per value', () => {
    const bytes = encodeTensor({ name: 'c', dims: [2], type: TensorType.STRING, values: ['a', 'bc'] }).finish();
    assert.equal(hex(bytes), '0a0102100842016332016132026263');
  });

  it('ValueInfoProto: a symbolic batch dimension (dim_param = 2) and a fixed one (dim_value = 1)', () => {
    const bytes = encodeValueInfo({ name: 'x', type: TensorType.FLOAT, shape: ['N', 3] }).finish();
    // 0a 01 "x" | 12 0f type { 0a 0d tensor_type { 08 01 elem_type FLOAT, 12 09 shape { 0a 03 dim {12 01 "N"}, 0a 02 dim {08 03} } } }
    assert.equal(hex(bytes), '0a0178120f0a0d080112090a0312014e' + '0a020803');
  });
});
