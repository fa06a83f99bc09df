import type { Rng } from '../core/rng.js';

/**
 * Splits row indices 0…n−1 into (train, held-out) with about `fraction` held out, drawn by rng.
 * With `strata` (a class label per row) each class is split in the same proportion.
 */
export function splitIndices(n: number, fraction: number, rng: Rng, strata: ArrayLike<number> | null = null): { train: Uint32Array; held: Uint32Array } {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = strata === null ? 0 : (strata[i] as number);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = []));
    g.push(i);
  }
  const train: number[] = [];
  const held: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = rng.shuffle(groups.get(key) as number[]);
    // at least one row of each class stays in training
    const k = Math.min(g.length - 1, Math.round(g.length * fraction));
    held.push(...g.slice(0, k));
    train.push(...g.slice(k));
  }
  return { train: Uint32Array.from(train.sort((a, b) => a - b)), held: Uint32Array.from(held.sort((a, b) => a - b)) };
}

/** Copies the rows listed in `rows` (from `offset`, `count` of them) of a row-major table into `out`. */
export function gatherRows(
  src: ArrayLike<number>,
  cols: number,
  rows: ArrayLike<number>,
  offset: number,
  count: number,
  out: { [i: number]: number },
): void {
  for (let i = 0; i < count; i++) {
    const r = (rows[offset + i] as number) * cols;
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = src[r + j] as number;
  }
}
