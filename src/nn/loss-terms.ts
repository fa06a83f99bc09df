import { ShapeError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

/** The row and element loops the losses are written with, and the clipping they share. */

/** Probabilities are clipped to [ε, 1 − ε] in the unfused cross-entropies, so log never sees 0. */
export const EPS = 1e-7;

export function clip(p: number): number {
  return Math.min(1 - EPS, Math.max(EPS, p));
}

export function logSumExp(z: ArrayLike<number>, offset: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, z[offset + j] as number);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp((z[offset + j] as number) - max);
  return max + Math.log(sum);
}

export function label(y: Matrix, i: number, classes: number): number {
  const c = y.data[i * y.cols] as number;
  if (!(Number.isInteger(c) && c >= 0 && c < classes)) {
    throw new ShapeError(`sparse labels must be integers in 0…${classes - 1}; row ${i} has ${c}`);
  }
  return c;
}

export function checkSameShape(yhat: Matrix, y: Matrix): void {
  if (yhat.rows !== y.rows || yhat.cols !== y.cols) {
    throw new ShapeError(`loss: predictions are ${yhat.shape} but targets are ${y.shape}`);
  }
}

/** out[i] = Σⱼ f(ŷᵢⱼ, yᵢⱼ), divided by k when `mean` */
export function rowReduce(yhat: Matrix, y: Matrix, out: Float64Array, f: (p: number, t: number) => number, mean: boolean): void {
  checkSameShape(yhat, y);
  const k = yhat.cols;
  for (let i = 0; i < yhat.rows; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += f(yhat.data[i * k + j] as number, y.data[i * k + j] as number);
    out[i] = mean ? s / k : s;
  }
}

/** dA[i][j] = g(ŷᵢⱼ, yᵢⱼ, k) */
export function elementwise(yhat: Matrix, y: Matrix, dA: Matrix, g: (p: number, t: number, k: number) => number): void {
  checkSameShape(yhat, y);
  const k = yhat.cols;
  const P = yhat.data;
  const T = y.data;
  const D = dA.data;
  for (let i = 0; i < P.length; i++) D[i] = g(P[i] as number, T[i] as number, k);
}
