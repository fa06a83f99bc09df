import { checkNumber } from '../core/checks.js';
import { ConfigError } from '../core/errors.js';
import type { Param } from '../nn/param.js';
import { flattenValues, unflattenValues } from '../optim/lbfgs.js';
import type { EpochLog, History } from './fit.js';
import { higherIsBetter } from './metrics.js';

export interface EarlyStoppingOptions {
  /** 'valCost' (default with validation data), 'cost', or a metric such as 'valAccuracy' */
  monitor?: string;
  /** epochs without improvement before stopping, default 10 */
  patience?: number;
  /** the least change that counts as an improvement, default 0 */
  minDelta?: number;
  /** put back the weights of the best epoch when stopping, default true */
  restoreBestWeights?: boolean;
}

/** The `earlyStopping` option with its defaults filled and checked, or null when it is off. */
export function earlyStoppingOf(spec: boolean | EarlyStoppingOptions | undefined, hasValidation: boolean): Required<EarlyStoppingOptions> | null {
  if (spec === undefined || spec === false) return null;
  const o = spec === true ? {} : spec;
  const monitor = o.monitor ?? (hasValidation ? 'valCost' : 'cost');
  if (monitor.startsWith('val') && !hasValidation) throw new ConfigError(`fit: early stopping monitors '${monitor}' but there is no validation data (set validationSplit or validationData)`);
  return {
    monitor,
    patience: checkNumber('earlyStopping: patience', o.patience ?? 10, { min: 1, integer: true }),
    minDelta: checkNumber('earlyStopping: minDelta', o.minDelta ?? 0, { min: 0 }),
    restoreBestWeights: o.restoreBestWeights ?? true,
  };
}

/** The value of `monitor` ('cost', 'valCost', a metric, or 'val' + a metric) in an epoch's log. */
export function monitored(log: EpochLog, monitor: string): number {
  if (monitor === 'cost') return log.cost;
  if (monitor === 'valCost') return log.valCost as number;
  if (monitor.startsWith('val')) {
    const key = monitor.slice(3, 4).toLowerCase() + monitor.slice(4);
    const v = log.valMetrics?.[key];
    if (v === undefined) throw new ConfigError(`earlyStopping: no validation metric '${key}' (have ${Object.keys(log.valMetrics ?? {}).join(', ')})`);
    return v;
  }
  const v = log.metrics[monitor];
  if (v === undefined) throw new ConfigError(`earlyStopping: no metric '${monitor}' (have cost, valCost, ${Object.keys(log.metrics).join(', ')})`);
  return v;
}

/**
 * Early stopping with the best epoch kept, shared by `fit` and `fitStream`. After every epoch
 * `epochEnded` compares the monitored value with the best so far; an improvement keeps a copy of the
 * weights (one flat copy of the parameters), and `patience` epochs in a row without one say stop.
 * `finish` then puts the best epoch's weights back.
 */
export class EarlyStopping {
  /** the 0-based epoch of the best monitored value so far, null before the first epoch */
  bestEpoch: number | null = null;
  /** sign·value of the best epoch (sign = −1 when higher is better, so that lower is always better here) */
  private bestValue = Infinity;
  /** epochs since the last improvement */
  private wait = 0;
  private readonly sign: 1 | -1;
  /** the best epoch's weights, when they are to be restored */
  private readonly best: Float64Array | null;

  constructor(
    private readonly params: readonly Param[],
    readonly options: Required<EarlyStoppingOptions>,
  ) {
    this.sign = higherIsBetter(options.monitor) ? -1 : 1;
    this.best = options.restoreBestWeights ? flattenValues(params) : null;
  }

  /** After epoch `epoch` (its log complete, validation included): true when patience has run out. */
  epochEnded(log: EpochLog, epoch: number): boolean {
    const value = this.sign * monitored(log, this.options.monitor);
    // improvement: sign·value < sign·best − minDelta
    if (value < this.bestValue - this.options.minDelta) {
      this.bestValue = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.best !== null) flattenValues(this.params, this.best);
      return false;
    }
    this.wait++;
    return this.wait >= this.options.patience;
  }

  /**
   * At the end of training: when it stopped early and the best weights were kept, puts them back
   * and records their epoch in `history.bestEpoch`.
   */
  finish(history: History): void {
    if (this.best === null || this.bestEpoch === null || history.stopReason !== 'early-stopping') return;
    unflattenValues(this.params, this.best);
    history.bestEpoch = this.bestEpoch;
  }
}
