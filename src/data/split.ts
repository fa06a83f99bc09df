import { checkNumber } from '../core/checks.js';
import { ConfigError } from '../core/errors.js';
import { allocArray, Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';

/** Row indices of the two parts of a split, each in ascending order. */
export interface Split {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/** Options of `trainTestSplit`. */
export interface SplitOptions {
  /** Share of rows in the test part, in (0, 1); the count is round(n · testFraction), at least 1 and at most n − 1. */
  readonly testFraction: number;
  /** The generator that picks the rows. */
  readonly rng: Rng;
  /** With labels: keep each class's share in both parts (default true when labels are given). */
  readonly stratify?: boolean;
}

/**
 * Splits rows 0 … n−1 into a train and a test part at random.
 *
 * Given class labels (one per row, e.g. the y column of a classification) the split is stratified:
 * the test rows are apportioned to classes by their share (largest remainders, so the total is
 * exact), then drawn at random within each class. A class with two rows or more keeps at least one
 * row in each part when the test size allows it.
 * @param rowsOrLabels the number of rows, or one class label per row
 */
export function trainTestSplit(rowsOrLabels: number | ArrayLike<number>, options: SplitOptions): Split {
  const n = typeof rowsOrLabels === 'number' ? rowsOrLabels : rowsOrLabels.length;
  checkNumber('testFraction', options.testFraction, { min: 0, max: 1, exclusiveMin: true });
  if (options.testFraction >= 1) throw new ConfigError(`testFraction must be below 1, got ${options.testFraction}`);
  checkNumber('rows', n, { min: 2, integer: true });
  const nTest = Math.min(n - 1, Math.max(1, Math.round(n * options.testFraction)));
  const isTest = new Uint8Array(n);
  const stratify = typeof rowsOrLabels !== 'number' && options.stratify !== false;
  if (!stratify) {
    const order = options.rng.permutation(n);
    for (let i = 0; i < nTest; i++) isTest[order[i] as number] = 1;
  } else {
    const groups = groupByLabel(rowsOrLabels as ArrayLike<number>);
    const quotas = apportion(groups.map((g) => g.length), nTest);
    groups.forEach((rows, g) => {
      const order = options.rng.shuffle(Uint32Array.from(rows));
      for (let i = 0; i < (quotas[g] as number); i++) isTest[order[i] as number] = 1;
    });
  }
  return partition(isTest, nTest);
}

/** Row indices per distinct label, groups in ascending label order. */
function groupByLabel(labels: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isFinite(label)) throw new ConfigError(`trainTestSplit: label of row ${i} is ${label}, not a finite number`);
    let rows = groups.get(label);
    if (rows === undefined) groups.set(label, (rows = []));
    rows.push(i);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

/**
 * Splits `total` test rows among groups in proportion to their sizes (largest remainder, ties to the
 * earlier group), then moves rows so that no group of two or more is all-test or all-train while
 * another group can give or take one.
 */
export function apportion(sizes: readonly number[], total: number): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (s * total) / n);
  const quotas = exact.map(Math.floor);
  let left = total - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, g) => ({ g, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.g - b.g);
  for (const { g } of byRemainder) {
    if (left === 0) break;
    quotas[g] = (quotas[g] as number) + 1;
    left--;
  }
  // Keep every class of two or more rows present on both sides where possible.
  sizes.forEach((size, g) => {
    if (size < 2) return;
    if (quotas[g] === 0) {
      const donor = largestWhere(quotas, (q, h) => h !== g && q > 1);
      if (donor >= 0) {
        quotas[donor] = (quotas[donor] as number) - 1;
        quotas[g] = 1;
      }
    } else if (quotas[g] === size) {
      const taker = largestWhere(quotas, (q, h) => h !== g && q < (sizes[h] as number) - 1, sizes);
      if (taker >= 0) {
        quotas[taker] = (quotas[taker] as number) + 1;
        quotas[g] = size - 1;
      }
    }
  });
  return quotas;
}

/** Index of the group with the largest quota (or size, when given) among those passing `ok`, or −1. */
function largestWhere(quotas: number[], ok: (q: number, g: number) => boolean, sizes?: readonly number[]): number {
  let best = -1;
  quotas.forEach((q, g) => {
    if (!ok(q, g)) return;
    const key = sizes === undefined ? q : (sizes[g] as number);
    const bestKey = best < 0 ? -1 : sizes === undefined ? (quotas[best] as number) : (sizes[best] as number);
    if (key > bestKey) best = g;
  });
  return best;
}

function partition(isTest: Uint8Array, nTest: number): Split {
  const train = new Uint32Array(isTest.length - nTest);
  const test = new Uint32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < isTest.length; i++) {
    if (isTest[i] === 1) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/** The rows of `m` at `indices`, in that order, as a new matrix of the same dtype. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Matrix(indices.length, m.cols, allocArray(indices.length * m.cols, m.dtype));
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i] as number;
    if (!(r >= 0 && r < m.rows)) throw new RangeError(`takeRows: row ${r} is outside 0 … ${m.rows - 1}`);
    out.data.set(m.row(r), i * m.cols);
  }
  return out;
}
