import type { ActivationName } from '../nn/activations.js';

/** The shape of a training table, from which the default settings are sized. */
export interface DataShape {
  readonly task: 'classification' | 'regression';
  /** training rows */
  readonly rows: number;
  /** encoded input width */
  readonly inputs: number;
  /** number of classes (classification), 0 for regression */
  readonly classes: number;
}

/**
 * Everything that decides how a network is trained on a table: the recipe that `trainNetwork`
 * runs and that `mlpkit train` prints. The defaults come from `defaultSettings`.
 */
export interface TrainSettings {
  /** hidden layer widths; empty for a linear (or logistic) model */
  readonly layers: readonly number[];
  readonly activation: ActivationName;
  /** dropout rate after every hidden layer */
  readonly dropout: number;
  /** AdamW's base learning rate η₀ */
  readonly lr: number;
  /** AdamW's decoupled weight decay λ (θ ← θ − η·λ·θ each step) */
  readonly weightDecay: number;
  /** AdamW's β₂ */
  readonly beta2: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** 'cosine': η falls from η₀ to 0 over the run (after a short warm-up); 'constant': η₀ throughout */
  readonly schedule: 'cosine' | 'constant';
  /** classification only: ε of label-smoothed cross-entropy */
  readonly labelSmoothing: number;
  /** share of the rows held out to pick the epoch to keep (0: keep the last epoch, no hold-out) */
  readonly validationFraction: number;
  /**
   * After the epoch is picked on the hold-out: 'keep' that model (trained on the other rows);
   * 'refit' train again on every row for the picked number of epochs.
   */
  readonly finish: 'keep' | 'refit';
  /**
   * Networks trained (seeds s, s + 1, …, each with its own hold-out rows and picked epoch) and
   * merged into one network that outputs their average (src/auto/ensemble.ts); 1: a single network.
   */
  readonly ensemble: number;
}

/**
 * The defaults of `mlpkit train` and of `trainTable`, chosen by cross-validation inside the
 * development tables' training files (bench/quality/, docs/quality.md). The same rule for every
 * table; only the sizes follow its shape:
 * - two hidden layers of 128 (SELU for classes, ReLU for regression), dropout 0.15;
 * - batch size grows with the rows (rows/64, 16 … 256), about 64 steps per epoch;
 * - 128 epochs, fewer above 3,125 rows (⌈400,000/rows⌉, at least 24);
 * - AdamW (lr 0.005, decoupled weight decay 0.2), a cosine schedule, label smoothing 0.1 for
 *   classes; the epoch with the lowest hold-out cost picked, then a refit on every row.
 */
export function defaultSettings(shape: DataShape): TrainSettings {
  const rows = Math.max(1, shape.rows);
  // about 64 steps per epoch: rows/64, 16 … 256
  const batchSize = clampInt(Math.round(rows / 64), 16, 256);
  return {
    layers: [128, 128],
    activation: shape.task === 'classification' ? 'selu' : 'relu',
    dropout: 0.15,
    lr: 5e-3,
    weightDecay: 0.2,
    beta2: 0.999,
    // 128 epochs, fewer for large tables (at most ~400,000 row passes, at least 24 epochs)
    epochs: Math.min(128, Math.max(24, Math.ceil(400_000 / rows))),
    batchSize,
    schedule: 'cosine',
    labelSmoothing: shape.task === 'classification' ? 0.1 : 0,
    validationFraction: 0.2,
    finish: 'refit',
    ensemble: 1,
  };
}

/** A linear model (logistic regression for classes) trained by the same engine: the baseline. */
export function linearSettings(shape: DataShape): TrainSettings {
  return {
    ...defaultSettings(shape),
    layers: [],
    dropout: 0,
    lr: 1e-2,
    weightDecay: 0,
    beta2: 0.999,
    labelSmoothing: 0,
  };
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(v)));
}
