import assert from 'node:assert/strict';
import { Matrix, type DType } from '../../src/core/matrix.js';
import { Rng } from '../../src/core/rng.js';
import type { Backend } from '../../src/backend/backend.js';
import type { Tolerance } from './tolerances.js';

/** A rows × cols matrix from `backend.alloc`, filled with uniform values in [lo, hi). */
export function random(backend: Backend, rng: Rng, rows: number, cols: number, lo = -1, hi = 1, dtype: DType = 'float32'): Matrix {
  const m = backend.alloc(rows, cols, dtype);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.range(lo, hi);
  return m;
}

/** A copy of m in plain memory, of m's element type (what the reference backend computes on). */
export function plain(m: Matrix): Matrix {
  return m.clone(m.dtype);
}

/** |a| element-wise, as a plain matrix of m's element type */
export function abs(m: Matrix): Matrix {
  const out = m.clone(m.dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.abs(out.data[i] as number);
  return out;
}

/** Asserts |got − want| ≤ tol.abs + tol.rel·|want| everywhere, naming the first element off. */
export function assertClose(got: Matrix, want: Matrix, tol: Tolerance, what: string): void {
  assert.equal(got.shape, want.shape, `${what}: shape`);
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i] as number;
    const w = want.data[i] as number;
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    const bound = tol.abs + tol.rel * Math.abs(w);
    if (!(Math.abs(g - w) <= bound)) {
      assert.fail(`${what}: element ${i} (row ${Math.floor(i / want.cols)}, col ${i % want.cols}) is ${g}, expected ${w} ± ${bound}`);
    }
  }
}

/** Asserts |got − want| ≤ bound[i] everywhere (a bound per element, e.g. of a product). */
export function assertWithin(got: Matrix, want: Matrix, bound: (i: number) => number, what: string): void {
  assert.equal(got.shape, want.shape, `${what}: shape`);
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i] as number;
    const w = want.data[i] as number;
    const b = bound(i);
    if (!(Math.abs(g - w) <= b)) {
      assert.fail(`${what}: element ${i} (row ${Math.floor(i / want.cols)}, col ${i % want.cols}) is ${g}, expected ${w} ± ${b}`);
    }
  }
}
