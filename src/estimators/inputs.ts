import { firstNonFinite } from '../core/checks.js';
import { ShapeError } from '../core/errors.js';
import { Matrix, type MatrixLike } from '../core/matrix.js';

/** Features: a Matrix, `number[][]`, or an array of typed-array rows. */
export type Features = MatrixLike;

/** x as a float64 n × d matrix with at least one row, every value finite. */
export function toFeatures(owner: string, x: Features, expectedCols: number | null = null): Matrix {
  let m: Matrix;
  if (x instanceof Matrix) m = x.dtype === 'float64' ? x : x.clone('float64');
  else {
    if (x === null || typeof x !== 'object' || typeof x.length !== 'number') throw new ShapeError(`${owner}: X must be a 2-D array or Matrix, got ${String(x)}`);
    if (x.length > 0 && (typeof x[0] !== 'object' || x[0] === null)) {
      throw new ShapeError(`${owner}: X must be 2-D (one array per row), got a 1-D array of ${x.length} values; wrap a single sample as [[...]]`);
    }
    try {
      m = Matrix.from(x, 'float64');
    } catch (e) {
      throw new ShapeError(`${owner}: X: ${(e as Error).message}`);
    }
  }
  if (m.rows === 0 || m.cols === 0) throw new ShapeError(`${owner}: X needs at least one row and one column, got ${m.shape}`);
  const bad = firstNonFinite(m.data);
  if (bad >= 0) throw new ShapeError(`${owner}: X contains ${m.data[bad]} at row ${Math.floor(bad / m.cols)}, column ${bad % m.cols}`);
  if (expectedCols !== null && m.cols !== expectedCols) {
    throw new ShapeError(`${owner}: X has ${m.cols} features, but the estimator was fitted with ${expectedCols}`);
  }
  return m;
}

/** Copies rows idx[from … from+count) of src into dst (count × src.cols). */
export function gatherRows(src: Matrix, idx: ArrayLike<number>, from: number, dst: Matrix): void {
  const c = src.cols;
  for (let r = 0; r < dst.rows; r++) {
    const i = idx[from + r] as number;
    dst.data.set(src.data.subarray(i * c, (i + 1) * c), r * c);
  }
}

/** The rows idx of m, as a new matrix. */
export function takeMatrixRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const out = Matrix.zeros(idx.length, m.cols, 'float64');
  gatherRows(m, idx, 0, out);
  return out;
}

/** Whether y is 2-D (a Matrix, or an array whose first element is itself array-like). */
export function isTwoDimensional(y: unknown): boolean {
  if (y instanceof Matrix) return true;
  const a = y as ArrayLike<unknown>;
  return a.length > 0 && typeof a[0] === 'object' && a[0] !== null;
}

/** Regression targets as an n × k float64 matrix (1-D input gives k = 1). */
export function toRegressionTargets(owner: string, y: ArrayLike<number> | MatrixLike, rows: number): Matrix {
  let m: Matrix;
  if (isTwoDimensional(y)) {
    m = y instanceof Matrix ? (y.dtype === 'float64' ? y : y.clone('float64')) : Matrix.from(y as ArrayLike<ArrayLike<number>>, 'float64');
  } else {
    const a = y as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++) {
      if (typeof a[i] !== 'number') throw new ShapeError(`${owner}: y must hold numbers, got ${JSON.stringify(a[i])} at row ${i}`);
    }
    m = Matrix.column(y as ArrayLike<number>, 'float64');
  }
  if (m.rows !== rows) throw new ShapeError(`${owner}: X has ${rows} rows but y has ${m.rows}`);
  const bad = firstNonFinite(m.data);
  if (bad >= 0) throw new ShapeError(`${owner}: y contains ${m.data[bad]} at row ${Math.floor(bad / m.cols)}`);
  return m;
}
