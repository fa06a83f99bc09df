import { ModelFormatError } from '../../core/errors.js';

/**
 * The safetensors container (https://github.com/huggingface/safetensors), read and written for
 * floating-point tensors:
 *
 *   [8 bytes: N, unsigned 64-bit little-endian] [N bytes: JSON header, UTF-8, space-padded]
 *   [data: each tensor's bytes, little-endian, row-major, back to back]
 *
 * The header maps each tensor name to {dtype, shape, data_offsets: [begin, end)} (offsets from the
 * start of the data), plus an optional "__metadata__" object of string → string.
 */

export type SafetensorsDType = 'F32' | 'F64' | 'F16' | 'BF16';
const BYTES: Record<SafetensorsDType, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };
/** Headers above this size are refused (the reference implementation's limit). */
const MAX_HEADER_BYTES = 100_000_000;

export interface TensorEntry {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  /** the values, decoded to doubles, row-major */
  readonly values: Float64Array;
}

export interface SafetensorsFile {
  readonly metadata: Readonly<Record<string, string>>;
  /** tensors in file order */
  readonly tensors: ReadonlyMap<string, TensorEntry>;
}

export interface TensorToWrite {
  readonly name: string;
  readonly dtype: 'F32' | 'F64';
  readonly shape: readonly number[];
  readonly values: ArrayLike<number>;
}

/** Serializes tensors (in the given order) and string metadata. The data starts 8-byte aligned. */
export function encodeSafetensors(tensors: readonly TensorToWrite[], metadata: Readonly<Record<string, string>>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.values.length) throw new RangeError(`safetensors: tensor '${t.name}' of shape [${t.shape.join(', ')}] needs ${count} values, got ${t.values.length}`);
    const size = count * BYTES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    const width = BYTES[t.dtype];
    for (let i = 0; i < t.values.length; i++, at += width) {
      if (t.dtype === 'F32') view.setFloat32(at, t.values[i] as number, true);
      else view.setFloat64(at, t.values[i] as number, true);
    }
  }
  return out;
}

/**
 * Parses and validates a safetensors file; throws ModelFormatError naming the problem (and the
 * tensor). Tensors of other dtypes (integers, bool) are refused: weights are floating point.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new ModelFormatError(`not a safetensors file: ${bytes.length} bytes, less than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getBigUint64(0, true);
  if (headerBytes > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new ModelFormatError(`not a safetensors file: header length ${headerBytes} exceeds the ${bytes.length - 8} bytes that follow`);
  }
  const n = Number(headerBytes);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new ModelFormatError(`not a safetensors file: the header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new ModelFormatError('not a safetensors file: the header is not a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const tensors = new Map<string, TensorEntry>();
  const spans: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = checkMetadata(entry);
      continue;
    }
    const { dtype, shape, begin, end } = checkEntry(name, entry, dataLength);
    spans.push([begin, end, name]);
    tensors.set(name, { dtype, shape, values: decodeValues(dtype, new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin)) });
  }
  // The tensors must tile the data exactly: no overlap, no gap (as the reference reader requires).
  spans.sort((a, b) => a[0] - b[0]);
  let expected = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== expected) throw new ModelFormatError(`invalid safetensors file: tensor '${name}' starts at byte ${begin} of the data, expected ${expected} (overlap or gap)`);
    expected = end;
  }
  if (expected !== dataLength) throw new ModelFormatError(`invalid safetensors file: the tensors cover ${expected} bytes of data, the file holds ${dataLength}`);
  return { metadata, tensors };
}

function checkMetadata(entry: unknown): Record<string, string> {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ModelFormatError('invalid safetensors file: __metadata__ is not an object');
  for (const [k, v] of Object.entries(entry)) {
    if (typeof v !== 'string') throw new ModelFormatError(`invalid safetensors file: __metadata__.${k} is not a string`);
  }
  return entry as Record<string, string>;
}

function checkEntry(name: string, entry: unknown, dataLength: number): { dtype: SafetensorsDType; shape: number[]; begin: number; end: number } {
  const at = `invalid safetensors file: tensor '${name}'`;
  if (typeof entry !== 'object' || entry === null) throw new ModelFormatError(`${at} is not an object`);
  const { dtype, shape, data_offsets: offsets } = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof dtype !== 'string' || !(dtype in BYTES)) {
    throw new ModelFormatError(`tensor '${name}' has dtype ${String(dtype)}; weights must be F32, F64, F16 or BF16`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new ModelFormatError(`${at}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ModelFormatError(`${at}: data_offsets must be [begin, end], got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  const type = dtype as SafetensorsDType;
  const size = (shape as number[]).reduce((a, b) => a * b, 1) * BYTES[type];
  if (end < begin || end > dataLength) throw new ModelFormatError(`${at}: data_offsets [${begin}, ${end}] lie outside the ${dataLength} bytes of data`);
  if (end - begin !== size) throw new ModelFormatError(`${at}: shape [${(shape as number[]).join(', ')}] of ${type} needs ${size} bytes, data_offsets span ${end - begin}`);
  return { dtype: type, shape: shape as number[], begin, end };
}

/** Little-endian values → doubles; F16 and BF16 widened exactly. */
function decodeValues(dtype: SafetensorsDType, view: DataView): Float64Array {
  const out = new Float64Array(view.byteLength / BYTES[dtype]);
  for (let i = 0; i < out.length; i++) {
    switch (dtype) {
      case 'F32': out[i] = view.getFloat32(4 * i, true); break;
      case 'F64': out[i] = view.getFloat64(8 * i, true); break;
      case 'F16': out[i] = halfToNumber(view.getUint16(2 * i, true)); break;
      case 'BF16': out[i] = bfloat16ToNumber(view.getUint16(2 * i, true)); break;
    }
  }
  return out;
}

const scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 is the upper half of a float32: its 16 bits followed by 16 zero bits. */
export function bfloat16ToNumber(bits: number): number {
  scratch.setUint32(0, bits << 16 >>> 0);
  return scratch.getFloat32(0);
}

/** IEEE half: sign · 2^(e−15) · (1 + m/1024), subnormal sign · 2^−14 · m/1024, e = 31 for ∞ and NaN. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * 2 ** -14 * (m / 1024);
  if (e === 31) return m === 0 ? sign * Infinity : Number.NaN;
  return sign * 2 ** (e - 15) * (1 + m / 1024);
}
