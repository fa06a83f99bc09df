import { DataError, ShapeError } from './errors.js';

/** Element type of every buffer: float32 by default, float64 for gradient checks or on request. */
export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

/** A dense row-major matrix: element (i, j) lives at data[i * cols + j]. Vectors are 1 × n. */
export class Matrix {
  /**
   * @param rows number of rows (batch size for activations)
   * @param cols number of columns (units for activations)
   * @param data row-major storage of exactly rows·cols elements; a backend may place it in its own
   *   memory (WASM), and may replace it with a fresh view of the same memory (hence not readonly).
   */
  constructor(
    readonly rows: number,
    readonly cols: number,
    public data: FloatArray,
  ) {
    if (data.length !== rows * cols) {
      throw new RangeError(`Matrix: ${rows}×${cols} needs ${rows * cols} elements, got ${data.length}`);
    }
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get size(): number {
    return this.rows * this.cols;
  }

  /** A shape string for messages: "32×4". */
  get shape(): string {
    return `${this.rows}×${this.cols}`;
  }

  static zeros(rows: number, cols: number, dtype: DType = 'float32'): Matrix {
    return new Matrix(rows, cols, allocArray(rows * cols, dtype));
  }

  /** Builds a matrix from nested arrays (rows of equal length), checking the shape and finiteness. */
  static from(values: ArrayLike<ArrayLike<number>>, dtype: DType = 'float32'): Matrix {
    const rows = values.length;
    const cols = rows === 0 ? 0 : (values[0] as ArrayLike<number>).length;
    const m = Matrix.zeros(rows, cols, dtype);
    for (let i = 0; i < rows; i++) {
      const row = values[i] as ArrayLike<number>;
      if (row.length !== cols) throw new ShapeError(`Matrix.from: row ${i} has ${row.length} values, expected ${cols}`);
      for (let j = 0; j < cols; j++) m.data[i * cols + j] = row[j] as number;
    }
    return m;
  }

  /** A column vector (n × 1) from a flat list. */
  static column(values: ArrayLike<number>, dtype: DType = 'float32'): Matrix {
    const m = Matrix.zeros(values.length, 1, dtype);
    for (let i = 0; i < values.length; i++) m.data[i] = values[i] as number;
    return m;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j] as number;
  }

  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  /** Row i as a view (no copy). */
  row(i: number): FloatArray {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** The first n rows as a view over the same storage (no copy). */
  topRows(n: number): Matrix {
    if (n === this.rows) return this;
    return new Matrix(n, this.cols, this.data.subarray(0, n * this.cols));
  }

  /** An independent copy, optionally in another dtype. */
  clone(dtype: DType = this.dtype): Matrix {
    const m = Matrix.zeros(this.rows, this.cols, dtype);
    m.data.set(this.data);
    return m;
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}

export function allocArray(length: number, dtype: DType): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** Anything the public API accepts as a table of numbers. */
export type MatrixLike = Matrix | ArrayLike<ArrayLike<number>>;

/** Converts input to a Matrix of the given dtype (copying only when needed). */
export function toMatrix(x: MatrixLike, dtype: DType, what = 'input'): Matrix {
  if (x instanceof Matrix) return x.dtype === dtype ? x : x.clone(dtype);
  try {
    return Matrix.from(x, dtype);
  } catch (e) {
    throw new RangeError(`${what}: ${(e as Error).message}`);
  }
}

/** Targets: a table, or a flat list (one value per row: a label or a single regression output). */
export type TargetLike = MatrixLike | ArrayLike<number>;

/**
 * A table the engine trains on or predicts from, checked at the boundary: 2-D, rows of one length,
 * every cell a finite number. Errors name the row and column: ShapeError for the shape, DataError
 * for a value. `what` names the argument in messages ("fit: x").
 */
export function toCheckedMatrix(x: MatrixLike, dtype: DType, what: string): Matrix {
  if (x instanceof Matrix) checkFinite(x, what);
  return toShapedMatrix(x, dtype, what);
}

/**
 * `toCheckedMatrix` for a caller that checks a Matrix's cells itself (predict checks each batch in
 * backend memory with `checkFiniteRows`): the shape and, for arrays, every cell are still checked.
 */
export function toShapedMatrix(x: MatrixLike, dtype: DType, what: string): Matrix {
  if (x instanceof Matrix) return x.dtype === dtype ? x : x.clone(dtype);
  if (x === null || typeof x !== 'object' || typeof (x as { length?: unknown }).length !== 'number') {
    throw new ShapeError(`${what} must be a 2-D array (one array per row) or a Matrix, got ${describe(x)}`);
  }
  const rows = x.length;
  const first = rows === 0 ? null : x[0];
  if (rows > 0 && (typeof first !== 'object' || first === null || typeof (first as { length?: unknown }).length !== 'number')) {
    throw new ShapeError(`${what} must be 2-D (one array per row), got a 1-D array of ${rows} values; wrap a single row as [[...]]`);
  }
  const cols = rows === 0 ? 0 : (first as ArrayLike<number>).length;
  const m = Matrix.zeros(rows, cols, dtype);
  for (let i = 0; i < rows; i++) {
    const row = x[i] as ArrayLike<unknown> | null;
    if (row === null || typeof row !== 'object' || typeof row.length !== 'number') throw new ShapeError(`${what}: row ${i} is ${describe(row)}, not an array of ${cols} values`);
    if (row.length !== cols) throw new ShapeError(`${what}: row ${i} has ${row.length} value${row.length === 1 ? '' : 's'}, expected ${cols} (as row 0)`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(`${what}: row ${i}, column ${j} is ${describe(v)}; every value must be a finite number`);
      m.data[i * cols + j] = v;
    }
  }
  return m;
}

/** Targets checked as `toCheckedMatrix` checks tables; a flat list is one value per row. */
export function toCheckedTargets(y: TargetLike, dtype: DType, what: string): Matrix {
  if (y instanceof Matrix || (y.length > 0 && typeof y[0] === 'object' && y[0] !== null)) return toCheckedMatrix(y as MatrixLike, dtype, what);
  const m = Matrix.zeros(y.length, 1, dtype);
  for (let i = 0; i < y.length; i++) {
    const v = (y as ArrayLike<unknown>)[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(`${what}: row ${i} is ${describe(v)}; every value must be a finite number`);
    m.data[i] = v;
  }
  return m;
}

function checkFinite(m: Matrix, what: string): void {
  checkFiniteRows(m, 0, m.rows, what);
}

/**
 * Throws a DataError naming the first non-finite cell of rows [start, end) of m (row numbers of m),
 * or of `original` there when given: the caller's matrix before a conversion to float32, whose
 * finite value may have overflowed in it.
 */
export function checkFiniteRows(m: Matrix, start: number, end: number, what: string, original: Matrix | null = null): void {
  const d = m.data;
  for (let k = start * m.cols; k < end * m.cols; k++) {
    const v = d[k] as number;
    if (Number.isFinite(v)) continue;
    const given = original === null ? v : (original.data[k] as number);
    const where = `${what}: row ${Math.floor(k / m.cols)}, column ${k % m.cols} is ${given}`;
    if (Number.isFinite(given)) throw new DataError(`${where}, beyond the range of the model's ${m.dtype} values`);
    throw new DataError(`${where}; every value must be a finite number`);
  }
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string '${v}'`;
  if (typeof v === 'number') return String(v);
  if (v === undefined) return 'missing (undefined)';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export function toTargetMatrix(y: TargetLike, dtype: DType): Matrix {
  if (y instanceof Matrix) return y.dtype === dtype ? y : y.clone(dtype);
  if (y.length > 0 && typeof y[0] === 'number') return Matrix.column(y as ArrayLike<number>, dtype);
  return toMatrix(y as ArrayLike<ArrayLike<number>>, dtype, 'targets');
}
