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
