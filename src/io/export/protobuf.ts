/**
 * A minimal Protocol Buffers writer: just the wire types the ONNX messages need.
 *
 * Every field is a key varint `(fieldNumber << 3) | wireType` followed by its payload:
 * - wire type 0 (varint): integers, 7 bits per byte, least significant group first, high bit set
 *   on every byte but the last; negative int64 values are written as their 64-bit two's complement
 *   (always 10 bytes), as protobuf does for `int64`;
 * - wire type 2 (length-delimited): a varint byte count, then the bytes (strings as UTF-8, nested
 *   messages, packed repeated scalars);
 * - wire type 5 (fixed32): a float32, 4 bytes little-endian.
 * Reference: https://protobuf.dev/programming-guides/encoding/
 */
export const WIRE_VARINT = 0;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();
const TWO_TO_64 = 1n << 64n;

/** Appends fields to a growing byte buffer; `finish()` returns the message's bytes. */
export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  /** Field with wire type 0: an int32/int64/enum/bool value (negative numbers as 64-bit two's complement). */
  varint(field: number, value: number | bigint | boolean): this {
    this.key(field, WIRE_VARINT);
    this.rawVarint(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    return this;
  }

  /** Field with wire type 5: a float32. */
  float(field: number, value: number): this {
    this.key(field, WIRE_FIXED32);
    this.ensure(4);
    new DataView(this.buffer.buffer).setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** Field with wire type 2: raw bytes. */
  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.rawBytes(value);
    return this;
  }

  /** Field with wire type 2: a string, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** Field with wire type 2: an embedded message. */
  message(field: number, value: ProtoWriter | Uint8Array): this {
    return this.bytes(field, value instanceof ProtoWriter ? value.finish() : value);
  }

  /** A packed repeated varint field (int64s): one length-delimited run of varints. */
  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.rawVarint(v);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field: one length-delimited run of little-endian float32s. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(4 * values.length);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i] as number, true);
    return this.bytes(field, bytes);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private key(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 536870911) throw new RangeError(`protobuf: field number must be 1 … 2²⁹−1, got ${field}`);
    this.rawVarint(field * 8 + wireType);
  }

  /** A bare varint: 7 bits per byte, low bits first; negative values as 64-bit two's complement. */
  private rawVarint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf: varint must be a safe integer, got ${value}`);
      if (value >= 0) {
        // plain arithmetic: bitwise operators would truncate above 2³¹
        let v = value;
        this.ensure(10);
        while (v >= 0x80) {
          this.buffer[this.length++] = (v % 0x80) | 0x80;
          v = Math.floor(v / 0x80);
        }
        this.buffer[this.length++] = v;
        return;
      }
      value = BigInt(value);
    }
    if (value < -(1n << 63n) || value >= TWO_TO_64) throw new RangeError(`protobuf: varint ${value} does not fit in 64 bits`);
    let v = value < 0n ? value + TWO_TO_64 : value;
    this.ensure(10);
    while (v >= 0x80n) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
  }

  private rawBytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
