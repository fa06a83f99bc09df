import { Rng } from '../index.js';
import { defaultSettings, type DataShape } from '../auto/settings.js';

/** One point of the search space: what `tune` varies (everything else is train's default). */
export interface Candidate {
  readonly id: number;
  readonly layers: readonly number[];
  readonly lr: number;
  readonly weightDecay: number;
  readonly dropout: number;
  readonly batchSize: number;
  readonly epochs: number;
}

const DEPTHS = [1, 2, 3];
const WIDTHS = [64, 128, 256];
const LRS = [1e-3, 2e-3, 5e-3, 1e-2, 2e-2];
const DECAYS = [0, 0.01, 0.05, 0.2];
const DROPOUTS = [0, 0.1, 0.2, 0.3];

/**
 * Candidate 0 is train's default for the table's shape; the others are drawn from the space with
 * `rng`. `epochs` replaces the default epoch count (the others draw half of it or all of it).
 */
export function drawCandidate(id: number, shape: DataShape, rng: Rng, epochs?: number): Candidate {
  const d = { ...defaultSettings(shape), ...(epochs === undefined ? {} : { epochs }) };
  if (id === 0) return { id, layers: d.layers, lr: d.lr, weightDecay: d.weightDecay, dropout: d.dropout, batchSize: d.batchSize, epochs: d.epochs };
  const pick = <T>(a: readonly T[]): T => a[rng.int(a.length)] as T;
  const depth = pick(DEPTHS);
  const width = pick(WIDTHS);
  return {
    id,
    layers: Array.from({ length: depth }, () => width),
    lr: pick(LRS),
    weightDecay: pick(DECAYS),
    dropout: pick(DROPOUTS),
    batchSize: Math.max(16, Math.round(d.batchSize * pick([0.5, 1, 2]))),
    epochs: Math.max(1, Math.round(d.epochs * pick([0.5, 1]))),
  };
}

/** How many folds each rung of successive halving scores a candidate on: 1, then ⌈k/2⌉, then k. */
export function rungFolds(k: number): number[] {
  return [...new Set([1, Math.ceil(k / 2), k])].sort((a, b) => a - b);
}

/** `mlpkit train` options that reproduce a candidate. */
export function candidateArgs(c: Candidate): string[] {
  return [
    '--layers', c.layers.length === 0 ? 'none' : c.layers.join(','),
    '--lr', String(c.lr),
    '--weight-decay', String(c.weightDecay),
    '--dropout', String(c.dropout),
    '--batch-size', String(c.batchSize),
    '--epochs', String(c.epochs),
  ];
}

/** A candidate's line: "128,128  lr 0.005  wd 0.02  dropout 0.15  batch 64  epochs 128". */
export function describeCandidate(c: Candidate): string {
  return `${c.layers.join(',') || 'none'}  lr ${c.lr}  wd ${c.weightDecay}  dropout ${c.dropout}  batch ${c.batchSize}  epochs ${c.epochs}`;
}
