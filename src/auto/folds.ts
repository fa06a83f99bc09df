import type { Rng } from '../core/rng.js';
import { ConfigError } from '../core/errors.js';

/** One fold of k-fold cross-validation: rows to train on and rows to score, each ascending. */
export interface Fold {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/**
 * k-fold cross-validation: every row lands in exactly one test fold. Given class labels, the folds
 * are stratified: each class's rows are shuffled and dealt round-robin to the folds (continuing
 * where the previous class stopped), so every fold holds each class's share ±1 row.
 * @param rowsOrLabels the number of rows, or one class label per row
 */
export function kFolds(rowsOrLabels: number | ArrayLike<number>, k: number, rng: Rng): Fold[] {
  const n = typeof rowsOrLabels === 'number' ? rowsOrLabels : rowsOrLabels.length;
  if (!(Number.isInteger(k) && k >= 2)) throw new ConfigError(`folds must be an integer ≥ 2, got ${k}`);
  if (n < k) throw new ConfigError(`${k}-fold cross-validation needs at least ${k} rows, got ${n}`);
  const foldOf = new Int32Array(n);
  if (typeof rowsOrLabels === 'number') {
    const order = rng.permutation(n);
    for (let i = 0; i < n; i++) foldOf[order[i] as number] = i % k;
  } else {
    const groups = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const c = rowsOrLabels[i] as number;
      let g = groups.get(c);
      if (g === undefined) groups.set(c, (g = []));
      g.push(i);
    }
    let next = 0;
    for (const c of [...groups.keys()].sort((a, b) => a - b)) {
      const order = rng.shuffle(Uint32Array.from(groups.get(c) as number[]));
      for (const i of order) foldOf[i] = next++ % k;
    }
  }
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i);
    folds.push({ train: Uint32Array.from(train), test: Uint32Array.from(test) });
  }
  return folds;
}
