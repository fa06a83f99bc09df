import { checkNumber } from '../../core/checks.js';
import { ConfigError } from '../../core/errors.js';

/** Which part of the data a row belongs to. */
export type RowPart = 'train' | 'validation' | 'test';

/** Options of `HashSplit`. */
export interface HashSplitOptions {
  /** Seed of the split: the same seed puts the same rows in each part. */
  readonly seed: number;
  /** Expected share of rows held out as the test set, in [0, 1). */
  readonly testFraction: number;
  /** Expected share of the remaining (non-test) rows held out for validation, in [0, 1). */
  readonly validationFraction?: number;
}

/**
 * Assigns rows to train, validation and test by a seeded hash of the row index, so a streamed
 * file gets the same held-out rows in every epoch and every run without any list of rows in memory.
 *
 *   u₁ = h(seed, i) / 2³²,  u₂ = h(seed ⊕ salt, i) / 2³²
 *   row i is test when u₁ < testFraction, else validation when u₂ < validationFraction, else train
 *
 * h is a 32-bit integer mix (the murmur3 finalizer over the index's two 32-bit halves and the seed),
 * so u₁ and u₂ behave as independent uniforms. The parts' sizes are binomial, not exact: with n rows
 * the test part holds n·testFraction ± √(n·p(1−p)) rows. Unlike `trainTestSplit` it is not
 * stratified by class.
 */
export class HashSplit {
  private readonly testKey: number;
  private readonly validationKey: number;
  /** testFraction·2³², compared with the integer hash (no division per row). */
  private readonly testBelow: number;
  private readonly validationBelow: number;

  constructor(readonly options: HashSplitOptions) {
    checkNumber('HashSplit: seed', options.seed, { integer: true, min: 0, max: 0xffffffff });
    checkNumber('HashSplit: testFraction', options.testFraction, { min: 0, max: 1 });
    if (options.testFraction >= 1) throw new ConfigError(`HashSplit: testFraction must be below 1, got ${options.testFraction}`);
    const validation = checkNumber('HashSplit: validationFraction', options.validationFraction ?? 0, { min: 0, max: 1 });
    if (validation >= 1) throw new ConfigError(`HashSplit: validationFraction must be below 1, got ${validation}`);
    this.testKey = mix32(options.seed ^ 0x7f4a7c15);
    this.validationKey = mix32(options.seed ^ 0x2545f491);
    this.testBelow = options.testFraction * 4294967296;
    this.validationBelow = validation * 4294967296;
  }

  /** The part of row `index` (0-based over all rows of the file, header excluded). */
  partOf(index: number): RowPart {
    if (hashIndex(this.testKey, index) < this.testBelow) return 'test';
    if (hashIndex(this.validationKey, index) < this.validationBelow) return 'validation';
    return 'train';
  }

  /** Whether row `index` is a test row (the rows the preprocessing must not see). */
  isTest(index: number): boolean {
    return hashIndex(this.testKey, index) < this.testBelow;
  }
}

/** h(key, i): mixes the low and high 32-bit halves of a row index (< 2⁵³) with a key. */
export function hashIndex(key: number, index: number): number {
  const lo = index >>> 0;
  const hi = Math.floor(index / 4294967296) >>> 0;
  return mix32(mix32(key ^ lo) ^ Math.imul(hi, 0x9e3779b1));
}

/** murmur3's 32-bit finalizer: every input bit affects every output bit. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
