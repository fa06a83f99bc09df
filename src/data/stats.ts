/** Small statistics over the present (non-NaN) values of a column. */

/** Mean of the values that are not NaN, or NaN when there are none. */
export function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}

/**
 * Population standard deviation (divides by n, like scikit-learn's StandardScaler) of the values
 * that are not NaN, computed in two passes around `mean`.
 */
export function stdOf(values: ArrayLike<number>, mean: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) {
      const d = v - mean;
      sum += d * d;
      n++;
    }
  }
  return n === 0 ? Number.NaN : Math.sqrt(sum / n);
}

/** Median of the values that are not NaN (mean of the two middle ones for an even count), or NaN. */
export function medianOf(values: ArrayLike<number>): number {
  const present = Float64Array.from(values).filter((v) => !Number.isNaN(v)).sort();
  const n = present.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (present[mid] as number) : ((present[mid - 1] as number) + (present[mid] as number)) / 2;
}

/** Most frequent value that is not NaN (the smallest among ties, as scikit-learn does), or NaN. */
export function modeOf(values: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best = Number.NaN;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** Counts of each code 0 … k−1 (codes < 0, i.e. missing, are skipped). */
export function countCodes(codes: ArrayLike<number>, k: number): Uint32Array {
  const counts = new Uint32Array(k);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) counts[c] = (counts[c] as number) + 1;
  }
  return counts;
}

/** Code-unit order of strings (locale-independent, so an encoding never depends on the machine). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The q-quantile of ascending values, interpolating linearly between neighbours (numpy's default). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  // position h = (n − 1)·q; value = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋)
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}
