import { ConfigError } from './errors.js';

/** Throws a ConfigError naming `name` unless value is a finite number within [min, max]. */
export function checkNumber(
  name: string,
  value: number,
  { min = -Infinity, max = Infinity, integer = false, exclusiveMin = false }: {
    min?: number;
    max?: number;
    integer?: boolean;
    exclusiveMin?: boolean;
  } = {},
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (exclusiveMin ? value > min : value >= min) &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const range = `${exclusiveMin ? '>' : '≥'} ${min}${max < Infinity ? ` and ≤ ${max}` : ''}`;
    throw new ConfigError(`${name} must be ${integer ? 'an integer' : 'a number'} ${range}, got ${String(value)}`);
  }
  return value;
}

/** Throws unless value is one of the allowed strings; the message lists them. */
export function checkOneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}; got '${value}'`);
  }
  return value as T;
}

/** Index of the first non-finite element, or −1. */
export function firstNonFinite(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i] as number)) return i;
  return -1;
}

/** Edit distance between two strings (insertions, deletions, substitutions, adjacent swaps). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The candidate closest to `name` (case-insensitive edit distance ≤ 3, or a prefix), or null. */
export function closestName(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const dist = cl.startsWith(lower) || lower.startsWith(cl) ? Math.min(1, editDistance(lower, cl)) : editDistance(lower, cl);
    if (dist < bestDistance) {
      bestDistance = dist;
      best = c;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** Throws a ConfigError for the first key of `options` not in `known`, suggesting the close name. */
export function checkKnownKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if ((known as readonly string[]).includes(key)) continue;
    const close = closestName(key, known);
    throw new ConfigError(`${owner}: unknown option '${key}'${close === null ? '' : ` (did you mean '${close}'?)`}; the options are ${known.join(', ')}`);
  }
}
